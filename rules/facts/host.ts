/** Facts about where a host sits (org and enrollment) and how old its report is. */
import { ProbeRole } from '../../schema/sections/probes.js';
import { defineFacts } from './types.js';
import type { Fact } from './types.js';

/** Probe roles the org file uses; each gets a `targets.<role>.count` fact. */
export const PROBE_ROLES = ProbeRole.options;

/** How evidence names each role. */
export const ROLE_LABEL: Record<(typeof PROBE_ROLES)[number], string> = {
  gateway: 'gateway',
  lan_server: 'LAN server',
  wan_endpoint: 'WAN endpoint',
  wan_dns: 'WAN DNS',
  must_not_answer: 'must-not-answer (Internet)',
};

const HOUR_MS = 3_600_000;

const targetCounts: Fact[] = PROBE_ROLES.map((role) => ({
  name: `targets.${role}.count`,
  type: 'number',
  label: `${ROLE_LABEL[role]} targets in the org file`,
  section: 'host',
  fromPlace: true,
  description: `How many \`${role}\` probe targets the host's unit and room give its agent (from the org file).`,
  resolve: (ctx) => ctx.place.targets.filter((t) => t.role === role).length,
}));

export const hostFacts = defineFacts([
  {
    name: 'host.device_kind',
    type: 'string',
    label: 'device kind',
    section: 'host',
    fromPlace: true,
    description: 'What the host enrolled as: `workstation`, `laptop` or `server`.',
    resolve: (ctx) => ctx.place.deviceKind,
  },
  {
    name: 'unit.level',
    type: 'string',
    label: 'unit level',
    section: 'host',
    fromPlace: true,
    description: 'Level of the host\'s unit: `supreme`, `city` or `regional`.',
    resolve: (ctx) => ctx.place.level,
  },
  {
    name: 'room.needs',
    type: 'list',
    label: 'room needs',
    section: 'host',
    fromPlace: true,
    description: 'What the host\'s room declares it needs in the org file (e.g. `signing_token`).',
    resolve: (ctx) => ctx.place.roomNeeds,
  },
  ...targetCounts,
  {
    name: 'report.age_hours',
    type: 'number',
    label: 'report age',
    unit: 'hours',
    section: 'host',
    description:
      "Hours between the moment the agent collected its latest report (on the collector's clock: corrected by the machine's clock skew, never after its receipt) and the evaluation.",
    resolve: (ctx) => {
      if (!ctx.report) return undefined;
      const at = ctx.receipt?.reportAtMs ?? Date.parse(ctx.report.collectedAt);
      return Math.max(0, Math.round((ctx.now.getTime() - at) / HOUR_MS));
    },
    missing: 'no report yet',
  },
]);
