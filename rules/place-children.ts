/**
 * A parent's evaluation with its children's units placed in it (docs/rollup.md): each group of
 * a child's units goes under the unit its token is bound to (`at`), its top units' figures are
 * added to that unit and every unit above it, so the parent's totals are its own plus its
 * children's. A child's top unit with the id of `at` itself is that unit: its rooms join it.
 * Pure: the groups arrive already judged fresh or stale (a stale group's rules are unknown).
 */
import type { DeadlineStatus, Evaluation, RemoteGroup, RemoteHost, RemoteSource, RollupHost, RollupRule, RollupUnit, RoomEvaluation, RuleInfo, RuleProgress, UnitEvaluation } from '../schema/index.js';
import { completionPct, daysBetween, deadlineStatus } from './deadline.js';

/** Worst first: the status a sum of two parts takes when a rule has no calendar deadline. */
const WORST: readonly DeadlineStatus[] = ['overdue', 'at_risk', 'unknown', 'on_track', 'done', 'not_applicable'];

const daysLeft = (rule: RuleInfo, asOf: string) => (rule.deadline ? daysBetween(asOf, rule.deadline) : 0);

function fromRollup(r: RollupRule, rule: RuleInfo, asOf: string): RuleProgress {
  const applicable = Math.max(0, r.expected - r.notApplicable - r.exempted);
  return {
    ruleId: rule.id,
    expected: r.expected,
    reporting: r.reporting,
    passing: r.passing,
    failing: r.failing,
    unknown: r.unknown,
    notApplicable: r.notApplicable,
    exempted: r.exempted,
    applicable,
    completionPct: completionPct(r.passing, applicable),
    status: r.status,
    projection: null,
    completedOn: r.completedOn,
    daysLeft: daysLeft(rule, asOf),
    // Named only when the child sends its host rows (`parent.includeHosts`, docs/rollup.md): `withBlocking`.
    blockingHosts: [],
    missingMachines: r.missingMachines,
  };
}

/**
 * A child's rules in the parent's rule order. A rule the child does not evaluate counts its
 * machines (the most any of its rules expects) as unknown; a rule the parent lacks is left out.
 */
function progressOf(rules: readonly RollupRule[], parentRules: readonly RuleInfo[], asOf: string): RuleProgress[] {
  const byId = new Map(rules.map((r) => [r.ruleId, r]));
  const machines = rules.reduce((n, r) => Math.max(n, r.expected), 0);
  const reporting = rules.reduce((n, r) => Math.max(n, r.reporting), 0);
  return parentRules.map((rule) => {
    const r = byId.get(rule.id) ?? { ruleId: rule.id, expected: machines, reporting, notApplicable: 0, passing: 0, failing: 0, unknown: machines, exempted: 0, missingMachines: 0, status: 'unknown' as const, completedOn: null };
    return fromRollup(r, rule, asOf);
  });
}

/** Own figures plus a child's, judged as one: done only when both parts are. */
function add(a: RuleProgress, b: RuleProgress, rule: RuleInfo, asOf: string): RuleProgress {
  const sum = (k: 'expected' | 'reporting' | 'passing' | 'failing' | 'unknown' | 'notApplicable' | 'exempted' | 'missingMachines') => a[k] + b[k];
  const applicable = a.applicable + b.applicable;
  const passing = sum('passing');
  const parts = [a, b].filter((p) => p.applicable > 0);
  let status: DeadlineStatus;
  let completedOn: string | null = null;
  if (applicable === 0) status = 'not_applicable';
  else if (passing >= applicable) {
    status = 'done';
    // Complete since the later of the two parts became complete.
    completedOn = parts.map((p) => p.completedOn ?? asOf).sort().at(-1)!;
  } else if (rule.deadline === null) {
    status = parts.map((p) => p.status).sort((x, y) => WORST.indexOf(x) - WORST.indexOf(y))[0]!;
    if (status === 'done') status = 'on_track';
  } else {
    status = deadlineStatus({ applicable, passing, known: passing + sum('failing'), deadline: rule.deadline, asOf, atRiskDays: rule.atRiskDays, completeSince: null, trendBase: null }).status;
  }
  return {
    ...a,
    expected: sum('expected'),
    reporting: sum('reporting'),
    passing,
    failing: sum('failing'),
    unknown: sum('unknown'),
    notApplicable: sum('notApplicable'),
    exempted: sum('exempted'),
    applicable,
    completionPct: completionPct(passing, applicable),
    status,
    // A projection of the own part alone says nothing of the sum.
    projection: null,
    completedOn,
    // concat, not spread: a national roll-up can hold more ids than a call has arguments.
    blockingHosts: b.blockingHosts.length ? a.blockingHosts.concat(b.blockingHosts) : a.blockingHosts,
    missingMachines: sum('missingMachines'),
  };
}

/** Each rule's blocking list from a child's host rows: the hosts failing or unknown for it. */
function withBlocking(progress: RuleProgress[], hosts: readonly RollupHost[]): RuleProgress[] {
  if (!hosts.length) return progress;
  const byRule = new Map<string, string[]>();
  for (const h of hosts) for (const id of [...h.failing, ...h.unknown]) (byRule.get(id) ?? byRule.set(id, []).get(id)!).push(h.agentId);
  return progress.map((p) => (byRule.has(p.ruleId) ? { ...p, blockingHosts: byRule.get(p.ruleId)! } : p));
}

/** Per unit of a group, the host rows of it and the group's units below it (a unit's blocking list covers its sub-units, as the parent's own do). */
function subtreeHosts(units: readonly RollupUnit[]): Map<string, RollupHost[]> {
  const byId = new Map(units.map((u) => [u.unitId, u]));
  const out = new Map<string, RollupHost[]>();
  for (const u of units) {
    if (!u.hosts?.length) continue;
    const seen = new Set<string>();
    for (let at: RollupUnit | undefined = u; at && !seen.has(at.unitId); at = at.parentId ? byId.get(at.parentId) : undefined) {
      seen.add(at.unitId);
      const list = out.get(at.unitId) ?? [];
      for (const h of u.hosts) list.push(h);
      out.set(at.unitId, list);
    }
  }
  return out;
}

const roomOf = (room: RollupUnit['rooms'][number], rules: readonly RuleInfo[], asOf: string, hosts: readonly RollupHost[]): RoomEvaluation => ({
  roomId: room.roomId,
  name: room.name,
  expectedMachines: room.rules.reduce((n, r) => Math.max(n, r.expected), 0),
  rules: withBlocking(
    progressOf(room.rules, rules, asOf),
    hosts.filter((h) => h.roomId === room.roomId),
  ),
});

export function placeChildren(evaluation: Evaluation, groups: readonly RemoteGroup[]): Evaluation {
  // A reader whose scope stops at one unit, or one room, sees no unit below it (docs/access.md).
  if (!groups.length || evaluation.ownOnly || evaluation.scopeRoomId !== null) return evaluation;
  const { rules, asOf } = evaluation;
  const byId = new Map<string, UnitEvaluation>(evaluation.units.map((u) => [u.unitId, { ...u, childIds: [...u.childIds], rooms: [...u.rooms] }]));
  const addUp = (unitId: string, figures: readonly RuleProgress[]) => {
    const seen = new Set<string>();
    for (let u = byId.get(unitId); u && !seen.has(u.unitId); u = u.parentId ? byId.get(u.parentId) : undefined) {
      seen.add(u.unitId);
      u.rules = u.rules.map((p, i) => add(p, figures[i]!, rules[i]!, asOf));
    }
  };
  let placed = false;
  const remoteHosts: RemoteHost[] = [...(evaluation.remoteHosts ?? [])];
  for (const g of groups) {
    if (!byId.has(g.at)) continue;
    placed = true;
    const remote: RemoteSource = { source: g.source, takenAt: g.takenAt, ageHours: g.ageHours, stale: g.stale };
    const ids = new Set(g.units.map((u) => u.unitId));
    const created: UnitEvaluation[] = [];
    const below = subtreeHosts(g.units);
    for (const u of g.units) {
      const top = u.parentId === null || !ids.has(u.parentId);
      const own = u.hosts ?? [];
      for (const h of own) remoteHosts.push({ agentId: h.agentId, hostname: h.hostname, unitId: u.unitId, roomId: h.roomId });
      const figures = withBlocking(progressOf(u.rules, rules, asOf), below.get(u.unitId) ?? []);
      if (top && u.unitId === g.at) {
        const at = byId.get(g.at)!;
        at.rooms.push(...u.rooms.map((r) => roomOf(r, rules, asOf, own)));
        at.remote ??= { ...remote, joined: true };
        addUp(g.at, figures);
        continue;
      }
      // A unit the parent already has (its own, or another child's) is not shown twice; a top
      // unit's figures still count in the units above it.
      if (byId.has(u.unitId)) {
        if (top) addUp(g.at, figures);
        continue;
      }
      const unit: UnitEvaluation = { unitId: u.unitId, name: u.name, level: u.level, parentId: top ? g.at : u.parentId, responsible: null, childIds: [], rooms: u.rooms.map((r) => roomOf(r, rules, asOf, own)), rules: figures, remote };
      byId.set(u.unitId, unit);
      created.push(unit);
      if (top) addUp(g.at, figures);
    }
    for (const unit of created) byId.get(unit.parentId!)?.childIds.push(unit.unitId);
  }
  if (!placed) return evaluation;
  // Depth first from the evaluation's roots: each child's units right below the unit they are placed under.
  const out: UnitEvaluation[] = [];
  const visit = (u: UnitEvaluation) => {
    out.push(u);
    for (const id of u.childIds) {
      const child = byId.get(id);
      if (child) visit(child);
    }
  };
  for (const u of byId.values()) if (!u.parentId || !byId.has(u.parentId)) visit(u);
  return { ...evaluation, units: out, ...(remoteHosts.length ? { remoteHosts } : {}) };
}
