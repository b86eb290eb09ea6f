/**
 * A roll-up snapshot: what a child collector (a province) sends its parent (the Supreme
 * Procuracy) about its units' readiness: per unit, room and rule the counts and the deadline
 * status, never a host (docs/rollup.md). `id` makes a resend idempotent; `sequence` orders the
 * child's snapshots, so an older one arriving late never replaces a newer one.
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

export const RollupUnit = z
  .object({
    unitId: z.string().min(1).max(100),
    name: z.string().max(300),
    level: z.enum(['supreme', 'city', 'regional']),
    /** Within the child's org; the child's top unit has null and is placed under the snapshot's `unit`. */
    parentId: z.string().max(100).nullable(),
    rules: z.array(RollupRule).max(500),
    rooms: z.array(RollupRoom).max(2000),
  })
  .strict();
export type RollupUnit = z.infer<typeof RollupUnit>;

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
  })
  .strict();
export type RollupSnapshot = z.infer<typeof RollupSnapshot>;

export const RollupAck = z.object({ id: z.uuid(), status: z.enum(['stored', 'duplicate', 'superseded']) });
export type RollupAck = z.infer<typeof RollupAck>;
