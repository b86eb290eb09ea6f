/**
 * Unit readiness summary: for each unit (its figures rolled up over rooms and child units)
 * and each of its rooms, every rule with every count its completion is made of (expected,
 * reporting, not applicable, applicable, passing, failing, unknown), the deadline, status,
 * completed-on day and the look-ahead; then the rules with their owners. What Văn phòng
 * sends upward.
 */
import type { DocumentColumn, DocumentPart, DocumentRow, RuleProgress } from '../../schema/index.js';
import type { KindContext } from '../document.js';
import { appliesNowhereNote, countCells, countColumns, defineKind, dueHere, headlineProgress, outlookText, ruleNumber, rulesApplyingNowhere, tablePart } from '../document.js';
import { nfc } from '../evaluation-index.js';
import { categoryLabel } from '../i18n.js';
import { deviceParts } from '../devices/parts.js';
import { retiredHostsPart } from '../parts/retired-hosts.js';
import { exceptionsPart, tasksPart } from '../parts/remediation.js';

function ruleRow(ctx: KindContext, unit: string, room: string, p: RuleProgress): DocumentRow {
  const rule = ctx.ix.rule(p.ruleId);
  return {
    stt: ruleNumber(ctx.ix, p.ruleId),
    unit,
    room,
    rule: ctx.ix.ruleTitle(p.ruleId),
    category: rule ? categoryLabel(ctx.ix.lang, rule.category) : null,
    ...countCells(p),
    deadline: rule ? dueHere(rule, p) : null,
    status: p.status,
    completedOn: p.completedOn,
    outlook: outlookText(ctx, p),
  };
}

/** The notes every table of completion figures carries: how the percentage is made, what the words mean. */
export function countingNotes(ctx: KindContext, rows: readonly RuleProgress[]): string[] {
  const { L, ix } = ctx;
  const notes = [L.note.completion];
  if (rows.some((p) => p.status === 'not_applicable')) notes.push(L.note.notApplicable);
  const windows = [...new Set(rows.filter((p) => p.projection).map((p) => ix.rule(p.ruleId)?.lookAheadDays ?? 0))];
  if (windows.length === 1) notes.push(L.note.outlook(windows[0]!));
  return notes;
}

export function summaryPart(ctx: KindContext): DocumentPart {
  const { ix, L } = ctx;
  const c = L.col;
  const rows: DocumentRow[] = [];
  const all: RuleProgress[] = [];
  const nowhere = rulesApplyingNowhere(ix);
  for (const g of ix.groups()) {
    for (const p of g.rules) {
      if (nowhere.has(p.ruleId)) continue;
      rows.push(ruleRow(ctx, g.unitName, g.roomLabel, p));
      all.push(p);
    }
  }
  const columns: DocumentColumn[] = [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'rule', label: c.rule, type: 'text', wide: true, oneLine: true },
    { key: 'category', label: c.category, type: 'text', dataOnly: true },
    ...countColumns(L),
    { key: 'deadline', label: c.deadline, type: 'date' },
    { key: 'status', label: c.status, type: 'status' },
    { key: 'completedOn', label: c.completedOn, type: 'date' },
    { key: 'outlook', label: c.outlook, type: 'text', oneLine: true },
  ];
  const notes = [...countingNotes(ctx, all), appliesNowhereNote(ctx, nowhere), ownersNote(ctx, nowhere)].filter((n): n is string => n !== null);
  return tablePart(ctx, { id: 'summary', title: L.part.summary, columns, rows, groupBy: ['unit', 'room'], notes });
}

/**
 * The "5 rõ" owner of each rule in a few lines: rules by their number (the STT of every group),
 * those with one owner together, so the printed summary names who answers for what.
 */
export function ownersNote(ctx: KindContext, leftOut: ReadonlySet<string> = new Set()): string {
  const byOwner = new Map<string, number[]>();
  ctx.ix.rules.forEach((r, i) => {
    if (leftOut.has(r.id)) return;
    const owner = nfc(r.owner);
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), i + 1]);
  });
  return ctx.L.note.owners([...byOwner].map(([owner, numbers]) => ({ owner, numbers })));
}

/** The rules once, with what the rows leave out: severity and the "5 rõ" owner. */
export function rulesPart(ctx: KindContext): DocumentPart {
  const { ix, L } = ctx;
  const c = L.col;
  const rows: DocumentRow[] = ix.rules.map((r) => ({
    rule: ix.ruleTitle(r.id),
    category: categoryLabel(ix.lang, r.category),
    severity: L.severity[r.severity],
    deadline: r.deadline,
    owner: nfc(r.owner),
  }));
  const columns: DocumentColumn[] = [
    { key: 'rule', label: c.rule, type: 'text', wide: true },
    { key: 'category', label: c.category, type: 'text' },
    { key: 'severity', label: c.severity, type: 'text' },
    { key: 'deadline', label: c.deadline, type: 'date' },
    { key: 'owner', label: c.owner, type: 'text', wide: true },
  ];
  // On paper the owners are a note under the summary: the list itself is for spreadsheets.
  return tablePart(ctx, { id: 'rules', title: L.part.rules, columns, rows, dataOnly: true });
}

export const summaryKind = defineKind({
  kind: 'summary',
  needs: { previous: false, history: false },
  form: 'report',
  orientation: 'landscape',
  facts: (ctx) => {
    const { L, input } = ctx;
    const top = headlineProgress(ctx.ix).filter((p) => p.status !== 'not_applicable');
    const hosts = input.evaluation.hosts;
    return [
      { label: L.fact.units, value: input.evaluation.units.length },
      { label: L.fact.reportingMachines, value: hosts.filter((h) => h.lastSeen !== null && !h.stale).length },
      { label: L.fact.rulesDone, value: `${top.filter((p) => p.status === 'done').length} / ${top.length}` },
      { label: L.fact.rulesAtRisk, value: top.filter((p) => p.status === 'at_risk').length },
      { label: L.fact.rulesOverdue, value: top.filter((p) => p.status === 'overdue').length },
    ];
  },
  // No charts: with the default pack's twenty machine rules the example org's summary would not fit
  // on four pages with them; the tracker and the progress report chart completion over time.
  parts: [summaryPart, rulesPart, ...deviceParts.summary, retiredHostsPart, tasksPart, exceptionsPart],
  primaryPart: 'summary',
});
