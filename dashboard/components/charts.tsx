/** Completion over time against each rule's deadline: the documents' own small charts. */
import { raw } from 'hono/html';
import { chartsHtml } from '../../reports/chart.js';
import { chartFrom } from '../../reports/document.js';
import type { EvaluationIndex } from '../../reports/evaluation-index.js';
import type { CompletionPoint } from '../../schema/index.js';
import type { View } from '../view.js';

export type Series = { from: string; to: string; points: CompletionPoint[] };

/** One chart per rule for the evaluation's top unit. */
export const Charts = ({ ix, view, series }: { ix: EvaluationIndex; view: View; series: Series }) =>
  raw(chartsHtml(chartFrom(ix, { evaluation: ix.evaluation, history: series }, () => true), view.fmt));
