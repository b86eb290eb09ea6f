/**
 * Unit readiness summary: for each unit (its figures rolled up over rooms and child units)
 * and each of its rooms, every rule with expected, reporting and passing machines, completion,
 * deadline, status, the day it was completed and its owner. What Văn phòng sends upward.
 */
import type { DocumentColumn, DocumentRow, RuleProgress } from '../../schema/index.js';
import type { BuildInput, BuildOptions, ReportKindBuilder } from '../document.js';
import { chartFrom, documentFrame, roundPct, topUnitIds } from '../document.js';
import type { EvaluationIndex } from '../evaluation-index.js';
import { deviceParts } from '../devices/parts.js';
import { indexEvaluation, nfc } from '../evaluation-index.js';
import { categoryLabel, labelsFor } from '../i18n.js';
import { retiredHostsParts } from '../parts/retired-hosts.js';
import { remediationParts } from '../parts/remediation.js';

function columns(opts: BuildOptions): DocumentColumn[] {
  const c = labelsFor(opts.lang).col;
  return [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'rule', label: c.rule, type: 'text', wide: true },
    { key: 'category', label: c.category, type: 'text' },
    { key: 'expected', label: c.expected, type: 'number' },
    { key: 'reporting', label: c.reporting, type: 'number' },
    { key: 'passing', label: c.passing, type: 'number' },
    { key: 'exempted', label: c.exempted, type: 'number' },
    { key: 'completion', label: c.completion, type: 'percent' },
    { key: 'deadline', label: c.deadline, type: 'date' },
    { key: 'status', label: c.status, type: 'status' },
    { key: 'completedOn', label: c.completedOn, type: 'date' },
    { key: 'owner', label: c.owner, type: 'text' },
  ];
}

function ruleRow(ix: EvaluationIndex, unit: string, room: string, p: RuleProgress): DocumentRow {
  const rule = ix.rule(p.ruleId);
  return {
    unit,
    room,
    rule: ix.ruleTitle(p.ruleId),
    category: rule ? categoryLabel(ix.lang, rule.category) : null,
    expected: p.expected,
    reporting: p.reporting,
    passing: p.passing,
    exempted: p.exempted,
    completion: roundPct(p.completionPct),
    deadline: rule?.deadline ?? null,
    status: p.status,
    completedOn: p.completedOn,
    owner: rule ? nfc(rule.owner) : null,
  };
}

function build(input: BuildInput, opts: BuildOptions) {
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const rows: DocumentRow[] = [];
  for (const unit of ix.unitsInOrder) {
    const unitName = ix.unitName(unit.unitId);
    for (const p of unit.rules) rows.push(ruleRow(ix, unitName, L.meta.wholeUnit, p));
    for (const room of unit.rooms) {
      for (const p of room.rules) rows.push(ruleRow(ix, unitName, ix.roomName(unit.unitId, room.roomId), p));
    }
  }

  const tops = new Set(topUnitIds(ix));
  const topProgress = input.evaluation.units.filter((u) => tops.has(u.unitId)).flatMap((u) => u.rules);
  const reporting = input.evaluation.hosts.filter((h) => h.lastSeen !== null && !h.stale).length;
  return {
    ...documentFrame('summary', ix, opts),
    orientation: 'landscape' as const,
    facts: [
      { label: L.fact.units, value: input.evaluation.units.length },
      { label: L.fact.reportingMachines, value: reporting },
      { label: L.fact.rulesDone, value: `${topProgress.filter((p) => p.status === 'done').length} / ${topProgress.length}` },
      { label: L.fact.rulesOverdue, value: topProgress.filter((p) => p.status === 'overdue').length },
    ],
    chart: chartFrom(ix, input, () => true),
    parts: [{ id: 'summary', title: L.part.summary, columns: columns(opts), rows, layout: 'table' as const, groupBy: ['unit', 'room'] }, ...deviceParts.summary(input, opts), ...retiredHostsParts(input.evaluation, opts.lang), ...remediationParts(input.evaluation, opts.lang)],
    primaryPart: 'summary',
  };
}

export const summaryKind: ReportKindBuilder = { kind: 'summary', needs: { previous: false, history: true }, build };
