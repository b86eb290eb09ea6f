/**
 * Office licences from `cscript ospp.vbs /dstatus`, the fallback the posture script uses
 * only when neither SPP nor OSPP listed an Office licence over WMI. Each licence is a block
 * of `KEY: value` lines; its status is a token such as `---LICENSED---`.
 */
import type { LicenseEntry } from '../../schema/index.js';
import { channelOf } from '../posture/licence-verdict.js';
import type { LicenceFacts } from '../posture/licence-verdict.js';

/** ospp.vbs status tokens and the LicenseStatus code each stands for. */
export const OSPP_STATUS_TOKENS: Record<string, { status: LicenseEntry['status']; code: number }> = {
  '---UNLICENSED---': { status: 'unlicensed', code: 0 },
  '---LICENSED---': { status: 'licensed', code: 1 },
  '---OOB_GRACE---': { status: 'grace', code: 2 },
  '---OOT_GRACE---': { status: 'grace', code: 3 },
  '---NONGENUINE_GRACE---': { status: 'grace', code: 4 },
  '---NOTIFICATIONS---': { status: 'notification', code: 5 },
  '---EXTENDED_GRACE---': { status: 'grace', code: 6 },
};

/** @example osppStatus('---OOB_GRACE---') // {status: 'grace', code: 2} */
export function osppStatus(token: string): { status: LicenseEntry['status']; code: number | null } {
  return OSPP_STATUS_TOKENS[token.trim().toUpperCase()] ?? { status: 'unknown', code: null };
}

const hostOf = (value: string | undefined): string | null => {
  const v = (value ?? '').trim();
  return v && !/^(none|not found)/i.test(v) ? v : null;
};

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
      source: 'ospp.vbs /dstatus',
    });
  }
  return entries;
}
