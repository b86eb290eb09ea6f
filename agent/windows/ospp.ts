/**
 * Office licences from `cscript ospp.vbs /dstatus`, the fallback the posture script uses
 * only when neither SPP nor OSPP listed an Office licence over WMI. Each licence is a block
 * of `KEY: value` lines; its status is a token such as `---LICENSED---`.
 */
import type { LicenseEntry } from '../../schema/index.js';
import { channelOf } from '../../rules/licence-verdict.js';
import type { LicenceFacts } from '../../rules/licence-verdict.js';

/**
 * ospp.vbs status tokens (its `MSG_*` constants: `---NON_GENUINE_GRACE---`, `---EXTENDED
 * GRACE---` with a space...) and the LicenseStatus code each stands for, keyed by the token's
 * letters alone: published outputs differ in underscores, spaces and case ("---OOB_ GRACE---").
 */
export const OSPP_STATUS_TOKENS: Record<string, { status: LicenseEntry['status']; code: number }> = {
  UNLICENSED: { status: 'unlicensed', code: 0 },
  LICENSED: { status: 'licensed', code: 1 },
  OOBGRACE: { status: 'grace', code: 2 },
  OOTGRACE: { status: 'grace', code: 3 },
  NONGENUINEGRACE: { status: 'grace', code: 4 },
  NOTIFICATIONS: { status: 'notification', code: 5 },
  EXTENDEDGRACE: { status: 'grace', code: 6 },
};

/** `---NON_GENUINE_GRACE---`, `--- Extended Grace ---` and `NONGENUINE_GRACE` all give `NONGENUINEGRACE`. */
const tokenKey = (token: string) => token.toUpperCase().replace(/[^A-Z]/g, '');

/** @example osppStatus('---EXTENDED GRACE---') // {status: 'grace', code: 6} */
export function osppStatus(token: string): { status: LicenseEntry['status']; code: number | null } {
  return OSPP_STATUS_TOKENS[tokenKey(token)] ?? { status: 'unknown', code: null };
}

const hostOf = (value: string | undefined): string | null => {
  const v = (value ?? '').trim();
  return v && !/^(none|not found)/i.test(v) ? v : null;
};

/** `REMAINING GRACE: 179 days  (258751 minute(s) before expiring)`: the minutes are exact. */
function graceDays(value: string | undefined): number | null {
  const minutes = /(\d+)\s*minute/i.exec(value ?? '');
  if (minutes) return Math.floor(Number(minutes[1]) / 1440);
  const days = /^(\d+)\s*day/i.exec((value ?? '').trim());
  return days ? Number(days[1]) : null;
}

/** Every licence block in ospp.vbs /dstatus output that names a licence. */
export function parseOsppDstatus(text: string): LicenceFacts[] {
  const entries: LicenceFacts[] = [];
  for (const block of text.split(/^-{5,}.*$/m)) {
    const fields: Record<string, string> = {};
    for (const line of block.split(/\r?\n/)) {
      const m = /^([A-Z][A-Za-z0-9 ()]+?):\s*(.*)$/.exec(line.trim());
      if (m) fields[m[1]!.toUpperCase()] = m[2]!.trim();
    }
    const name = fields['LICENSE NAME'];
    if (!name) continue;
    const description = fields['LICENSE DESCRIPTION'] ?? '';
    const { status, code } = osppStatus(fields['LICENSE STATUS'] ?? '');
    const channel = channelOf(description, name);
    entries.push({
      product: name,
      status,
      statusCode: code,
      channel,
      description,
      partialProductKey: fields['LAST 5 CHARACTERS OF INSTALLED PRODUCT KEY'] ?? '',
      kmsHost: channel === 'volume_kms' ? hostOf(fields['KMS MACHINE REGISTRY OVERRIDE DEFINED']) ?? hostOf(fields['KMS MACHINE NAME FROM DNS']) : null,
      graceRemainingDays: graceDays(fields['REMAINING GRACE']),
      source: 'ospp.vbs /dstatus',
    });
  }
  return entries;
}
