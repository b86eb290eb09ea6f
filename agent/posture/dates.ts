/**
 * Dates as the tools print them. Windows alone has four forms: ISO from our script, WMI's
 * `20250311015218.000000+000`, PowerShell 5.1's `/Date(1741657938000)/`, and hotfix
 * `InstalledOn` as `3/11/2025` or a hex FILETIME. Unreadable dates are null, never guessed.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const valid = (d: Date): Date | null => (Number.isNaN(d.getTime()) ? null : d);

/** A UTC date from its fields, or null when a field is out of range (13/45/2026 is no date). */
function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0): Date | null {
  const d = new Date(Date.UTC(year, month - 1, day, h, m, s));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && h < 24 && m < 60 && s < 60 ? d : null;
}

const monthIndex = (name: string): number => MONTHS.indexOf(name.slice(0, 3).toLowerCase());

/** FILETIME: 100 ns ticks since 1601-01-01. */
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000;

/**
 * @example parseDate('20250311015218.000000+000') // 2025-03-11T01:52:18.000Z
 * @example parseDate('/Date(1741657938000)/')     // 2025-03-11T01:52:18.000Z
 */
export function parseDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value > 0 ? valid(new Date(value)) : null;
  const s = String(value).trim();
  if (!s) return null;

  let m = /^\/?Date\((-?\d+)\)\/?$/.exec(s);
  if (m) return valid(new Date(Number(m[1])));

  // WMI CIM_DATETIME: yyyymmddHHMMSS.mmmmmm+UUU (offset in minutes).
  m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.\d{6}([+-])(\d{3})$/.exec(s);
  if (m) {
    if (m[1] === '1601') return null; // WMI's "never"
    const local = utc(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    return local && new Date(local.getTime() - (m[7] === '-' ? -1 : 1) * Number(m[8]) * 60_000);
  }

  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) {
    const iso = s.replace(' ', 'T');
    return valid(new Date(/T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso + 'Z' : iso));
  }

  // Registry InstallDate and ESET module dates: yyyymmdd.
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return utc(+m[1]!, +m[2]!, +m[3]!);

  // Epoch milliseconds as a string (mdatp's definitionsUpdated).
  if (/^\d{12,14}$/.test(s)) return valid(new Date(Number(s)));

  // Win32_QuickFixEngineering.InstalledOn: always M/D/YYYY, whatever the machine's locale.
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return utc(+m[3]!, +m[1]!, +m[2]!);

  // Old hotfix entries carry a FILETIME in hex.
  if (/^[0-9a-f]{15,16}$/i.test(s)) {
    const ms = Number(BigInt(`0x${s}`) / 10_000n) - FILETIME_EPOCH_OFFSET_MS;
    return ms > 0 ? valid(new Date(ms)) : null;
  }

  // ClamAV: "Mon Jun 29 03:27:20 2026" (ctime); sigtool: "10 Mar 2008 10:45 +0000".
  m = /^(?:\w{3}\s+)?(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(s);
  if (m && monthIndex(m[1]!) >= 0) return utc(+m[6]!, monthIndex(m[1]!) + 1, +m[2]!, +m[3]!, +m[4]!, +m[5]!);
  m = /^(\d{1,2})\s+(\w{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*([+-])(\d{2})(\d{2})$/.exec(s);
  if (m && monthIndex(m[2]!) >= 0) {
    const local = utc(+m[3]!, monthIndex(m[2]!) + 1, +m[1]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
    return local && new Date(local.getTime() - (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000);
  }
  return null;
}

/** Whole days from `then` to `now`, never negative (clocks disagree by minutes). */
export function ageInDays(then: Date | null, now: Date): number | null {
  if (!then) return null;
  return Math.max(0, Math.floor((now.getTime() - then.getTime()) / 86_400_000));
}

/** `YYYY-MM-DD` of a date, in UTC. */
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
