/**
 * How a status, a result and a unit's progress on a rule look: always words and colour
 * together (never colour alone), the percentage with its denominator, the deadline and the
 * days left or overdue. Every figure and word comes from dashboard/contract.ts.
 */
import type { DeadlineStatus, HostRuleStatus, RuleProgress } from '../../schema/index.js';
import { completionValue, dueText, fractionText, percentText, resultWord, statusWord } from '../contract.js';
import type { View } from '../view.js';

export const StatusTag = ({ status, view }: { status: DeadlineStatus; view: View }) => <strong class={`tag s-${status}`}>{statusWord(status, view.lang)}</strong>;

export const ResultTag = ({ status, view }: { status: HostRuleStatus; view: View }) => <strong class={`tag s-${status}`}>{resultWord(status, view.lang)}</strong>;

/**
 * One unit's (or room's) progress on a rule or category: status, completion, "35/40 máy", and
 * "hạn 10/12/2025 · quá hạn 12 ngày". `shown` gives the completion, `due` the status and days
 * (the same rule, or for a category the lowest and the worst of its rules).
 */
export function ProgressCell(props: { view: View; shown: RuleProgress; due: RuleProgress; deadline: string; compact?: boolean }) {
  const { view, shown, due } = props;
  const { fmt } = view;
  return (
    <td class="cell">
      <StatusTag status={due.status} view={view} />
      <span class="pct">{percentText(shown, fmt)}</span>
      {props.compact ? null : <progress max={100} value={completionValue(shown)} aria-hidden="true"></progress>}
      <span class="frac">{fractionText(shown, fmt)}</span>
      {props.compact ? null : (
        <span class="due">
          {view.P.figure.deadline(fmt.day(props.deadline))} · {dueText(due, fmt)}
        </span>
      )}
    </td>
  );
}

export const EmptyCell = ({ view }: { view: View }) => <td class="cell none">{view.P.figure.none}</td>;
