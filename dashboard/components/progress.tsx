/**
 * Units against the rollout's deadlines: one column per category of rules (LAN, WAN,
 * licences, antivirus, security, equipment, signing, and whatever a pack adds), each cell
 * counted the way the LAN/WAN tracker counts a category (reports/category-progress.ts).
 */
import { categoryProgress } from '../../reports/category-progress.js';
import type { EvaluationIndex } from '../../reports/evaluation-index.js';
import { categoryLabel } from '../../reports/i18n.js';
import type { Evaluation, RuleProgress, UnitEvaluation } from '../../schema/index.js';
import { machineCounts } from '../contract.js';
import type { View } from '../view.js';
import { EmptyCell, ProgressCell, StatusTag } from './figures.js';
import { completionValue, dueText, fractionText, percentText } from '../contract.js';

/** The categories of the evaluation's rules, in the pack's order. */
export const categoriesOf = (evaluation: Evaluation): string[] => [...new Set(evaluation.rules.map((r) => r.category))];

export function CategoryCell({ ix, view, category, progress }: { ix: EvaluationIndex; view: View; category: string; progress: readonly RuleProgress[] }) {
  const found = categoryProgress(ix, category, progress);
  if (!found) return <EmptyCell view={view} />;
  return <ProgressCell view={view} shown={found.lowest} due={found.worst} deadline={ix.rule(found.worst.ruleId)!.deadline} />;
}

export function CategoryHeads({ view, categories }: { view: View; categories: string[] }) {
  return (
    <>
      {categories.map((c) => (
        <th scope="col">{categoryLabel(view.lang, c)}</th>
      ))}
    </>
  );
}

/** Expected, reporting and not reporting machines of a unit, as three number cells. */
export function MachineCells({ view, progress }: { view: View; progress: readonly RuleProgress[] }) {
  const counts = machineCounts(progress);
  const n = (v: number | undefined) => (v === undefined ? '' : view.fmt.number(v));
  return (
    <>
      <td class="num">{n(counts?.expected)}</td>
      <td class="num">{n(counts?.reporting)}</td>
      <td class="num">{n(counts?.notReporting)}</td>
    </>
  );
}

export function MachineHeads({ view }: { view: View }) {
  const O = view.P.overview;
  return (
    <>
      <th scope="col" class="num">
        {O.machines}: {O.expected.toLowerCase()}
      </th>
      <th scope="col" class="num">
        {O.reporting}
      </th>
      <th scope="col" class="num">
        {O.notReporting}
      </th>
    </>
  );
}

/** Tiles for one unit: each category's status, completion with its denominator, and deadline. */
export function CategoryTiles({ ix, view, unit, categories }: { ix: EvaluationIndex; view: View; unit: UnitEvaluation; categories: string[] }) {
  const { fmt } = view;
  return (
    <div class="cards">
      {categories.map((category) => {
        const found = categoryProgress(ix, category, unit.rules);
        if (!found) return null;
        return (
          <div class="card">
            <h2>{categoryLabel(view.lang, category)}</h2>
            <p>
              <StatusTag status={found.worst.status} view={view} /> <strong>{percentText(found.lowest, fmt)}</strong> · {fractionText(found.lowest, fmt)}
            </p>
            <progress max={100} value={completionValue(found.lowest)} aria-hidden="true"></progress>
            <p>
              {view.P.figure.deadline(fmt.day(ix.rule(found.worst.ruleId)!.deadline))} · {dueText(found.worst, fmt)}
            </p>
          </div>
        );
      })}
    </div>
  );
}

/** How deep each unit sits below the evaluation's top units (0 for a top unit). */
export function depthsOf(ix: EvaluationIndex): Map<string, number> {
  const depth = new Map<string, number>();
  for (const u of ix.unitsInOrder) depth.set(u.unitId, u.parentId !== null && depth.has(u.parentId) ? depth.get(u.parentId)! + 1 : 0);
  return depth;
}
