/**
 * The few places the dashboard reads the evaluation contract's counting and wording. Pages
 * never compute a figure or name a status themselves: they call these, which lean on the
 * documents' own functions (reports/), so a change in how completion is rounded, what the
 * denominator is, how evidence reads in each language or what a status is called lands here
 * (and in reports/) alone, never in each page.
 */
import { daysCells } from '../reports/document.js';
import { evidenceWriter } from '../reports/evidence.js';
import type { Formatter } from '../reports/format.js';
import { labelsFor } from '../reports/i18n.js';
import type { DeadlineStatus, Evaluation, HostEvaluation, HostRuleResult, HostRuleStatus, Lang, RuleProgress } from '../schema/index.js';

/** The result's evidence as sentences in the reader's language, written as the documents write them. */
export function evidenceLines(result: HostRuleResult, lang: Lang, facts: Evaluation['facts']): string[] {
  return evidenceWriter(facts, lang).lines(result.evidence);
}

/** What completion counts: passing machines over those the rule applies to. */
export function completionFraction(p: RuleProgress): { passing: number; applicable: number } {
  return { passing: p.passing, applicable: p.applicable };
}

/** "87,5%" (Vietnamese) or "87.5%", as the rule engine rounds it (half-up, one decimal); "Không áp dụng" where the rule applies to no machine. */
export function percentText(p: RuleProgress, fmt: Formatter): string {
  return p.completionPct === null ? statusWord('not_applicable', fmt.lang) : `${fmt.number(p.completionPct)}%`;
}

/** "35/40 máy": the denominator beside every percentage. */
export function fractionText(p: RuleProgress, fmt: Formatter): string {
  const { passing, applicable } = completionFraction(p);
  return labelsFor(fmt.lang).page.figure.of(fmt.number(passing), fmt.number(applicable));
}

/** The completion value a `<progress>` bar shows (0–100, as printed). */
export const completionValue = (p: RuleProgress): number => p.completionPct ?? 0;

/** A unit's or room's status in words (Hoàn thành, Đúng tiến độ, ...). */
export const statusWord = (status: DeadlineStatus, lang: Lang): string => labelsFor(lang).status[status];

/** A host's result for a rule in words (Đạt, Không đạt, ...). */
export const resultWord = (status: HostRuleStatus, lang: Lang): string => labelsFor(lang).result[status];

/** "còn 5 ngày", "quá hạn 12 ngày", "đến hạn hôm nay", or "xong ngày 08/12/2025" once done. */
export function dueText(p: RuleProgress, fmt: Formatter): string {
  const F = labelsFor(fmt.lang).page.figure;
  if (p.status === 'done') return p.completedOn ? F.doneOn(fmt.day(p.completedOn)) : statusWord('done', fmt.lang);
  const days = daysCells(p);
  if (days.daysOverdue !== null) return F.daysOverdue(fmt.number(days.daysOverdue));
  if (days.daysLeft === 0) return F.dueToday;
  return F.daysLeft(fmt.number(days.daysLeft ?? 0));
}

/** Machines the unit expects, those reporting, and those not (the same for every rule of a unit). */
export function machineCounts(progress: readonly RuleProgress[]): { expected: number; reporting: number; notReporting: number } | null {
  const first = progress[0];
  if (!first) return null;
  return { expected: first.expected, reporting: first.reporting, notReporting: Math.max(0, first.expected - first.reporting) };
}

/** Whether a host counts as reporting: it reported within the pack's heartbeat window. */
export const isReporting = (h: Pick<HostEvaluation, 'lastSeen' | 'stale'>): boolean => h.lastSeen !== null && !h.stale;
