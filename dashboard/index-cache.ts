/**
 * The documents' look-ups over an evaluation (names, tree order, collation), built once per
 * evaluation and language: evaluations are cached, and building the index of 20,000 hosts
 * costs more than rendering one page of them.
 */
import { indexEvaluation } from '../reports/evaluation-index.js';
import type { EvaluationIndex } from '../reports/evaluation-index.js';
import type { Evaluation, Lang } from '../schema/index.js';

const indexes = new WeakMap<Evaluation, Partial<Record<Lang, EvaluationIndex>>>();

export function indexOf(evaluation: Evaluation, lang: Lang): EvaluationIndex {
  let byLang = indexes.get(evaluation);
  if (!byLang) indexes.set(evaluation, (byLang = {}));
  return (byLang[lang] ??= indexEvaluation(evaluation, lang));
}
