/**
 * Hysteresis for probe-based rules: one lost packet must not flip a LAN rule. Each host keeps
 * the last N raw outcomes per probe rule; the status it shows changes only when N reports in
 * a row agree. A host's first outcome is taken as it is: there is nothing to flap from yet.
 */
import { LETTER_STATUS, STATUS_LETTER } from '../schema/index.js';
import type { HostRuleStatus, RuleTrail } from '../schema/index.js';

export interface RawOutcome {
  ruleId: string;
  status: HostRuleStatus;
  /** Reports that must agree before the status changes. */
  n: number;
}

/** The trail after one more report; rules no longer probe-based are dropped from it. */
export function advanceTrail(previous: RuleTrail | undefined, reportId: string, outcomes: RawOutcome[]): RuleTrail {
  const rules: RuleTrail['rules'] = {};
  for (const { ruleId, status, n } of outcomes) {
    const before = previous?.rules[ruleId];
    const letter = STATUS_LETTER[status];
    const recent = ((before?.recent ?? '') + letter).slice(-n);
    const agreed = recent.length === n && [...recent].every((l) => l === letter);
    rules[ruleId] = { stable: !before || agreed ? status : before.stable, recent };
  }
  return { reportId, rules };
}

/** How many of the latest outcomes in a row are `status`. */
export function runLength(recent: string, status: HostRuleStatus): number {
  let n = 0;
  for (let i = recent.length - 1; i >= 0 && LETTER_STATUS[recent[i]!] === status; i--) n++;
  return n;
}
