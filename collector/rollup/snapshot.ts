/** The figures of a roll-up snapshot, from an evaluation: counts and statuses, never a host. */
import type { Evaluation, RuleProgress } from '../../schema/index.js';
import type { RollupRule, RollupSnapshot } from '../../schema/index.js';

const rule = (r: RuleProgress): RollupRule => ({
  ruleId: r.ruleId,
  expected: r.expected,
  reporting: r.reporting,
  notApplicable: r.notApplicable,
  passing: r.passing,
  failing: r.failing,
  unknown: r.unknown,
  exempted: r.exempted,
  missingMachines: r.missingMachines,
  status: r.status,
  completedOn: r.completedOn,
});

export type RollupFigures = Pick<RollupSnapshot, 'asOf' | 'rules' | 'units' | 'forwarded'>;

/** `evaluation`: this collector's own units (without its children's); `forwarded`: what its children sent, passed on. */
export function snapshotFigures(evaluation: Evaluation, forwarded: RollupFigures['forwarded'] = []): RollupFigures {
  const ids = new Set(evaluation.units.map((u) => u.unitId));
  return {
    asOf: evaluation.asOf,
    rules: evaluation.rules.map((r) => ({ id: r.id, title: { vi: r.title.vi, en: r.title.en }, deadline: r.deadline })),
    units: evaluation.units.map((u) => ({
      unitId: u.unitId,
      name: u.name,
      level: u.level,
      // A unit whose parent is not in this collector's evaluation is a top unit of the snapshot.
      parentId: u.parentId && ids.has(u.parentId) ? u.parentId : null,
      rules: u.rules.map(rule),
      rooms: u.rooms.map((room) => ({ roomId: room.roomId, name: room.name, rules: room.rules.map(rule) })),
    })),
    forwarded,
  };
}
