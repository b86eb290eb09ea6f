/**
 * The equipment review (Resolution 46-NQ/BTVĐU I.3: pool and review every desktop, scanner
 * and printer and propose replacing missing or faulty ones; Plan 24-KH/ĐU: replace every
 * depreciated device in 2026). Three contracts:
 * - `EquipmentPolicy`: the decision table a rule pack carries under `equipment:`, each
 *   threshold with its reason;
 * - `AssetRow`: one line of the asset register an office keeps in Excel, as imported;
 * - `EquipmentReview`: what the collector hands the `equipment` document: each device with
 *   its findings and proposal, and each room's expected and present counts.
 */
import { z } from 'zod';
import { Day, Timestamp } from './common.js';
import { Evidence, HostRuleResult } from './evaluation.js';

export const Proposal = z.enum(['replace', 'add', 'repair', 'keep']);
export type Proposal = z.infer<typeof Proposal>;

/** When several criteria match a device, the strongest proposal wins; every reason is kept. */
export const PROPOSAL_STRENGTH: Record<Proposal, number> = { replace: 3, add: 2, repair: 1, keep: 0 };

export const EquipmentKind = z.enum(['workstation', 'laptop', 'printer', 'scanner', 'other']);
export type EquipmentKind = z.infer<typeof EquipmentKind>;

export const EquipmentCriterion = z.enum(['missing', 'register_condition', 'age_over', 'rule_fails', 'failing_disk']);
export type EquipmentCriterion = z.infer<typeof EquipmentCriterion>;

const reason = z.string().min(1).max(2000);
const kinds = z.array(EquipmentKind).min(1).optional();

/** One row of the decision table. `kinds` limits it to some kinds of device (default: every kind it can apply to). */
export const EquipmentDecision = z.discriminatedUnion('criterion', [
  z.object({ criterion: z.literal('missing'), proposal: z.literal('add'), kinds, reason }).strict(),
  z
    .object({
      criterion: z.literal('register_condition'),
      /** Words of the register's condition column, matched without case or diacritics (e.g. "hỏng"). */
      conditions: z.array(z.string().min(1).max(100)).min(1).max(50),
      proposal: Proposal.exclude(['add']),
      kinds,
      reason,
    })
    .strict(),
  z.object({ criterion: z.literal('age_over'), years: z.number().positive().max(50), proposal: Proposal.exclude(['add']), kinds, reason }).strict(),
  z.object({ criterion: z.literal('rule_fails'), /** A rule of the loaded packs (checked at load). */ rule: z.string().min(1).max(64), proposal: Proposal.exclude(['add']), kinds, reason }).strict(),
  z.object({ criterion: z.literal('failing_disk'), proposal: Proposal.exclude(['add']), kinds, reason }).strict(),
]);
export type EquipmentDecision = z.infer<typeof EquipmentDecision>;

export const EquipmentPolicy = z
  .object({
    /** Where the review comes from (the resolution or plan), printed under the criteria. */
    source: z.string().min(1).max(1000).optional(),
    decisions: z.array(EquipmentDecision).min(1, 'list at least one decision').max(64),
  })
  .strict();
export type EquipmentPolicy = z.infer<typeof EquipmentPolicy>;

/** One line of the asset register, as imported (`readiness assets import`). */
export const AssetRow = z
  .object({
    /** Line in the source file (header = 1), for the import report. */
    line: z.number().int().positive(),
    assetTag: z.string().nullable(),
    kind: EquipmentKind,
    /** The kind as written in the file ("Máy tính để bàn"). */
    kindText: z.string(),
    /** The asset's name as the register gives it ("Máy tính Dell OptiPlex 3080"). */
    name: z.string().nullable(),
    serial: z.string().nullable(),
    model: z.string().nullable(),
    hostname: z.string().nullable(),
    mac: z.string().nullable(),
    purchaseDate: Day.nullable(),
    /** Where the register says it is, as written, and resolved against the org file. */
    unitText: z.string().nullable(),
    roomText: z.string().nullable(),
    unitId: z.string().nullable(),
    roomId: z.string().nullable(),
    user: z.string().nullable(),
    condition: z.string().nullable(),
    note: z.string().nullable(),
  })
  .strict();
export type AssetRow = z.infer<typeof AssetRow>;

export const AssetRegister = z
  .object({
    importedAt: Timestamp,
    sourceFile: z.string(),
    sha256: z.string(),
    /** Register field → the file's header it was read from. */
    columns: z.record(z.string(), z.string()),
    rows: z.array(AssetRow),
  })
  .strict();
export type AssetRegister = z.infer<typeof AssetRegister>;

/** A reason for a proposal, kept as data so each language words it. */
export const EquipmentReason = z.discriminatedUnion('criterion', [
  z.object({ criterion: z.literal('missing'), count: z.number().int().positive() }),
  z.object({ criterion: z.literal('register_condition'), condition: z.string() }),
  z.object({ criterion: z.literal('age_over'), years: z.number(), limit: z.number(), source: z.enum(['register', 'bios']) }),
  z.object({ criterion: z.literal('rule_fails'), ruleId: z.string(), evidence: z.array(Evidence) }),
  z.object({ criterion: z.literal('failing_disk'), disks: z.array(z.string()) }),
]);
export type EquipmentReason = z.infer<typeof EquipmentReason>;

export const EquipmentItem = z.object({
  unitId: z.string(),
  roomId: z.string().nullable(),
  kind: EquipmentKind,
  name: z.string(),
  /** `agent`: enrolled host; `register`: only in the register; `both`: a host matched to its register line; `device`: found by the device scanner; `expected`: a missing slot. */
  source: z.enum(['agent', 'register', 'both', 'device', 'expected']),
  agentId: z.string().nullable(),
  assetTag: z.string().nullable(),
  serial: z.string().nullable(),
  model: z.string().nullable(),
  user: z.string().nullable(),
  ageYears: z.number().nullable(),
  ageSource: z.enum(['register', 'bios']).nullable(),
  /** Results of the rules the decision table names (hardware minimum, supported OS), with evidence. */
  rules: z.array(HostRuleResult),
  /** Disks SMART calls failing; null when no disk's status is known. */
  failingDisks: z.array(z.string()).nullable(),
  condition: z.string().nullable(),
  /** 1 for a device; the number of missing devices for an `expected` line. */
  quantity: z.number().int().positive(),
  proposal: Proposal,
  reasons: z.array(EquipmentReason),
  /** What the decision table asks about that this device's data cannot say (`age`, `disks`, a rule id). */
  unchecked: z.array(z.string()),
  /** Extra remarks: not in the register, seen from which hosts. */
  notes: z.array(z.enum(['not_in_register', 'no_agent'])),
  seenBy: z.array(z.string()),
});
export type EquipmentItem = z.infer<typeof EquipmentItem>;

export const EquipmentPlace = z.object({
  unitId: z.string(),
  roomId: z.string().nullable(),
  /** From the org file; null where it sets no number (printers and scanners are optional there). */
  expected: z.object({ workstations: z.number().int().nonnegative(), printers: z.number().int().nonnegative().nullable(), scanners: z.number().int().nonnegative().nullable() }),
  present: z.object({ workstations: z.number().int().nonnegative(), printers: z.number().int().nonnegative(), scanners: z.number().int().nonnegative() }),
});
export type EquipmentPlace = z.infer<typeof EquipmentPlace>;

export const EquipmentReview = z.object({
  asOf: Day,
  policy: EquipmentPolicy,
  /** Titles of the rules the policy names, for column headings. */
  ruleTitles: z.record(z.string(), z.object({ vi: z.string(), en: z.string() })),
  register: z.object({ importedAt: Timestamp, sourceFile: z.string(), rows: z.number().int().nonnegative() }).nullable(),
  places: z.array(EquipmentPlace),
  items: z.array(EquipmentItem),
});
export type EquipmentReview = z.infer<typeof EquipmentReview>;

/**
 * A device found by the device scanner (SNMP, issue 15), the one input through which its
 * reports join the review: matched to register lines by serial, else listed on its own.
 */
export const EquipmentDevice = z.object({
  unitId: z.string(),
  roomId: z.string().nullable(),
  kind: EquipmentKind,
  name: z.string(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
});
export type EquipmentDevice = z.infer<typeof EquipmentDevice>;
