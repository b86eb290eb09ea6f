/**
 * A roll-up snapshot: what a child collector (a province) sends its parent (the Supreme
 * Procuracy) about its units' readiness: per unit, room and rule the counts and the deadline
 * status; only when its config says `parent.includeHosts`, the machines holding each unit back
 * (docs/rollup.md). `id` makes a resend idempotent; `sequence` orders the child's snapshots, so
 * an older one arriving late never replaces a newer one.
 */
import { z } from 'zod';
import { Day, Timestamp } from './common.js';
import { DeadlineStatus } from './evaluation.js';
import { UnitId } from './enrollment.js';

const count = z.number().int().nonnegative().max(10_000_000);

export const RollupRule = z
  .object({
    ruleId: z.string().min(1).max(100),
    expected: count,
    reporting: count,
    notApplicable: count,
    passing: count,
    failing: count,
    unknown: count,
    /** Covered by a valid exception at the child: out of the applicable count, never passing (absent from older children: 0). */
    exempted: count.default(0),
    /** Expected machines with no agent at all (absent from older children: 0). */
    missingMachines: count.default(0),
    status: DeadlineStatus,
    completedOn: Day.nullable(),
  })
  .strict();
export type RollupRule = z.infer<typeof RollupRule>;

export const RollupRoom = z
  .object({
    roomId: z.string().min(1).max(100),
    name: z.string().max(300),
    rules: z.array(RollupRule).max(500),
  })
  .strict();

/**
 * A machine of a child's unit that holds a rule back, sent only when the child's config says
 * `parent.includeHosts: true` (docs/rollup.md): its agent id, host name, room and the rules it
 * fails or is unknown for. Nothing else of a host (no address, report, program or key).
 */
export const RollupHost = z
  .object({
    agentId: z.string().min(1).max(100),
    hostname: z.string().min(1).max(253),
    roomId: z.string().min(1).max(100).nullable(),
    failing: z.array(z.string().min(1).max(100)).max(500),
    unknown: z.array(z.string().min(1).max(100)).max(500),
  })
  .strict();
export type RollupHost = z.infer<typeof RollupHost>;

export const RollupUnit = z
  .object({
    unitId: z.string().min(1).max(100),
    name: z.string().max(300),
    level: z.enum(['supreme', 'city', 'regional']),
    /** Within the child's org; the child's top unit has null and is placed under the snapshot's `unit`. */
    parentId: z.string().max(100).nullable(),
    rules: z.array(RollupRule).max(500),
    rooms: z.array(RollupRoom).max(2000),
    /** The unit's own machines holding a rule back (not its sub-units'); absent: the child sends no host. */
    hosts: z.array(RollupHost).max(20_000).optional(),
  })
  .strict();
export type RollupUnit = z.infer<typeof RollupUnit>;

/**
 * Figures a child that is itself a parent received from its own children, passed on whole:
 * placed under `unit` (a unit of the sending child's own snapshot or of an earlier forwarded
 * group), with the time they were taken at their origin, so the top judges their age by it.
 */
export const RollupForwarded = z
  .object({
    unit: UnitId,
    /** Who sent them to the forwarding child (its child token's name there). */
    source: z.string().max(300),
    takenAt: Timestamp,
    units: z.array(RollupUnit).min(1).max(5000),
  })
  .strict();
export type RollupForwarded = z.infer<typeof RollupForwarded>;

export const RollupSnapshot = z
  .object({
    id: z.uuid(),
    sequence: z.number().int().min(1),
    /** The parent's unit this child reports for (its token must be bound to it or above it). */
    unit: UnitId,
    /** When the child evaluated; the parent shows its age ("số liệu lúc …"). */
    takenAt: Timestamp,
    asOf: Day,
    // `deadline` null: a rule due per device (the pre-use scan) has no calendar deadline of its own.
    rules: z.array(z.object({ id: z.string().min(1).max(100), title: z.object({ vi: z.string().max(500), en: z.string().max(500) }).strict(), deadline: Day.nullable() }).strict()).max(500),
    units: z.array(RollupUnit).min(1).max(5000),
    /** What this child received from children of its own (a chain supreme ← city ← city); absent: none. */
    forwarded: z.array(RollupForwarded).max(500).default([]),
  })
  .strict();
export type RollupSnapshot = z.infer<typeof RollupSnapshot>;

export const RollupAck = z.object({ id: z.uuid(), status: z.enum(['stored', 'duplicate', 'superseded']) });
export type RollupAck = z.infer<typeof RollupAck>;

/**
 * A group of a child's units as a parent places them (rules/place-children.ts): under `at`,
 * with the age of their figures at their origin; a stale group's rules are already counted as
 * unknown. Kept in the parent's day record (schema/history.ts) so past days replay with them.
 */
export const RemoteGroup = z
  .object({
    at: z.string().min(1).max(100),
    source: z.string().max(300),
    takenAt: Timestamp,
    ageHours: z.number().nonnegative(),
    stale: z.boolean(),
    units: z.array(RollupUnit).max(5000),
  })
  .strict();
export type RemoteGroup = z.infer<typeof RemoteGroup>;
