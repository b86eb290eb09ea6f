/**
 * What changed between the evaluation at the end of the previous period and the current one,
 * and which day that previous period ended. Pure: both evaluations come from the caller.
 *
 * Period ends: a day report compares with asOf − 1 day, a week report with asOf − 7 days, a
 * month report with the same day of the previous month, clamped to that month's last day
 * (31 March compares with 28 or 29 February).
 */
import type { DeadlineStatus, Evaluation, Evidence, HostEvaluation, HostRuleStatus, ReportPeriod, RuleProgress } from '../schema/index.js';

export function previousPeriodDay(asOf: string, period: ReportPeriod): string {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  if (period === 'month') {
    const lastDay = new Date(Date.UTC(y, m - 1, 0)).getUTCDate();
    return new Date(Date.UTC(y, m - 2, Math.min(d, lastDay))).toISOString().slice(0, 10);
  }
  return new Date(Date.UTC(y, m - 1, d - (period === 'day' ? 1 : 7))).toISOString().slice(0, 10);
}

export interface HostRuleChange {
  agentId: string;
  ruleId: string;
  previous: HostRuleStatus | null;
  current: HostRuleStatus;
  evidence: Evidence[];
}

export interface DeadlineChange {
  unitId: string;
  /** Null for the unit as a whole. */
  roomId: string | null;
  ruleId: string;
  previous: DeadlineStatus | null;
  daysOverdue: number;
}

export interface ProgressDiff {
  /** Host and rule pairs that pass now and did not before (including machines new to the fleet). */
  newlyPassing: HostRuleChange[];
  /** Host and rule pairs that passed before and now fail or are unknown. */
  regressions: HostRuleChange[];
  /** Machines reporting now that were not before: new, never reported, or out of contact. */
  newlyReporting: HostEvaluation[];
  /** Unit (or room) and rule pairs overdue now that were not overdue before. */
  becameOverdue: DeadlineChange[];
}

const isReporting = (h: HostEvaluation | undefined): boolean => !!h && h.lastSeen !== null && !h.stale;

function hostChanges(previous: Evaluation, current: Evaluation): Pick<ProgressDiff, 'newlyPassing' | 'regressions' | 'newlyReporting'> {
  const before = new Map(previous.hosts.map((h) => [h.agentId, h]));
  const newlyPassing: HostRuleChange[] = [];
  const regressions: HostRuleChange[] = [];
  const newlyReporting: HostEvaluation[] = [];
  for (const host of current.hosts) {
    const old = before.get(host.agentId);
    if (isReporting(host) && !isReporting(old)) newlyReporting.push(host);
    const oldResults = new Map((old?.results ?? []).map((r) => [r.ruleId, r.status]));
    for (const r of host.results) {
      const was = oldResults.get(r.ruleId) ?? null;
      const change = { agentId: host.agentId, ruleId: r.ruleId, previous: was, current: r.status, evidence: r.evidence };
      if (r.status === 'pass' && was !== 'pass') newlyPassing.push(change);
      else if (was === 'pass' && (r.status === 'fail' || r.status === 'unknown')) regressions.push(change);
    }
  }
  return { newlyPassing, regressions, newlyReporting };
}

function deadlineChanges(previous: Evaluation, current: Evaluation): DeadlineChange[] {
  const before = new Map<string, DeadlineStatus>();
  const key = (unitId: string, roomId: string | null, ruleId: string) => `${unitId}\u0000${roomId ?? ''}\u0000${ruleId}`;
  for (const u of previous.units) {
    for (const p of u.rules) before.set(key(u.unitId, null, p.ruleId), p.status);
    for (const room of u.rooms) for (const p of room.rules) before.set(key(u.unitId, room.roomId, p.ruleId), p.status);
  }
  const out: DeadlineChange[] = [];
  const check = (unitId: string, roomId: string | null, p: RuleProgress) => {
    const was = before.get(key(unitId, roomId, p.ruleId)) ?? null;
    if (p.status === 'overdue' && was !== 'overdue') out.push({ unitId, roomId, ruleId: p.ruleId, previous: was, daysOverdue: -p.daysLeft });
  };
  for (const u of current.units) {
    for (const p of u.rules) check(u.unitId, null, p);
    for (const room of u.rooms) for (const p of room.rules) check(u.unitId, room.roomId, p);
  }
  return out;
}

/**
 * @example diffEvaluations(await source.evaluate({ asOf: '2025-12-09' }), await source.evaluate({ asOf: '2025-12-10' }))
 */
export function diffEvaluations(previous: Evaluation, current: Evaluation): ProgressDiff {
  return { ...hostChanges(previous, current), becameOverdue: deadlineChanges(previous, current) };
}
