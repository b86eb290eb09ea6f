/**
 * A category's progress in one unit or room when the pack splits it into several rules (LAN:
 * gateway and servers; WAN: endpoint, names, no Internet path). The category is complete only
 * when every one of its rules is, so it shows the lowest completion, the worst status with that
 * rule's deadline, and every machine that holds any of them back. Shared by the LAN/WAN tracker
 * and the dashboard's overview, so both count a category the same way.
 */
import type { DeadlineStatus, RuleProgress } from '../schema/index.js';
import type { EvaluationIndex } from './evaluation-index.js';

/** Worst first: the status a category shows is the first one any of its rules has. */
export const STATUS_SEVERITY: readonly DeadlineStatus[] = ['overdue', 'at_risk', 'unknown', 'on_track', 'done'];

export interface CategoryProgress {
  /** The rule whose status (and deadline, days) the category shows. */
  worst: RuleProgress;
  /** The rule with the lowest completion. */
  lowest: RuleProgress;
  /** The category's rules there. */
  rules: RuleProgress[];
}

/** Null when no rule of `category` is in `progress`. */
export function categoryProgress(ix: EvaluationIndex, category: string, progress: readonly RuleProgress[]): CategoryProgress | null {
  const rules = progress.filter((p) => ix.rule(p.ruleId)?.category === category);
  if (!rules.length) return null;
  const deadline = (p: RuleProgress) => ix.rule(p.ruleId)!.deadline;
  const worst = [...rules].sort((a, b) => STATUS_SEVERITY.indexOf(a.status) - STATUS_SEVERITY.indexOf(b.status) || deadline(a).localeCompare(deadline(b)))[0]!;
  const lowest = rules.reduce((a, b) => (b.completionPct < a.completionPct ? b : a));
  return { worst, lowest, rules };
}

/**
 * Every host holding any of the category's rules back, once each, and the expected machines
 * with no agent (the most any of the rules counts). Apart from `categoryProgress` because a
 * national unit's lists hold thousands of hosts, and a page of figures needs none of them.
 */
export function categoryBlocking(found: CategoryProgress): { blockingHosts: string[]; missingMachines: number } {
  return {
    blockingHosts: [...new Set(found.rules.flatMap((p) => p.blockingHosts))],
    missingMachines: Math.max(...found.rules.map((p) => p.missingMachines)),
  };
}
