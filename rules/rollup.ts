/**
 * Rolls host results up into rooms, units and parent units. Per rule: expected machines
 * (at least those enrolled), reporting, passing, failing, unknown (expected machines that never
 * reported included), not applicable; completion and the deadline status. A unit rolls up its
 * rooms and its machines outside rooms; a parent rolls up its children.
 */
import type { HostEvaluation, HostRuleStatus, RoomEvaluation, RuleInfo, RuleProgress, UnitEvaluation } from '../schema/index.js';
import { completionPct, deadlineStatus } from './deadline.js';
import { DeviceDue } from './per-device.js';
import type { TrendBase } from './deadline.js';
import type { OrgModel } from './org-model.js';
import { subtree } from './org-model.js';

export interface RollupInput {
  org: OrgModel;
  rules: readonly RuleInfo[];
  /** Results in `rules` order. */
  hosts: readonly HostEvaluation[];
  asOf: string;
  /** Per rule, what an expected machine with no agent counts as in this unit and room. */
  missing: (unitId: string, roomId: string | null) => readonly HostRuleStatus[];
  /** The day a rule became complete here, if it already was the day before `asOf`. */
  completeSince: (key: string, ruleId: string) => string | null;
  /** Look-ahead: completion here at the start of the rule's window, from the history (none: no look-ahead). */
  trendBase?: (key: string, ruleId: string) => TrendBase | null;
  /** Evaluate this unit and its descendants only; null for every unit. */
  scopeUnitId: string | null;
  /**
   * False: the scope unit alone, its own rooms and machines, without its descendants or any
   * count of theirs (a reader whose grant stops at this unit). Default true.
   */
  recursive?: boolean;
}

/** History and `completeSince` keys: `u:<unit>` for a rolled-up unit, `r:<unit>/<room>` for a room. */
export const unitKey = (unitId: string) => `u:${unitId}`;
export const roomKey = (unitId: string, roomId: string) => `r:${unitId}/${roomId}`;
/** A unit's own rooms and machines without its descendants (kept for units that have children). */
export const ownKey = (unitId: string) => `o:${unitId}`;

const SLOT: Record<HostRuleStatus, number> = { pass: 0, fail: 1, unknown: 2, not_applicable: 3, exempted: 4 };
/** Counters per rule, one per status. */
const SLOTS = 5;

export class Tally {
  expected = 0;
  enrolled = 0;
  reporting = 0;
  readonly counts: Int32Array;
  readonly blocking: string[][];
  /** Per rule: passing hosts whose report was imported, and of those, self-certified. */
  readonly imported: Int32Array;
  readonly selfCertified: Int32Array;
  /** Due days of per-device rules (rules/per-device.ts). */
  readonly due: DeviceDue;

  constructor(
    readonly rules: number,
    ruleInfos: readonly RuleInfo[],
  ) {
    this.due = new DeviceDue(ruleInfos);
    this.counts = new Int32Array(rules * SLOTS);
    this.blocking = Array.from({ length: rules }, () => []);
    this.imported = new Int32Array(rules);
    this.selfCertified = new Int32Array(rules);
  }

  addHost(h: HostEvaluation): void {
    this.enrolled++;
    this.expected++;
    if (!h.stale) this.reporting++;
    for (let i = 0; i < this.rules; i++) {
      const status = h.results[i]!.status;
      this.counts[i * SLOTS + SLOT[status]]!++;
      if (status === 'fail' || status === 'unknown') this.blocking[i]!.push(h.agentId);
      this.due.add(i, h, status);
      if (status === 'pass' && h.origin) {
        this.imported[i]!++;
        if (h.origin.selfCertified) this.selfCertified[i]!++;
      }
    }
  }

  /** Raises `expected` to what the org file says, counting the machines with no agent. */
  expect(declared: number, statuses: readonly HostRuleStatus[]): void {
    const missing = declared - this.enrolled;
    if (missing <= 0) return;
    this.expected += missing;
    for (let i = 0; i < this.rules; i++) this.counts[i * SLOTS + SLOT[statuses[i]!]]! += missing;
  }

  merge(other: Tally): void {
    this.expected += other.expected;
    this.enrolled += other.enrolled;
    this.reporting += other.reporting;
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
    for (let i = 0; i < this.rules; i++) {
      this.imported[i]! += other.imported[i]!;
      this.selfCertified[i]! += other.selfCertified[i]!;
    }
    // A loop, not push(...ids): a national roll-up can hold more ids than a call has arguments.
    for (let i = 0; i < this.rules; i++) for (const id of other.blocking[i]!) this.blocking[i]!.push(id);
    this.due.merge(other.due);
  }

  progress(rules: readonly RuleInfo[], key: string, input: RollupInput): RuleProgress[] {
    return rules.map((rule, i) => {
      const [passing, failing, unknown, notApplicable, exempted] = [0, 1, 2, 3, 4].map((s) => this.counts[i * SLOTS + s]!) as [number, number, number, number, number];
      // Exempted machines are out of the count the rule is judged on, and never among the passing.
      const applicable = this.expected - notApplicable - exempted;
      const deadline = deadlineStatus({
        applicable,
        passing,
        known: passing + failing,
        deadline: this.due.deadlineOf(i, rule, input.asOf),
        asOf: input.asOf,
        atRiskDays: rule.atRiskDays,
        completeSince: input.completeSince(key, rule.id),
        trendBase: input.trendBase?.(key, rule.id) ?? null,
      });
      return {
        ruleId: rule.id,
        expected: this.expected,
        reporting: this.reporting,
        passing,
        failing,
        unknown,
        notApplicable,
        exempted,
        applicable,
        completionPct: completionPct(passing, applicable),
        status: deadline.status,
        projection: deadline.projection,
        completedOn: deadline.completedOn,
        daysLeft: deadline.daysLeft,
        blockingHosts: this.blocking[i]!,
        missingMachines: this.expected - this.enrolled,
        ...(this.imported[i]! > 0 ? { importedPassing: this.imported[i]! } : {}),
        ...(this.selfCertified[i]! > 0 ? { selfCertifiedPassing: this.selfCertified[i]! } : {}),
        ...this.due.progressOf(i, rule, input.asOf),
      };
    });
  }
}

export function rollUp(input: RollupInput): UnitEvaluation[] {
  const { org, rules } = input;
  const recursive = input.recursive ?? true;
  const scoped = input.scopeUnitId === null ? null : org.byId.get(input.scopeUnitId);
  const units = input.scopeUnitId === null ? org.units : recursive ? subtree(org, input.scopeUnitId) : scoped ? [scoped] : [];
  const byUnit = new Map<string, HostEvaluation[]>();
  for (const h of input.hosts) {
    const list = byUnit.get(h.unitId);
    if (list) list.push(h);
    else byUnit.set(h.unitId, [h]);
  }

  const totals = new Map<string, Tally>();
  const out = new Map<string, UnitEvaluation>();
  // Children first, so each parent can add its children's totals.
  for (const unit of [...units].reverse()) {
    const byRoom = new Map<string | null, HostEvaluation[]>();
    for (const h of byUnit.get(unit.id) ?? []) {
      const list = byRoom.get(h.roomId);
      if (list) list.push(h);
      else byRoom.set(h.roomId, [h]);
    }
    const total = new Tally(rules.length, rules);
    const rooms: RoomEvaluation[] = unit.rooms.map((room) => {
      const tally = new Tally(rules.length, rules);
      for (const h of byRoom.get(room.id) ?? []) tally.addHost(h);
      byRoom.delete(room.id);
      tally.expect(room.expected, input.missing(unit.id, room.id));
      total.merge(tally);
      return { roomId: room.id, name: room.name, expectedMachines: tally.expected, rules: tally.progress(rules, roomKey(unit.id, room.id), input) };
    });
    const outside = new Tally(rules.length, rules);
    // What is left: machines outside any room (the org model gives every enrolled room a node).
    for (const list of byRoom.values()) for (const h of list) outside.addHost(h);
    outside.expect(unit.expected, input.missing(unit.id, null));
    total.merge(outside);
    if (recursive) {
      for (const childId of unit.childIds) {
        const child = totals.get(childId);
        if (child) total.merge(child);
      }
    }
    totals.set(unit.id, total);
    // A unit seen without its children has figures of its own, remembered under their own key.
    const own = !recursive && unit.childIds.length > 0;
    out.set(unit.id, {
      unitId: unit.id,
      name: unit.name,
      level: unit.level,
      parentId: unit.parentId,
      responsible: unit.responsible,
      childIds: recursive ? unit.childIds : [],
      rooms,
      rules: total.progress(rules, own ? ownKey(unit.id) : unitKey(unit.id), input),
    });
  }
  return units.map((u) => out.get(u.id)!);
}
