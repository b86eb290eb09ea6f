/**
 * The interface every report kind implements, and the pieces they share: the document's
 * frame (title, unit, dates), chart series from the completion history, and the cells that
 * turn a RuleProgress into "days left / days overdue".
 */
import type {
  ChartSeries,
  CompletionPoint,
  Evaluation,
  HostEvaluation,
  HostRuleStatus,
  Lang,
  ReadinessDocument,
  ReportKind,
  ReportPeriod,
  RuleInfo,
  RuleProgress,
} from '../schema/index.js';
import type { EvaluationIndex } from './evaluation-index.js';
import { labelsFor } from './i18n.js';

/** Where the users are: timestamps print in this zone unless told otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface BuildInput {
  evaluation: Evaluation;
  /** Progress reports: the evaluation at the end of the previous period. */
  previous?: Evaluation | null;
  /** Completion per unit and rule from `from` to `to`, for the chart. */
  history?: { from: string; to: string; points: CompletionPoint[] } | null;
}

export interface BuildOptions {
  lang: Lang;
  /** When the document is produced (printed on it); the caller's clock keeps builders pure. */
  printedAt: string;
  timeZone?: string;
  period?: ReportPeriod;
  /** The audit chain's head at the time of printing (collector/audit), for the footer. */
  auditHead?: string | null;
}

export interface ReportKindBuilder {
  kind: ReportKind;
  /** What the caller must fetch besides the evaluation at `asOf`. */
  needs: { previous: boolean; history: boolean };
  build(input: BuildInput, opts: BuildOptions): ReadinessDocument;
}

type Frame = Pick<ReadinessDocument, 'kind' | 'lang' | 'title' | 'unit' | 'asOf' | 'printedAt' | 'timeZone' | 'period' | 'previousAsOf' | 'auditHead'>;

export function documentFrame(kind: ReportKind, ix: EvaluationIndex, opts: BuildOptions): Frame {
  const L = labelsFor(opts.lang);
  const scope = ix.evaluation.scopeUnitId;
  return {
    kind,
    lang: opts.lang,
    title: L.kind[kind],
    unit: { id: scope, name: scope ? `${ix.unitName(scope)}${ix.evaluation.ownOnly ? ` (${L.meta.ownOnly})` : ''}` : L.meta.allUnits },
    asOf: ix.evaluation.asOf,
    printedAt: opts.printedAt,
    timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE,
    period: null,
    previousAsOf: null,
    auditHead: opts.auditHead ?? null,
  };
}

/** The units headline figures and charts follow: the one asked for, else each tree's top. */
export function topUnitIds(ix: EvaluationIndex): string[] {
  const scope = ix.evaluation.scopeUnitId;
  if (scope && ix.evaluation.units.some((u) => u.unitId === scope)) return [scope];
  const ids = new Set(ix.evaluation.units.map((u) => u.unitId));
  return ix.unitsInOrder.filter((u) => !u.parentId || !ids.has(u.parentId)).map((u) => u.unitId);
}

/** One series per charted unit and rule that `include` keeps, points in day order. */
export function chartFrom(ix: EvaluationIndex, input: BuildInput, include: (rule: RuleInfo) => boolean): ReadinessDocument['chart'] {
  if (!input.history) return null;
  const units = topUnitIds(ix);
  const byKey = new Map<string, CompletionPoint[]>();
  for (const p of input.history.points) {
    const key = `${p.unitId}\u0000${p.ruleId}`;
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  const series: ChartSeries[] = [];
  for (const unitId of units) {
    for (const rule of ix.rules.filter(include)) {
      const points = (byKey.get(`${unitId}\u0000${rule.id}`) ?? [])
        .filter((p) => p.day >= input.history!.from && p.day <= input.history!.to)
        .sort((a, b) => a.day.localeCompare(b.day))
        .map((p) => ({ day: p.day, completionPct: p.completionPct }));
      const title = units.length > 1 ? `${ix.ruleTitle(rule.id)} (${ix.unitName(unitId)})` : ix.ruleTitle(rule.id);
      series.push({ unitId, unitName: ix.unitName(unitId), ruleId: rule.id, title, deadline: rule.deadline, points });
    }
  }
  return { from: input.history.from, to: input.history.to, series };
}

/** "Days left" and "days overdue" as two cells, both empty once the rule is done. */
export function daysCells(p: Pick<RuleProgress, 'daysLeft' | 'status'> | null): { daysLeft: number | null; daysOverdue: number | null } {
  if (!p || p.status === 'done') return { daysLeft: null, daysOverdue: null };
  return p.daysLeft >= 0 ? { daysLeft: p.daysLeft, daysOverdue: null } : { daysLeft: null, daysOverdue: -p.daysLeft };
}

/** Completion rounded for print: one decimal is enough to see movement, and sums stay honest. */
export const roundPct = (pct: number): number => Math.round(pct * 10) / 10;

/** How many machines a "held back by" cell names before it says "and N more". */
export const BLOCKING_LIST_LIMIT = 50;

/** At most `limit` host names, then "and N more": a rolled-up unit may hold thousands back. */
export function hostList(ix: EvaluationIndex, agentIds: readonly string[], limit = BLOCKING_LIST_LIMIT): string[] {
  const names = agentIds.map((id) => ix.hostname(id)).sort(ix.compare);
  if (names.length <= limit) return names;
  return [...names.slice(0, limit), labelsFor(ix.lang).meta.andMore(names.length - limit)];
}

/**
 * One verdict from several rule results: any failure fails, then anything unknown (or a host
 * with no recent data) is unknown, so a machine without data is never shown as ready.
 */
export function combineResults(statuses: readonly HostRuleStatus[], host: Pick<HostEvaluation, 'lastSeen' | 'stale'>): HostRuleStatus {
  if (host.lastSeen === null || host.stale) return statuses.includes('fail') ? 'fail' : 'unknown';
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('unknown')) return 'unknown';
  // A machine whose only gaps are exempted is not shown as passing: the exception is its own verdict.
  if (statuses.includes('exempted')) return 'exempted';
  if (statuses.includes('pass')) return 'pass';
  return statuses.length ? 'not_applicable' : 'unknown';
}
