/**
 * The evaluated readiness of a fleet at one date: the contract between the rule engine
 * (`rules/`) and the report renderers (`reports/`). Self-contained: a renderer needs nothing
 * but this (names, titles, deadlines and owners are copied in), so it stays a pure function.
 */
import { z } from 'zod';
import { CollectionError, Day, Timestamp } from './common.js';
import { Operator } from './operators.js';
import { LicenseChannel, LicenseStatus } from './sections/licensing.js';
import { PostureChange, ScanStanding, ScanStatus, ScanVerdict } from './scan.js';
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

/**
 * Per unit (or room) and rule, at a date. `not_applicable`: the rule applies to no machine
 * there (a unit without LAN servers, rooms that do not sign): never done, never a percentage.
 */
export const DeadlineStatus = z.enum(['done', 'on_track', 'at_risk', 'overdue', 'unknown', 'not_applicable']);
export type DeadlineStatus = z.infer<typeof DeadlineStatus>;

export const RuleInfo = z.object({
  id: z.string().min(1),
  title: Bilingual,
  remediation: Bilingual,
  /** Groups rules in reports: lan, wan, licensing, antivirus, hardware, security, ... */
  category: z.string().min(1),
  severity: Severity,
  /** Null for a rule due per device (`due: per_device`): each device's due day is its own. */
  deadline: Day.nullable(),
  /** Per-device rules: days after a device's first report when the rule falls due for it. */
  graceDays: z.number().int().nonnegative().optional(),
  /** The "5 rõ" owner: who is responsible for the result. */
  owner: z.string().min(1),
  /** Days before the deadline when an incomplete rule becomes `at_risk`. */
  atRiskDays: z.number().int().nonnegative(),
  /** Days of history the completion rate is measured over to project completion (0: off). */
  lookAheadDays: z.number().int().nonnegative().default(14),
  /** `devices`: the rule checks the org file's devices (scope.devices), not machines with agents. */
  subject: z.literal('devices').optional(),
});
export type RuleInfo = z.infer<typeof RuleInfo>;

/** What a measured value is counted in; each language writes it its own way. */
export const MeasureUnit = z.enum(['%', 'ms', 'GiB', 'GHz', 'years', 'days', 'hours', 'seconds']);
export type MeasureUnit = z.infer<typeof MeasureUnit>;

/** A fact as evidence names it: its label in both languages, its unit, the words for its codes. */
export const FactInfo = z.object({
  label: Bilingual,
  unit: MeasureUnit.nullable(),
  /** The report section the fact reads (`host`: the org file and enrollment). */
  section: z.string(),
  /** Names of the codes a string fact takes (e.g. `licensed`), where it has a fixed set. */
  values: z.record(z.string(), Bilingual).optional(),
});
export type FactInfo = z.infer<typeof FactInfo>;

export const EvidenceValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);
export type EvidenceValue = z.infer<typeof EvidenceValue>;

/**
 * Why a probe failed, read from the agent's error: one code per cause so each language can
 * say it (the agent's own sentence is kept beside it in `message`).
 */
export const ProbeErrorKind = z.enum([
  'refused',
  'timeout',
  'no_route',
  'network_unreachable',
  'name_not_resolved',
  'dns_no_such_name',
  'dns_server_failure',
  'dns_refused',
  'reset',
  'no_reply',
  'other',
]);
export type ProbeErrorKind = z.infer<typeof ProbeErrorKind>;

/**
 * Why a licence entry is not licensed software, or cannot be told to be (rules/licence-verdict.ts):
 * status unreadable; not activated (or judged non-genuine); a KMS activation with more grace
 * than a genuine one gets (KMS38/KMS4k), from an unrecorded host, from the machine itself (an
 * emulator), with no allow-list to check it against, or from a host not on the allow-list;
 * `undecided`: the agent could tell no more either (its own reason kept in English).
 */
export const LicenceProblem = z.enum([
  'status_unknown',
  'not_activated',
  'non_genuine',
  'kms_grace_too_long',
  'kms_host_unknown',
  'kms_emulator',
  'no_allow_list',
  'kms_not_allowed',
  'undecided',
]);
export type LicenceProblem = z.infer<typeof LicenceProblem>;

/**
 * What a device's scan lacks for its kind to count as inventoried: no answer, no identity
 * (SNMP system group), no ports (IF-MIB), no Printer-MIB or no supplies read, no UPS-MIB or no
 * battery read.
 */
export const InventoryGap = z.enum(['no_answer', 'no_identity', 'no_ports', 'no_printer_mib', 'no_supplies', 'no_ups_mib', 'no_battery']);
export type InventoryGap = z.infer<typeof InventoryGap>;

/** Detail added to a failing check: where the value comes from and why it is what it is. */
export const EvidenceNote = z.discriminatedUnion('code', [
  /** The probe target the figure comes from (the worst of several), its port and error. */
  z.object({
    code: z.literal('probe'),
    target: z.string(),
    port: z.number().int().nullable(),
    worst: z.boolean(),
    error: ProbeErrorKind.nullable(),
    message: z.string().nullable(),
  }),
  z.object({
    code: z.literal('licence'),
    product: z.string(),
    status: LicenseStatus,
    channel: LicenseChannel,
    kmsHost: z.string().nullable(),
    problem: LicenceProblem,
    /** Days before a KMS activation must renew (`kms_grace_too_long`). */
    graceDays: z.number().int().nullable().default(null),
    /** The collector's KMS allow-list (`kms_not_allowed`: empty says to fill it in). */
    allowList: z.array(z.string()).default([]),
    /** The agent's own verdict, when it differs from the collector's: a hint. */
    agent: z.object({ licensedSoftware: z.boolean().nullable(), reason: z.string().nullable() }).nullable().default(null),
  }),
  z.object({ code: z.literal('no_office') }),
  /** Which way the machine's clock is off from the collector's (the skew's sign). */
  z.object({ code: z.literal('clock'), ahead: z.boolean() }),
  /** The agent's version behind the one the collector expects. */
  z.object({ code: z.literal('agent_version'), reported: z.string(), expected: z.string() }),
  z.object({ code: z.literal('end_of_support'), day: z.string() }),
  z.object({ code: z.literal('bios_date'), date: z.string() }),
  z.object({ code: z.literal('not_enabled'), products: z.array(z.string()) }),
  z.object({ code: z.literal('firewall'), off: z.array(z.string()), unknown: z.array(z.string()) }),
  z.object({ code: z.literal('no_firewall') }),
  /** Names in the value list that are running now, not just installed. */
  z.object({ code: z.literal('running'), names: z.array(z.string()) }),
  /** The host's default routes: each a separate way out when their networks differ. */
  z.object({
    code: z.literal('routes'),
    routes: z.array(z.object({ gateway: z.string().nullable(), interface: z.string(), metric: z.number().nullable(), network: z.string() })),
  }),
  /** A target that must not answer and did, with the route the machine took to it. */
  z.object({ code: z.literal('answered'), target: z.string(), received: z.number().int(), sent: z.number().int(), route: z.string().nullable() }),
  /** The sector root CAs found in the trusted roots (none: signatures read "validity unknown"). */
  z.object({ code: z.literal('root_ca'), roots: z.array(z.object({ name: z.string(), store: z.string() })) }),
  /** The token certificate a figure comes from. */
  z.object({ code: z.literal('certificate'), subject: z.string(), serial: z.string(), issuer: z.string(), notAfter: z.string() }),
  /** Names in the value list found by the software policy, with their category (`remote-access`, `p2p`...). */
  z.object({ code: z.literal('software'), items: z.array(z.object({ name: z.string(), category: z.string(), running: z.boolean() })) }),
  /** Each antivirus product's edition by the pack's lists (`paid`, `included`, `free`, null: not listed), and how it was told. */
  z.object({ code: z.literal('editions'), items: z.array(z.object({ product: z.string(), edition: z.string().nullable(), evidence: z.string() })) }),
  /** A device's latest scan, per scanner: its outcome (the scanner's own English sentence beside it). */
  z.object({ code: z.literal('scan'), scans: z.array(z.object({ scanner: z.string(), outcome: z.string(), message: z.string() })) }),
  /** What a device's scan did not read that its kind must show (rules/facts/device.ts). */
  z.object({ code: z.literal('inventory_gap'), gap: InventoryGap }),
  /** Where a device's age comes from: the org file's purchase year, else the ENTITY-MIB manufacturing date. */
  z.object({ code: z.literal('age_from'), purchaseYear: z.number().int().nullable(), mfgDate: z.string().nullable() }),
  /** The pre-use scan verdict that counts (rules/scan/standing.ts): who gave it and when, and why it does not clear the device. */
  z.object({
    code: z.literal('pre_use_scan'),
    status: ScanStatus,
    verdict: ScanVerdict,
    officer: z.string(),
    scannedOn: Day,
    ageDays: z.number().int().nullable(),
    dueDate: Day.nullable(),
    conditions: z.array(z.string()),
  }),
  /** The material changes since the pre-use scan of that day, structured so each language says them. */
  z.object({ code: z.literal('changes_since_scan'), scannedOn: Day, changes: z.array(PostureChange).default([]) }),
]);
export type EvidenceNote = z.infer<typeof EvidenceNote>;

/**
 * Why a fact has no value: the report lacks its section (`errorCode` says what the agent
 * met), the agent could not tell, the org file gives the unit no probe target of the role,
 * targets exist but the agent probed none of them, or it probed them and none answered (so
 * there is no round-trip time); and the causes of the signing and software-policy facts.
 */
export const MissingCause = z.enum([
  'no_section',
  'not_reported',
  'no_target',
  'not_probed',
  'no_answer',
  /** A signing token is plugged in but no certificate of it was found. */
  'no_certificate',
  /** The software policy has not been matched against the latest report (or the policy changed since). */
  'not_matched',
  /** The latest report has no installed-program list. */
  'no_program_list',
  /** An installed antivirus product's edition is in none of the pack's lists. */
  'edition_unknown',
  /** A KMS activation whose host is not recorded: the collector cannot check it. */
  'kms_host_unknown',
  /** Neither the collector nor the agent could decide the licence (its status could not be read). */
  'licence_undecided',
  /** The device has no scan to read (stale and unlisted devices say why in their own evidence). */
  'not_scanned',
  /** The device's scan did not read this (a printer that reports no supply level, a UPS without the value). */
  'not_in_scan',
  /** A device's age: no purchase year in the org file and no manufacturing date from the device. */
  'no_age',
  /** The agent did not say when it sent its report (older agents, imported reports): no clock skew. */
  'no_sent_time',
  /** The agent's version or the one the collector expects is not a version number (semver): not compared. */
  'not_a_version',
  /** The security team has recorded no pre-use scan verdict for the device (docs/scans.md). */
  'never_scanned',
  /** The latest report lacks an aspect of the posture the scanned report had: changes since the scan cannot be told. */
  'changes_unknown',
  /** No disk of the report has a SMART status (smartctl missing, no rights, or a virtual disk). */
  'no_smart',
]);
export type MissingCause = z.infer<typeof MissingCause>;

/**
 * One thing a rule's evaluation established, structured so every language can say it with
 * its own numbers and dates: a checked value, a missing fact, the scope that excludes the
 * host, no recent report, or a status held by hysteresis.
 */
export const Evidence = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('check'),
    fact: z.string(),
    /** The operator as evaluated (`not` already pushed down). */
    op: Operator,
    /** Null for `empty` / `not_empty`. */
    expected: EvidenceValue.nullable(),
    actual: EvidenceValue,
    holds: z.boolean(),
    notes: z.array(EvidenceNote).default([]),
  }),
  z.object({
    kind: z.literal('missing'),
    fact: z.string(),
    cause: MissingCause,
    errorCode: CollectionError.shape.code.nullable().default(null),
  }),
  z.object({
    kind: z.literal('scope'),
    /**
     * `machines_only`: a machine rule, and this is a device of the org file; `devices_only`: a
     * device rule, and this is a machine; `devices`: a device rule for other kinds of device;
     * `agentless`: a probe rule, and this machine is audited over SSH (no agent runs probes).
     */
    by: z.enum(['levels', 'units', 'device_kinds', 'room_needs', 'machines_only', 'devices', 'devices_only', 'agentless']),
    /** What the rule covers (levels, unit ids, device kinds) or the needs the room lacks. */
    allowed: z.array(z.string()),
    actual: z.string().nullable(),
  }),
  z.object({ kind: z.literal('stale'), hours: z.number().int().nonnegative(), windowHours: z.number().int().positive() }),
  z.object({ kind: z.literal('never_reported') }),
  /**
   * A device of the org file with no usable scan: a printer or scanner a room expects that the
   * org file does not list (`not_listed`), one with no snmp or ssh to scan it with (`no_access`),
   * never scanned, or not scanned within the heartbeat window (`stale`, with the hours).
   */
  z.object({
    kind: z.literal('unscanned'),
    cause: z.enum(['not_listed', 'no_access', 'never', 'stale']),
    deviceKind: z.string(),
    hours: z.number().int().nonnegative().nullable(),
    windowHours: z.number().int().positive(),
  }),
  z.object({ kind: z.literal('held'), stable: HostRuleStatus, says: HostRuleStatus, run: z.number().int().nonnegative(), of: z.number().int().positive() }),
  /** A valid exception covers this result (docs/remediation.md); the rule's own evidence follows. */
  z.object({
    kind: z.literal('exempted'),
    exception: z.string(),
    /** The last day it holds. */
    until: Day,
    approvedBy: z.string(),
    approverRole: z.string().nullable(),
    reason: z.string(),
    reference: z.string().nullable(),
    /** What the rule reads without it. */
    says: HostRuleStatus,
  }),
]);
export type Evidence = z.infer<typeof Evidence>;

export const HostRuleResult = z.object({
  ruleId: z.string(),
  status: HostRuleStatus,
  /** What was established, e.g. `{kind: 'check', fact: 'probes.wan.max_loss_pct', op: 'lte', expected: 1, actual: 20, holds: false}`. */
  evidence: z.array(Evidence),
});
export type HostRuleResult = z.infer<typeof HostRuleResult>;

/** Who the machine is, from its latest report (kept when the report is too old to judge). */
export const HostIdentity = z.object({
  ipv4: z.array(z.string()),
  mac: z.array(z.string()),
  serial: z.string().nullable(),
  /** The user signed in when the report was collected, where the agent could tell. */
  user: z.string().nullable(),
  model: z.string().nullable(),
});
export type HostIdentity = z.infer<typeof HostIdentity>;
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
  /** Null when the host never reported (or for a past day replayed from the history). */
  identity: HostIdentity.nullable().default(null),
  /** Present when the latest report was imported, not sent by the agent. */
  origin: ImportOrigin.optional(),
  /**
   * The day of the host's first report (org time zone): a device is in use from then, and a
   * per-device rule falls due for it `graceDays` later. Absent for a host that never reported.
   */
  inUseSince: Day.optional(),
  /** Where the device stands with its pre-use scan (present when the rule set reads scans). */
  scan: ScanStanding.optional(),
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
  /** Covered by a valid exception ("Miễn trừ", docs/remediation.md): never passing, and out of `applicable`. */
  exempted: z.number().int().nonnegative(),
  /** The denominator of completion: expected minus not applicable minus exempted. */
  applicable: z.number().int().nonnegative(),
  /**
   * passing ÷ applicable × 100, rounded half-up to one decimal (machines that never reported
   * count against it); null when the rule applies to no machine here.
   */
  completionPct: z.number().min(0).max(100).nullable(),
  status: DeadlineStatus,
  /**
   * Where the completion rate of the look-ahead window leads: the day it started from and the
   * day 100% would be reached at that rate (null: no progress in the window). Null when there
   * is no projection (complete, not applicable, overdue, or too little history).
   */
  projection: z.object({ since: Day, projectedOn: Day.nullable() }).nullable().default(null),
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
  /**
   * Per-device rules only: the earliest due day of a device in use here that does not pass
   * (null: none is due), and how many such devices are past their due day.
   */
  perDevice: z.object({ dueOn: Day.nullable(), overdueMachines: z.number().int().nonnegative() }).optional(),
});
export type RuleProgress = z.infer<typeof RuleProgress>;

export const RoomEvaluation = z.object({
  roomId: z.string(),
  name: z.string(),
  expectedMachines: z.number().int().nonnegative(),
  rules: z.array(RuleProgress),
});
export type RoomEvaluation = z.infer<typeof RoomEvaluation>;

export const RemoteSource = z.object({
  source: z.string(),
  takenAt: Timestamp,
  ageHours: z.number().nonnegative(),
  stale: z.boolean(),
  /** True for a unit of the parent's own org that a child's top unit joined (it has a page at the parent); absent for the child's units placed below. */
  joined: z.literal(true).optional(),
});
export type RemoteSource = z.infer<typeof RemoteSource>;

/** A child collector's machine named in a blocking list at the parent (docs/rollup.md, `parent.includeHosts`). */
export const RemoteHost = z.object({ agentId: z.string(), hostname: z.string(), unitId: z.string(), roomId: z.string().nullable() });
export type RemoteHost = z.infer<typeof RemoteHost>;

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
  /**
   * Present for a unit whose figures (all or part) come from a child collector's roll-up
   * snapshot (docs/rollup.md): who sent them, when they were taken, and whether they are older
   * than `rollup.staleHours` (then counted as unknown).
   */
  remote: RemoteSource.optional(),
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
  /** The same supplies, structured, for documents in each language: level in percent, else its state. */
  supplyLevels: z.array(z.object({ name: z.string(), percent: z.number().nullable(), state: z.string() })).default([]),
  results: z.array(HostRuleResult),
});
export type DeviceEvaluation = z.infer<typeof DeviceEvaluation>;

export const Evaluation = z.object({
  asOf: Day,
  /** The day whose data this is: `asOf`, or for a day with no record, the latest recorded day before it. */
  recordedOn: Day,
  generatedAt: Timestamp,
  /** The unit the evaluation was asked for (its descendants are included), or null for all. */
  scopeUnitId: z.string().nullable(),
  /** A room asked for within those units: only its machines and figures are kept. */
  scopeRoomId: z.string().nullable().default(null),
  /**
   * The scope unit's own rooms and machines only: its child units are outside the reader's
   * scope and counted nowhere in this evaluation (docs/access.md). Absent otherwise.
   */
  ownOnly: z.literal(true).optional(),
  rules: z.array(RuleInfo),
  /** The facts evidence names, with their labels: renderers need nothing but the evaluation. */
  facts: z.record(z.string(), FactInfo).default({}),
  units: z.array(UnitEvaluation),
  hosts: z.array(HostEvaluation),
  /**
   * Children's machines named in the blocking lists of their units (`blockingHosts`), sent by a
   * child whose config says `parent.includeHosts` (absent: none). Not hosts of this collector:
   * they have no page here and are in no machine list.
   */
  remoteHosts: z.array(RemoteHost).optional(),
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

/**
 * One point of completion over time, from the history: for charts against deadlines. Days on
 * which the rule applied to no machine have no point.
 */
export const CompletionPoint = z.object({
  day: Day,
  unitId: z.string(),
  /** Set for a room's own figures; absent for the unit rolled up. */
  roomId: z.string().optional(),
  ruleId: z.string(),
  passing: z.number().int().nonnegative(),
  applicable: z.number().int().positive(),
  completionPct: z.number().min(0).max(100),
});
export type CompletionPoint = z.infer<typeof CompletionPoint>;
