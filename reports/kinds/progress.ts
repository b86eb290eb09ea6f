/**
 * Progress report for a day, a week or a month: completion per unit, room and rule at the end
 * of the previous period beside now, then what changed (newly passing, regressions, newly
 * reporting machines, rules that became overdue). Văn phòng sends it to the Standing Committee.
 */
import { remediationParts } from '../parts/remediation.js';
import type { ChangeKind, DocumentColumn, DocumentRow, HostEvaluation, RuleProgress } from '../../schema/index.js';
import type { BuildInput, BuildOptions, ReportKindBuilder } from '../document.js';
import { chartFrom, documentFrame, roundPct } from '../document.js';
import type { EvaluationIndex } from '../evaluation-index.js';
import { indexEvaluation, nfc } from '../evaluation-index.js';
import { labelsFor } from '../i18n.js';
import type { HostRuleChange } from '../progress.js';
import { diffEvaluations } from '../progress.js';

function overviewRows(ix: EvaluationIndex, previous: BuildInput['evaluation']): DocumentRow[] {
  const L = labelsFor(ix.lang);
  const before = new Map<string, number>();
  const key = (unitId: string, roomId: string, ruleId: string) => `${unitId}\u0000${roomId}\u0000${ruleId}`;
  for (const u of previous.units) {
    for (const p of u.rules) before.set(key(u.unitId, '', p.ruleId), p.completionPct);
    for (const room of u.rooms) for (const p of room.rules) before.set(key(u.unitId, room.roomId, p.ruleId), p.completionPct);
  }
  const rows: DocumentRow[] = [];
  const row = (unitId: string, roomId: string, roomName: string, p: RuleProgress): DocumentRow => {
    const was = before.get(key(unitId, roomId, p.ruleId));
    return {
      unit: ix.unitName(unitId),
      room: roomName,
      rule: ix.ruleTitle(p.ruleId),
      previousPct: was === undefined ? null : roundPct(was),
      currentPct: roundPct(p.completionPct),
      deltaPct: was === undefined ? null : roundPct(p.completionPct - was),
      deadline: ix.rule(p.ruleId)?.deadline ?? null,
      status: p.status,
    };
  };
  for (const u of ix.unitsInOrder) {
    for (const p of u.rules) rows.push(row(u.unitId, '', L.meta.wholeUnit, p));
    for (const room of u.rooms) for (const p of room.rules) rows.push(row(u.unitId, room.roomId, ix.roomName(u.unitId, room.roomId), p));
  }
  return rows;
}

function build(input: BuildInput, opts: BuildOptions) {
  if (!input.previous) throw new Error('a progress report needs the evaluation at the end of the previous period (input.previous)');
  const period = opts.period ?? 'day';
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const c = L.col;
  const diff = diffEvaluations(input.previous, input.evaluation);
  const hostsById = new Map(input.evaluation.hosts.map((h) => [h.agentId, h]));
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
  const ruleChange = (change: ChangeKind) => (x: HostRuleChange): DocumentRow => ({
    change,
    ...hostCells(hostsById.get(x.agentId), x.agentId),
    rule: ix.ruleTitle(x.ruleId),
    result: x.current,
    deadline: null,
    daysOverdue: null,
    evidence: x.evidence.map(nfc),
  });
  const changes: DocumentRow[] = [
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
      deadline: ix.rule(x.ruleId)?.deadline ?? null,
      daysOverdue: x.daysOverdue,
      evidence: null,
    })),
  ];

  return {
    ...documentFrame('progress', ix, opts),
    title: L.progressTitle[period],
    period,
    previousAsOf: input.previous.asOf,
    orientation: 'landscape' as const,
    facts: [
      { label: L.change.newly_passing, value: diff.newlyPassing.length },
      { label: L.change.regression, value: diff.regressions.length },
      { label: L.change.newly_reporting, value: diff.newlyReporting.length },
      { label: L.change.became_overdue, value: diff.becameOverdue.length },
    ],
    chart: chartFrom(ix, input, () => true),
    parts: [
      {
        id: 'overview',
        title: L.part.overview,
        columns: [
          { key: 'unit', label: c.unit, type: 'text' },
          { key: 'room', label: c.room, type: 'text' },
          { key: 'rule', label: c.rule, type: 'text', wide: true },
          { key: 'previousPct', label: c.previousPct, type: 'percent' },
          { key: 'currentPct', label: c.currentPct, type: 'percent' },
          { key: 'deltaPct', label: c.deltaPct, type: 'number' },
          { key: 'deadline', label: c.deadline, type: 'date' },
          { key: 'status', label: c.status, type: 'status' },
        ] satisfies DocumentColumn[],
        rows: overviewRows(ix, input.previous),
        layout: 'table' as const,
        groupBy: ['unit', 'room'],
      },
      {
        id: 'changes',
        title: L.part.changes,
        columns: [
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
        ] satisfies DocumentColumn[],
        rows: changes,
        layout: 'table' as const,
        groupBy: ['change'],
      },
      ...remediationParts(input.evaluation, opts.lang),
    ],
    primaryPart: 'changes',
  };
}

export const progressKind: ReportKindBuilder = { kind: 'progress', needs: { previous: true, history: true }, build };
