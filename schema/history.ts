/**
 * What the rule engine keeps between evaluations: the short per-host trail of probe-rule
 * outcomes (hysteresis), and the compact daily history that answers `asOf` for past days.
 * One history day is two files: `<day>.json` (rules, org structure, per unit/room figures)
 * and `<day>.hosts.json.gz` (per host one status letter per rule).
 */
import { z } from 'zod';
import { Day, Timestamp } from './common.js';
import { HostRuleStatus, ImportOrigin, RuleInfo } from './evaluation.js';
import { UnitLevel } from './org.js';
import { RemoteGroup } from './rollup.js';

/** One letter per status, in history rows and trails. */
export const STATUS_LETTER = { pass: 'p', fail: 'f', unknown: 'u', not_applicable: 'n', exempted: 'e' } as const;
export const LETTER_STATUS: Record<string, HostRuleStatus> = { p: 'pass', f: 'fail', u: 'unknown', n: 'not_applicable', e: 'exempted' };

/** Per host: the latest raw outcomes of each probe-based rule and the status they settled on. */
export const RuleTrail = z.object({
  /** The report the trail was last advanced with; a trail for an older report is not used. */
  reportId: z.string(),
  rules: z.record(
    z.string(),
    z.object({
      stable: HostRuleStatus,
      /** Latest raw outcomes, oldest first, one letter each (at most the hysteresis N). */
      recent: z.string().regex(/^[pfun]{0,10}$/),
    }),
  ),
});
export type RuleTrail = z.infer<typeof RuleTrail>;

/** Per rule, one letter: what an expected machine with no agent counted as (unknown or not applicable). */
const MissingLetters = z.string().regex(/^[pfune]*$/);

export const HistoryRoom = z.object({
  id: z.string(),
  name: z.string(),
  expected: z.number().int().nonnegative(),
  missing: MissingLetters,
});

export const HistoryUnit = z.object({
  id: z.string(),
  name: z.string(),
  level: UnitLevel,
  parentId: z.string().nullable(),
  responsible: z.string().nullable(),
  /** Machines expected outside any room. */
  expected: z.number().int().nonnegative(),
  missing: MissingLetters,
  rooms: z.array(HistoryRoom),
});
export type HistoryUnit = z.infer<typeof HistoryUnit>;

/**
 * `[expected, reporting, passing, failing, unknown, notApplicable, missing, completedOn, exempted?]`;
 * `exempted` is absent in days recorded before exceptions existed (read as 0).
 */
export const Figure = z.tuple([
  z.number().int(),
  z.number().int(),
  z.number().int(),
  z.number().int(),
  z.number().int(),
  z.number().int(),
  z.number().int(),
  Day.nullable(),
  z.number().int().optional(),
]);
export type Figure = z.infer<typeof Figure>;

export const HistoryDay = z.object({
  format: z.literal(1),
  /** The audit chain's head when the day was recorded: an anchor outside the log (docs/access.md). */
  audit: z.object({ seq: z.number().int().nonnegative(), head: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  day: Day,
  writtenAt: Timestamp,
  rules: z.array(RuleInfo),
  units: z.array(HistoryUnit),
  /** Keyed `u:<unit>` (rolled up) and `r:<unit>/<room>`; one figure per rule, in `rules` order. */
  figures: z.record(z.string(), z.array(Figure)),
  /**
   * At a parent: the children's units as placed that day (docs/rollup.md), their figures as
   * counted (a stale child's as unknown). Their `u:`/`r:` figures are in `figures`, and the
   * parent's own units' figures there include them. Absent: no child.
   */
  remote: z.array(RemoteGroup).optional(),
});
export type HistoryDay = z.infer<typeof HistoryDay>;

/** `[agentId, hostname, unitId, roomId, deviceKind, lastSeen, stale (0|1), statuses, origin?]`; origin only for an imported report. */
const HostRowFields = [
  z.string(),
  z.string(),
  z.string(),
  z.string().nullable(),
  z.string(),
  Timestamp.nullable(),
  z.union([z.literal(0), z.literal(1)]),
  z.string().regex(/^[pfune]*$/),
] as const;
export const HostRow = z.union([z.tuple(HostRowFields), z.tuple([...HostRowFields, ImportOrigin])]);
export type HostRow = z.infer<typeof HostRow>;

/** `[deviceId, name, kind, unitId, roomId, lastScanned, stale (0|1), statuses, declared (0|1)]`. */
export const DeviceRow = z.tuple([
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.string().nullable(),
  Timestamp.nullable(),
  z.union([z.literal(0), z.literal(1)]),
  z.string().regex(/^[pfune]*$/),
  z.union([z.literal(0), z.literal(1)]),
]);
export type DeviceRow = z.infer<typeof DeviceRow>;

export const HistoryHosts = z.object({
  format: z.literal(1),
  day: Day,
  ruleIds: z.array(z.string()),
  hosts: z.array(HostRow),
  /** The day each host first reported (per-device due days are counted from it); absent in older days. */
  inUseSince: z.record(z.string(), Day).optional(),
  /** The org file's devices that day (absent in days recorded before devices existed). */
  devices: z.array(DeviceRow).optional(),
});
export type HistoryHosts = z.infer<typeof HistoryHosts>;
