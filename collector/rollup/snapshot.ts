/**
 * The figures of a roll-up snapshot, from an evaluation: counts and statuses; host rows (agent
 * id, name, room, the rules each holds back) only when the child's config says
 * `parent.includeHosts` (docs/rollup.md).
 */
import type { Evaluation, RollupHost, RollupUnit, RuleProgress, UnitEvaluation } from '../../schema/index.js';
import type { RollupRule, RollupSnapshot } from '../../schema/index.js';

/** The most a `POST /api/v1/rollup` body may be (the parent's limit; the child keeps under it). */
export const ROLLUP_BODY_BYTES = 2 * 1024 * 1024;

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

/** The unit's own machines that fail or are unknown for at least one rule, with those rules. */
function hostRows(evaluation: Evaluation): Map<string, RollupHost[]> {
  const byUnit = new Map<string, RollupHost[]>();
  for (const h of evaluation.hosts) {
    const failing: string[] = [];
    const unknown: string[] = [];
    for (const r of h.results) {
      if (r.status === 'fail') failing.push(r.ruleId);
      else if (r.status === 'unknown') unknown.push(r.ruleId);
    }
    if (!failing.length && !unknown.length) continue;
    const rows = byUnit.get(h.unitId) ?? [];
    rows.push({ agentId: h.agentId, hostname: h.hostname, roomId: h.roomId, failing, unknown });
    byUnit.set(h.unitId, rows);
  }
  return byUnit;
}

const unitWithoutHosts = ({ hosts: _hosts, ...u }: RollupUnit): RollupUnit => u;

/** The figures less every host row, own and forwarded: what leaves a child whose config does not say `includeHosts`. */
export function withoutHosts(figures: RollupFigures): RollupFigures {
  return { ...figures, units: figures.units.map(unitWithoutHosts), forwarded: figures.forwarded.map((f) => ({ ...f, units: f.units.map(unitWithoutHosts) })) };
}

/**
 * `evaluation`: this collector's own units (without its children's); `forwarded`: what its
 * children sent, passed on; `includeHosts`: this collector's `parent.includeHosts` — without
 * it no host row leaves, neither its own nor one its children sent it.
 */
export function snapshotFigures(evaluation: Evaluation, forwarded: RollupFigures['forwarded'] = [], includeHosts = false): RollupFigures {
  const ids = new Set(evaluation.units.map((u) => u.unitId));
  const hosts = includeHosts ? hostRows(evaluation) : null;
  const unit = (u: UnitEvaluation): RollupUnit => ({
    unitId: u.unitId,
    name: u.name,
    level: u.level,
    // A unit whose parent is not in this collector's evaluation is a top unit of the snapshot.
    parentId: u.parentId && ids.has(u.parentId) ? u.parentId : null,
    rules: u.rules.map(rule),
    rooms: u.rooms.map((room) => ({ roomId: room.roomId, name: room.name, rules: room.rules.map(rule) })),
    ...(hosts ? { hosts: hosts.get(u.unitId) ?? [] } : {}),
  });
  const figures: RollupFigures = {
    asOf: evaluation.asOf,
    rules: evaluation.rules.map((r) => ({ id: r.id, title: { vi: r.title.vi, en: r.title.en }, deadline: r.deadline })),
    units: evaluation.units.map(unit),
    forwarded,
  };
  return includeHosts ? figures : withoutHosts(figures);
}
