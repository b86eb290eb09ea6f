/** Facts about where a host sits (org and enrollment) and how old its report is. */
import { ProbeRole } from '../../schema/sections/probes.js';
import type { Bilingual } from '../../schema/index.js';
import { defineFacts, DEVICE_KIND_VALUES } from './types.js';
import type { Fact } from './types.js';

/** Probe roles the org file uses; each gets a `targets.<role>.count` fact. */
export const PROBE_ROLES = ProbeRole.options;

/** How evidence names each role. */
export const ROLE_LABEL: Record<(typeof PROBE_ROLES)[number], Bilingual> = {
  gateway: { vi: 'cổng mạng (gateway)', en: 'gateway' },
  lan_server: { vi: 'máy chủ LAN', en: 'LAN server' },
  wan_endpoint: { vi: 'điểm kết nối WAN', en: 'WAN endpoint' },
  wan_dns: { vi: 'máy chủ DNS qua WAN', en: 'WAN DNS' },
  must_not_answer: { vi: 'mục tiêu Internet không được phép trả lời', en: 'must-not-answer (Internet)' },
};

const HOUR_MS = 3_600_000;

const targetCounts: Fact[] = PROBE_ROLES.map((role) => ({
  name: `targets.${role}.count`,
  type: 'number',
  label: { vi: `số mục tiêu ${ROLE_LABEL[role].vi} trong tệp tổ chức`, en: `${ROLE_LABEL[role].en} targets in the org file` },
  section: 'host',
  fromPlace: true,
  description: `How many \`${role}\` probe targets the host's unit and room give its agent (from the org file).`,
  resolve: (ctx) => ctx.place.targets.filter((t) => t.role === role).length,
}));

export const hostFacts = defineFacts([
  {
    name: 'host.device_kind',
    type: 'string',
    label: { vi: 'loại thiết bị', en: 'device kind' },
    values: DEVICE_KIND_VALUES,
    section: 'host',
    fromPlace: true,
    description: 'What the host enrolled as: `workstation`, `laptop` or `server`.',
    resolve: (ctx) => ctx.place.deviceKind,
  },
  {
    name: 'unit.level',
    type: 'string',
    label: { vi: 'cấp của đơn vị', en: 'unit level' },
    values: { supreme: { vi: 'tối cao', en: 'supreme' }, city: { vi: 'thành phố, tỉnh', en: 'city' }, regional: { vi: 'khu vực', en: 'regional' } },
    section: 'host',
    fromPlace: true,
    description: 'Level of the host\'s unit: `supreme`, `city` or `regional`.',
    resolve: (ctx) => ctx.place.level,
  },
  {
    name: 'room.needs',
    type: 'list',
    label: { vi: 'nhu cầu của phòng', en: 'room needs' },
    values: { signing_token: { vi: 'ký số', en: 'digital signing' } },
    section: 'host',
    fromPlace: true,
    description: 'What the host\'s room declares it needs in the org file (e.g. `signing_token`).',
    resolve: (ctx) => ctx.place.roomNeeds,
  },
  ...targetCounts,
  {
    name: 'report.age_hours',
    type: 'number',
    label: { vi: 'tuổi của báo cáo', en: 'report age' },
    unit: 'hours',
    section: 'host',
    description:
      "Hours between the moment the agent collected its latest report (on the collector's clock: corrected by the machine's clock skew, never after its receipt) and the evaluation.",
    resolve: (ctx) => {
      if (!ctx.report) return undefined;
      const at = ctx.receipt?.reportAtMs ?? Date.parse(ctx.report.collectedAt);
      return Math.max(0, Math.round((ctx.now.getTime() - at) / HOUR_MS));
    },
  },
]);
