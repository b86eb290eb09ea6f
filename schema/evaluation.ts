/**
 * The evaluated readiness of a fleet at one date: the contract between the rule engine
 * (`rules/`) and the report renderers (`reports/`). Self-contained: a renderer needs nothing
 * but this (names, titles, deadlines and owners are copied in), so it stays a pure function.
 */
import { z } from 'zod';
import { Day, Timestamp } from './common.js';
import { ExceptionView, TaskView } from './remediation.js';

export const Lang = z.enum(['vi', 'en']);
export type Lang = z.infer<typeof Lang>;

/** Text in both languages users read: Vietnamese first, English beside it. */
export const Bilingual = z.object({ vi: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof Bilingual>;

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);

/**
 * Per host and rule. `exempted` ("Miễn trừ"): a valid exception covers a result that would
 * otherwise fail or be unknown (docs/remediation.md); it is counted apart, never as a pass.
 */
export const HostRuleStatus = z.enum(['pass', 'fail', 'unknown', 'not_applicable', 'exempted']);
export type HostRuleStatus = z.infer<typeof HostRuleStatus>;

/** Per unit (or room) and rule, at a date. */
export const DeadlineStatus = z.enum(['done', 'on_track', 'at_risk', 'overdue', 'unknown']);
export type DeadlineStatus = z.infer<typeof DeadlineStatus>;

export const RuleInfo = z.object({
  id: z.string().min(1),
  title: Bilingual,
  remediation: Bilingual,
  /** Groups rules in reports: lan, wan, licensing, antivirus, hardware, security, ... */
  category: z.string().min(1),
  severity: Severity,
  deadline: Day,
  /** The "5 rõ" owner: who is responsible for the result. */
  owner: z.string().min(1),
  /** Days before the deadline when an incomplete rule becomes `at_risk`. */
  atRiskDays: z.number().int().nonnegative(),
  /** `devices`: the rule checks the org file's devices (scope.devices), not machines with agents. */
  subject: z.literal('devices').optional(),
});
export type RuleInfo = z.infer<typeof RuleInfo>;

export const HostRuleResult = z.object({
  ruleId: z.string(),
  status: HostRuleStatus,
  /** The resolved values as sentences, e.g. "WAN loss 20% > 1%". */
  evidence: z.array(z.string()),
});
export type HostRuleResult = z.infer<typeof HostRuleResult>;

/**
 * A host whose latest report was imported (`readiness import`, `POST /import`) rather than
 * sent by its agent; `selfCertified` when a manager of the host's own unit imported it, which
 * documents mark so nobody takes a unit's word about itself for a measurement.
 */
export const ImportOrigin = z.object({
  kind: z.literal('import'),
  /** The user (or `bootstrap-token`) who imported it. */
  by: z.string(),
  role: z.enum(['admin', 'unit_manager', 'viewer', 'security_officer']).nullable(),
  at: Timestamp,
  selfCertified: z.boolean(),
});
export type ImportOrigin = z.infer<typeof ImportOrigin>;
/** Where a machine is plugged in: a switch port whose forwarding table holds one of its MACs. */
export const SwitchPort = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  port: z.string(),
  mac: z.string(),
  /** Q-BRIDGE filtering database id (usually the VLAN), when the switch gives one. */
  fdbId: z.number().int().nullable(),
  /** When the switch was scanned. */
  seenAt: Timestamp,
});
export type SwitchPort = z.infer<typeof SwitchPort>;

export const HostEvaluation = z.object({
  agentId: z.string(),
  hostname: z.string(),
  unitId: z.string(),
  roomId: z.string().nullable(),
  deviceKind: z.string(),
  lastSeen: Timestamp.nullable(),
  /** No report within the heartbeat window: every rule is `unknown`. */
  stale: z.boolean(),
  /** Present when the latest report was imported, not sent by the agent. */
  origin: ImportOrigin.optional(),
  results: z.array(HostRuleResult),
  /** For a machine audited over SSH by the collector (no agent): the org file's device id. */
  deviceId: z.string().optional(),
  /** The switch port the machine was last seen on (docs/devices.md). */
  switchPort: SwitchPort.optional(),
});
export type HostEvaluation = z.infer<typeof HostEvaluation>;

export const RuleProgress = z.object({
  ruleId: z.string(),
  /** Machines the org file expects (at least the number enrolled). */
  expected: z.number().int().nonnegative(),
  reporting: z.number().int().nonnegative(),
  passing: z.number().int().nonnegative(),
  failing: z.number().int().nonnegative(),
  /** Reporting but unknown, plus expected machines that never reported. */
  unknown: z.number().int().nonnegative(),
  notApplicable: z.number().int().nonnegative(),
  /** Covered by a valid exception ("Miễn trừ"): neither passing nor counted in the completion's denominator. */
  exempted: z.number().int().nonnegative(),
  /** passing / (expected − notApplicable − exempted) × 100 (machines that never reported count against it). */
  completionPct: z.number().min(0).max(100),
  status: DeadlineStatus,
  /** The first day the rule was complete here, when `done`. */
  completedOn: Day.nullable(),
  /** Deadline minus asOf, in days: negative when overdue. */
  daysLeft: z.number().int(),
  /** Hosts that fail or are unknown for this rule (agent ids). */
  blockingHosts: z.array(z.string()),
  /** Expected machines with no agent at all. */
  missingMachines: z.number().int().nonnegative(),
  /** Of `passing`, hosts whose latest report was imported rather than sent by their agent (absent: none). */
  importedPassing: z.number().int().positive().optional(),
  /** Of those, imported by a manager of the unit itself: the unit certifying itself (absent: none). */
  selfCertifiedPassing: z.number().int().positive().optional(),
});
export type RuleProgress = z.infer<typeof RuleProgress>;

export const RoomEvaluation = z.object({
  roomId: z.string(),
  name: z.string(),
  expectedMachines: z.number().int().nonnegative(),
  rules: z.array(RuleProgress),
});
export type RoomEvaluation = z.infer<typeof RoomEvaluation>;

export const UnitEvaluation = z.object({
  unitId: z.string(),
  name: z.string(),
  level: z.enum(['supreme', 'city', 'regional']),
  parentId: z.string().nullable(),
  responsible: z.string().nullable(),
  /** Direct child units (their figures are rolled into `rules`). */
  childIds: z.array(z.string()),
  rooms: z.array(RoomEvaluation),
  /** This unit's rooms and all its descendants rolled up. */
  rules: z.array(RuleProgress),
});
export type UnitEvaluation = z.infer<typeof UnitEvaluation>;

/**
 * A host taken out of the count (docs/api.md, `DELETE /hosts/:id`): no longer expected or
 * reporting, listed in the documents with the reason so a fall in the machine count is explained.
 */
export const RetiredHost = z.object({
  agentId: z.string(),
  hostname: z.string(),
  unitId: z.string(),
  roomId: z.string().nullable(),
  retiredAt: Timestamp,
  reason: z.string(),
  /** The host it was merged into, for a merge. */
  mergedInto: z.string().nullable(),
  /** Who retired it: a user's name or `bootstrap-token`; null for retirements recorded before accounts. */
  by: z.string().nullable(),
  /** Retired by a manager of the unit: the unit taking its own machine out of its count (docs/access.md). */
  selfCertified: z.boolean(),
});
export type RetiredHost = z.infer<typeof RetiredHost>;

/** A device of the org file (switch, printer, UPS...) judged against the device rules. */
export const DeviceEvaluation = z.object({
  deviceId: z.string(),
  name: z.string(),
  kind: z.string(),
  unitId: z.string(),
  roomId: z.string().nullable(),
  address: z.string(),
  /**
   * False for a printer or scanner a room expects (expectedPrinters, expectedScanners) that the
   * org file lists no entry for: it cannot be scanned and counts as unknown.
   */
  declared: z.boolean(),
  lastScanned: Timestamp.nullable(),
  /** Not scanned within the heartbeat window (or never): every rule is `unknown`. */
  stale: z.boolean(),
  outcome: z.string().nullable(),
  /** The latest scan in a sentence. */
  message: z.string().nullable(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  firmware: z.string().nullable(),
  ageYears: z.number().nullable(),
  /** Printer supplies: description and level in words, e.g. "Black Toner 42%". */
  supplies: z.array(z.string()),
  results: z.array(HostRuleResult),
});
export type DeviceEvaluation = z.infer<typeof DeviceEvaluation>;

export const Evaluation = z.object({
  asOf: Day,
  generatedAt: Timestamp,
  /** The unit the evaluation was asked for (its descendants are included), or null for all. */
  scopeUnitId: z.string().nullable(),
  /**
   * The scope unit's own rooms and machines only: its child units are outside the reader's
   * scope and counted nowhere in this evaluation (docs/access.md). Absent otherwise.
   */
  ownOnly: z.literal(true).optional(),
  rules: z.array(RuleInfo),
  units: z.array(UnitEvaluation),
  hosts: z.array(HostEvaluation),
  /** Hosts in scope retired on or before `asOf`, newest first (absent: none). Optional so producers that know of none need not say so. */
  retiredHosts: z.array(RetiredHost).optional(),
  /** The org file's devices; absent where no device is declared. */
  devices: z.array(DeviceEvaluation).optional(),
  /** Exceptions of the units in scope, active or expired, that are not revoked (absent: none; docs/remediation.md). */
  exceptions: z.array(ExceptionView).optional(),
  /** Remediation tasks of the units in scope not yet verified, and those verified within the last 31 days (absent: none). */
  tasks: z.array(TaskView).optional(),
});
export type Evaluation = z.infer<typeof Evaluation>;

/** One point of completion over time, from the history: for charts against deadlines. */
export const CompletionPoint = z.object({
  day: Day,
  unitId: z.string(),
  ruleId: z.string(),
  completionPct: z.number().min(0).max(100),
});
export type CompletionPoint = z.infer<typeof CompletionPoint>;
