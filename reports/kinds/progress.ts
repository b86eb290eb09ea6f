/**
 * Progress report for a day, a week or a month: completion per unit, room and rule at the end
 * of the previous period beside now (each with its passing and applicable machines), then
 * what changed (newly passing, regressions, newly reporting machines, rules that became
 * overdue). Văn phòng sends it to the Standing Committee. With less history than the period,
 * the caller compares with the first recorded day, and the document says so.
 */
import { exceptionsPart, tasksPart } from '../parts/remediation.js';
import type { ChangeKind, DocumentColumn, DocumentPart, DocumentRow, Evaluation, HostEvaluation, ReportPeriod } from '../../schema/index.js';
import type { KindContext } from '../document.js';
import { appliesNowhereNote, chartFrom, defineKind, dueHere, ruleNumber, rulesApplyingNowhere, tablePart } from '../document.js';
import type { EvaluationIndex } from '../evaluation-index.js';
import { indexEvaluation } from '../evaluation-index.js';
import type { HostRuleChange, ProgressDiff } from '../progress.js';
import { diffEvaluations } from '../progress.js';
import { countingNotes } from './summary.js';

interface ProgressContext extends KindContext {
  previous: Evaluation;
  before: EvaluationIndex;
  period: ReportPeriod;
  diff: ProgressDiff;
}

/** Percentage points between two one-decimal percentages, in tenths so 66.7 − 50 is 16.7 exactly. */
const pointsBetween = (was: number | null, now: number | null) => (was === null || now === null ? null : (Math.round(now * 10) - Math.round(was * 10)) / 10);

export function overviewPart(ctx: ProgressContext): DocumentPart {
  const { ix, L, before } = ctx;
  const c = L.col;
  const rows: DocumentRow[] = [];
  const nowhere = rulesApplyingNowhere(ix);
  for (const g of ix.groups()) {
    for (const p of g.rules) {
      if (nowhere.has(p.ruleId)) continue;
      const was = before.progress(g.unitId, g.roomId, p.ruleId);
      rows.push({
        stt: ruleNumber(ix, p.ruleId),
        unit: g.unitName,
        room: g.roomLabel,
        rule: ix.ruleTitle(p.ruleId),
        previousPassing: was?.passing ?? null,
        previousApplicable: was?.applicable ?? null,
        previousPct: was?.completionPct ?? null,
        currentPassing: p.passing,
        currentApplicable: p.applicable,
        currentPct: p.completionPct,
        deltaPct: pointsBetween(was?.completionPct ?? null, p.completionPct),
        deadline: ix.rule(p.ruleId)?.deadline ?? null,
        status: p.status,
      });
    }
  }
  const then = ctx.fmt.day(ctx.previous.recordedOn);
  const now = ctx.fmt.day(ix.evaluation.asOf);
  const columns: DocumentColumn[] = [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'rule', label: c.rule, type: 'text', wide: true, oneLine: true },
    { key: 'previousPassing', label: c.passing, type: 'number', band: then },
    { key: 'previousApplicable', label: c.applicable, type: 'number', band: then },
    { key: 'previousPct', label: c.completion, type: 'percent', band: then },
    { key: 'currentPassing', label: c.passing, type: 'number', band: now },
    { key: 'currentApplicable', label: c.applicable, type: 'number', band: now },
    { key: 'currentPct', label: c.completion, type: 'percent', band: now },
    { key: 'deltaPct', label: c.deltaPct, type: 'number' },
    { key: 'deadline', label: c.deadline, type: 'date' },
    { key: 'status', label: c.status, type: 'status' },
  ];
  const notes = countingNotes(
    ctx,
    ix.groups().flatMap((g) => g.rules.filter((p) => !nowhere.has(p.ruleId))),
  );
  const leftOut = appliesNowhereNote(ctx, nowhere);
  if (leftOut) notes.push(leftOut);
  const comparison = ctx.opts.comparison;
  if (comparison && comparison.basis !== 'period_end') notes.unshift(L.note.compared(then, ctx.fmt.day(comparison.periodEnd), comparison.basis));
  return tablePart(ctx, { id: 'overview', title: L.part.overview, columns, rows, groupBy: ['unit', 'room'], notes });
}

export function changesPart(ctx: ProgressContext): DocumentPart {
  const { ix, L, diff, say } = ctx;
  /** The rule's deadline there, or for a rule due per device the earliest device due. */
  const dueOf = (unitId: string, roomId: string | null, ruleId: string) => {
    const rule = ix.rule(ruleId);
    return rule ? dueHere(rule, ix.progress(unitId, roomId, ruleId)) : null;
  };
  const c = L.col;
  const hostsById = new Map(ix.evaluation.hosts.map((h) => [h.agentId, h]));
  const hostRank = new Map(ix.hostsInOrder().map((h, i) => [h.agentId, i]));
  const ruleRank = new Map(ix.rules.map((r, i) => [r.id, i]));
  const inHostOrder = <T extends { agentId: string; ruleId?: string }>(list: T[]): T[] =>
    [...list].sort(
      (a, b) =>
        (hostRank.get(a.agentId) ?? Infinity) - (hostRank.get(b.agentId) ?? Infinity) ||
        (ruleRank.get(a.ruleId ?? '') ?? 0) - (ruleRank.get(b.ruleId ?? '') ?? 0),
    );
  const hostCells = (h: HostEvaluation | undefined, agentId: string) => ({
    unit: h ? ix.unitName(h.unitId) : '',
    room: h ? ix.roomName(h.unitId, h.roomId) : '',
    hostname: ix.hostname(agentId),
    lastSeen: h?.lastSeen ?? null,
  });
  const ruleChange =
    (change: ChangeKind) =>
    (x: HostRuleChange): DocumentRow => ({
      change,
      ...hostCells(hostsById.get(x.agentId), x.agentId),
      rule: ix.ruleTitle(x.ruleId),
      result: x.current,
      deadline: null,
      daysOverdue: null,
      evidence: say.lines(x.evidence),
    });
  const rows: DocumentRow[] = [
    ...inHostOrder(diff.newlyPassing).map(ruleChange('newly_passing')),
    ...inHostOrder(diff.regressions).map(ruleChange('regression')),
    ...inHostOrder(diff.newlyReporting).map((h) => ({
      change: 'newly_reporting',
      ...hostCells(h, h.agentId),
      rule: null,
      result: null,
      deadline: null,
      daysOverdue: null,
      evidence: null,
    })),
    ...diff.becameOverdue.map((x) => ({
      change: 'became_overdue',
      unit: ix.unitName(x.unitId),
      room: x.roomId === null ? L.meta.wholeUnit : ix.roomName(x.unitId, x.roomId),
      hostname: null,
      lastSeen: null,
      rule: ix.ruleTitle(x.ruleId),
      result: null,
      deadline: dueOf(x.unitId, x.roomId, x.ruleId),
      daysOverdue: x.daysOverdue,
      evidence: null,
    })),
  ];
  const columns: DocumentColumn[] = [
    { key: 'change', label: c.change, type: 'change' },
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'hostname', label: c.hostname, type: 'text' },
    { key: 'lastSeen', label: c.lastSeen, type: 'datetime' },
    { key: 'rule', label: c.rule, type: 'text', wide: true },
    { key: 'result', label: c.result, type: 'result' },
    { key: 'deadline', label: c.deadline, type: 'date' },
    { key: 'daysOverdue', label: c.daysOverdue, type: 'number' },
    { key: 'evidence', label: c.evidence, type: 'list', wide: true },
  ];
  return tablePart(ctx, { id: 'changes', title: L.part.changes, columns, rows, groupBy: ['change'] });
}

export const progressKind = defineKind<ProgressContext>({
  kind: 'progress',
  needs: { previous: true, history: true },
  form: 'report',
  orientation: 'landscape',
  prepare: (ctx) => {
    const previous = ctx.input.previous;
    if (!previous) throw new Error('a progress report needs the evaluation at the end of the previous period (input.previous)');
    return { ...ctx, previous, before: indexEvaluation(previous, ctx.opts.lang, ctx.opts.timeZone), period: ctx.opts.period ?? 'day', diff: diffEvaluations(previous, ctx.input.evaluation) };
  },
  title: (ctx) => ctx.L.progressTitle[ctx.period],
  subject: (ctx) => {
    const room = ctx.ix.scopeRoom();
    const span = ctx.L.form.periodSpan(ctx.period, ctx.fmt.day(ctx.previous.recordedOn), ctx.fmt.day(ctx.ix.evaluation.asOf));
    return [ctx.L.form.subject.progress, span, room ? ctx.L.form.inRoom(room.name) : ''].filter(Boolean).join(' ');
  },
  frame: (ctx) => ({ period: ctx.period, previousAsOf: ctx.previous.recordedOn, comparison: ctx.opts.comparison ?? null }),
  facts: (ctx) => [
    { label: ctx.L.change.newly_passing, value: ctx.diff.newlyPassing.length },
    { label: ctx.L.change.regression, value: ctx.diff.regressions.length },
    { label: ctx.L.change.newly_reporting, value: ctx.diff.newlyReporting.length },
    { label: ctx.L.change.became_overdue, value: ctx.diff.becameOverdue.length },
  ],
  chart: (ctx) => chartFrom(ctx.ix, ctx.input, () => true),
  parts: [overviewPart, changesPart, tasksPart, exceptionsPart],
  primaryPart: 'changes',
});
