/** Security posture facts for the pre-use scan. */
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';

const DAY_MS = 86_400_000;
const security = (ctx: FactContext) => ctx.report?.security;

export const securityFacts = defineFacts([
  {
    name: 'security.firewall_enabled',
    type: 'boolean',
    label: { vi: 'tường lửa được bật', en: 'firewall on' },
    section: 'security',
    description: 'True when every firewall profile is on; false when one is off or no firewall was found; missing when a profile state is unknown.',
    resolve: (ctx) => {
      const profiles = security(ctx)?.firewall;
      if (!profiles) return undefined;
      if (!profiles.length || profiles.some((p) => p.enabled === false)) return false;
      return profiles.every((p) => p.enabled === true) ? true : undefined;
    },
    note: (ctx) => {
      const profiles = security(ctx)?.firewall;
      if (!profiles) return undefined;
      if (!profiles.length) return [{ code: 'no_firewall' }];
      const named = (enabled: boolean | null) => profiles.filter((p) => p.enabled === enabled).map((p) => p.profile);
      const off = named(false);
      const unknown = named(null);
      return off.length || unknown.length ? [{ code: 'firewall', off, unknown }] : undefined;
    },
  },
  {
    name: 'security.remote_access_tools',
    type: 'list',
    label: { vi: 'phần mềm điều khiển từ xa', en: 'remote-access tools' },
    section: 'security',
    description: 'Remote-access tools (UltraViewer, TeamViewer, AnyDesk...) installed or running.',
    resolve: (ctx) => security(ctx)?.remoteAccessTools.filter((t) => t.installed || t.running).map((t) => t.name),
    note: (ctx) => {
      const running = security(ctx)?.remoteAccessTools.filter((t) => t.running).map((t) => t.name);
      return running?.length ? [{ code: 'running', names: running }] : undefined;
    },
  },
  {
    name: 'security.signing_token_count',
    type: 'number',
    label: { vi: 'số USB ký số đang cắm vào máy', en: 'signing tokens plugged in' },
    section: 'security',
    description: 'USB signing tokens (e.g. from Cục 2) seen on the host.',
    resolve: (ctx) => security(ctx)?.signingTokens.length,
  },
  {
    name: 'security.os_supported',
    type: 'boolean',
    label: { vi: 'hệ điều hành còn được hỗ trợ cập nhật bảo mật', en: 'OS still supported' },
    section: 'security',
    description: 'Whether the OS release still gets security updates from its vendor.',
    resolve: (ctx) => security(ctx)?.osSupport.supported ?? undefined,
    note: (ctx) => {
      const end = security(ctx)?.osSupport.endOfSupport;
      return end ? [{ code: 'end_of_support', day: end }] : undefined;
    },
  },
  {
    name: 'security.days_since_update',
    type: 'number',
    label: { vi: 'số ngày từ lần cập nhật hệ điều hành gần nhất', en: 'days since the last OS update' },
    unit: 'days',
    section: 'security',
    description: 'Days since the last OS update was installed.',
    resolve: (ctx) => {
      const at = security(ctx)?.lastUpdateInstalledAt;
      const t = at ? Date.parse(at) : NaN;
      return Number.isNaN(t) ? undefined : Math.max(0, Math.floor((ctx.now.getTime() - t) / DAY_MS));
    },
  },
  {
    name: 'security.unencrypted_volumes',
    type: 'list',
    label: { vi: 'ổ đĩa chưa được mã hóa', en: 'unencrypted volumes' },
    section: 'security',
    description: 'Volumes reported as not encrypted.',
    resolve: (ctx) => security(ctx)?.diskEncryption.filter((v) => v.encrypted === false).map((v) => v.volume),
  },
]);
