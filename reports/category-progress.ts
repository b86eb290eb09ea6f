/**
 * A category's progress in one unit or room when the pack splits it into several rules (LAN:
 * gateway and servers; WAN: endpoint, names, no Internet path). The category is complete only
 * when every one of its rules is, so it shows the lowest completion, the worst status with that
 * rule's deadline, and every machine that holds any of them back. Shared by the LAN/WAN tracker
 * and the dashboard's overview, so both count a category the same way.
 */
import type { DeadlineStatus, RuleProgress } from '../schema/index.js';
import type { EvaluationIndex } from './evaluation-index.js';
import { STATUS_SEVERITY } from './document.js';

/** Worst first: the status a category shows is the first one any of its rules has. */

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
  const all = progress.filter((p) => ix.rule(p.ruleId)?.category === category);
  if (!all.length) return null;
  // Rules that apply to no machine there are left out, as the tracker leaves them out; when none applies, the category is "not applicable".
  const applying = all.filter((p) => p.status !== 'not_applicable');
  const rules = applying.length ? applying : all;
  const deadline = (p: RuleProgress) => ix.rule(p.ruleId)!.deadline;
  const worst = [...rules].sort((a, b) => STATUS_SEVERITY.indexOf(a.status) - STATUS_SEVERITY.indexOf(b.status) || deadline(a).localeCompare(deadline(b)))[0]!;
  // A rule that applies nowhere (completion null) is never the lowest while another applies.
  const lowest = rules.reduce((a, b) => (a.completionPct === null || (b.completionPct !== null && b.completionPct < a.completionPct) ? b : a));
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
