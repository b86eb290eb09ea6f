/**
 * Kaspersky Endpoint Security for Linux: `kesl-control --app-info` prints `Key: value` lines,
 * e.g. `Last release date of databases: 2018-08-23 04:11:00` and `Anti-virus databases
 * loaded: Yes` (KESL 10); KESL 11+ says "application databases". The command only answers
 * while the service runs, so an answer with databases loaded means protection is on.
 */
import type { AntivirusProduct } from '../../../schema/index.js';
import { outputText } from '../../exec/recorded.js';
import { ageInDays, parseDate } from '../../posture/dates.js';
import { LINUX_KEYS } from '../steps.js';
import { keyValues, vendorById } from './types.js';
import type { LinuxAvReader } from './types.js';

const find = (kv: Map<string, string>, pattern: RegExp): string | undefined => [...kv].find(([k]) => pattern.test(k))?.[1];

const yesNo = (value: string | undefined): boolean | null => {
  if (!value) return null;
  if (/^(yes|running|started|enabled|on)\b/i.test(value)) return true;
  if (/^(no|stopped|not running|disabled|off)\b/i.test(value)) return false;
  return null;
};

export function parseKeslAppInfo(text: string) {
  const kv = keyValues(text);
  return {
    name: kv.get('name') ?? '',
    version: kv.get('version') ?? '',
    databasesReleased: parseDate(find(kv, /release date of .*databases/) ?? ''),
    databasesLoaded: yesNo(find(kv, /databases loaded/)),
    fileThreatProtection: yesNo(find(kv, /file threat protection|real-time protection|on-access/)),
  };
}

export const keslReader: LinuxAvReader = {
  vendorId: 'kaspersky',
  read(ctx): AntivirusProduct | null {
    const out = ctx.outputs.get(LINUX_KEYS.kesl);
    if (!out || out.absent) return null;
    const vendor = vendorById(ctx.catalogue, 'kaspersky');
    const text = outputText(ctx.outputs, LINUX_KEYS.kesl) ?? '';
    const info = parseKeslAppInfo(text);
    const answered = out.exitCode === 0 && !out.timedOut;
    const age = ageInDays(info.databasesReleased, ctx.now);
    return {
      name: [info.name || 'Kaspersky Endpoint Security for Linux', info.version].filter(Boolean).join(' '),
      vendor: vendor.vendor,
      enabled: answered ? info.databasesLoaded : false,
      realTime: answered ? info.fileThreatProtection : false,
      upToDate: age === null ? null : age <= ctx.catalogue.signatureMaxAgeDays,
      signatureAgeDays: age,
      passive: false,
      stale: false,
      source: answered
        ? `kesl-control --app-info: databases ${info.databasesLoaded ? 'loaded' : 'not loaded'}${info.databasesReleased ? `, released ${info.databasesReleased.toISOString()}` : ''}`
        : `kesl-control --app-info failed (${out.timedOut ? 'no answer in time' : out.stderr.trim() || `exit code ${out.exitCode}`}): the Kaspersky service is not running`,
    };
  },
};
