/**
 * Microsoft Defender for Endpoint on Linux: `mdatp health --output json`. Values are wrapped
 * (`realTimeProtectionEnabled: {value: true}`), dates are epoch milliseconds as strings, and
 * `passiveModeEnabled` marks Defender standing beside another product: passive, not failed.
 */
import { z } from 'zod';
import type { AntivirusProduct } from '../../../schema/index.js';
import { outputText } from '../../exec/recorded.js';
import { ageInDays, parseDate } from '../../posture/dates.js';
import { LINUX_KEYS } from '../steps.js';
import { vendorById } from './types.js';
import type { LinuxAvReader } from './types.js';

const wrapped = z.preprocess((v) => (v && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v), z.unknown());
const bool = wrapped.transform((v) => (typeof v === 'boolean' ? v : null));

export const MdatpHealth = z.object({
  appVersion: z.string().optional(),
  healthy: bool,
  licensed: bool,
  realTimeProtectionEnabled: bool,
  passiveModeEnabled: bool,
  definitionsStatus: z.object({ $type: z.string() }).partial().optional(),
  definitionsUpdated: z.union([z.string(), z.number()]).optional(),
});

export const mdatpReader: LinuxAvReader = {
  vendorId: 'microsoft-defender',
  read(ctx): AntivirusProduct | null {
    const out = ctx.outputs.get(LINUX_KEYS.mdatp);
    if (!out || out.absent) return null;
    const vendor = vendorById(ctx.catalogue, 'microsoft-defender');
    let health: z.infer<typeof MdatpHealth> | null = null;
    try {
      const parsed = MdatpHealth.safeParse(JSON.parse(outputText(ctx.outputs, LINUX_KEYS.mdatp) ?? ''));
      health = parsed.success ? parsed.data : null;
    } catch {
      health = null;
    }
    if (!health) {
      return {
        name: 'Microsoft Defender for Endpoint', vendor: vendor.vendor, enabled: false, realTime: null, upToDate: null, signatureAgeDays: null, passive: false, stale: false,
        source: `mdatp health gave no status (${out.stderr.trim() || `exit code ${out.exitCode}`}): the mdatp service is not running or not onboarded`,
      };
    }
    const type = health.definitionsStatus?.$type;
    return {
      name: `Microsoft Defender for Endpoint${health.appVersion ? ` ${health.appVersion}` : ''}`,
      vendor: vendor.vendor,
      enabled: health.healthy === null ? null : health.healthy && health.licensed !== false,
      realTime: health.realTimeProtectionEnabled,
      upToDate: type ? type === 'upToDate' : null,
      signatureAgeDays: ageInDays(parseDate(health.definitionsUpdated ?? null), ctx.now),
      passive: health.passiveModeEnabled === true,
      stale: false,
      source: `mdatp health: healthy ${health.healthy}, licensed ${health.licensed}, definitions ${type ?? 'unknown'}, passive mode ${health.passiveModeEnabled}`,
    };
  },
};
