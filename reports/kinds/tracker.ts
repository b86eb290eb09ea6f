/**
 * LAN/WAN completion tracker: one row per unit and per room, LAN and WAN side by side with
 * their deadlines, days left or overdue, and the machines that hold each back.
 *
 * A pack may split LAN (or WAN) into several rules (gateway, servers...). The category is
 * complete only when every one of its rules is, so the row shows the lowest completion, the
 * worst status and the deadline of the rule with that status, and every machine that holds
 * any of them back.
 */
import type { DeadlineStatus, DocumentColumn, DocumentRow, RuleProgress } from '../../schema/index.js';
import type { BuildInput, BuildOptions, ReportKindBuilder } from '../document.js';
import { chartFrom, daysCells, documentFrame, hostList, roundPct } from '../document.js';
import type { EvaluationIndex } from '../evaluation-index.js';
import { deviceParts } from '../devices/parts.js';
import { indexEvaluation } from '../evaluation-index.js';
import { categoryLabel, labelsFor } from '../i18n.js';
import { retiredHostsParts } from '../parts/retired-hosts.js';

const CATEGORIES = ['lan', 'wan'] as const;
type Category = (typeof CATEGORIES)[number];

/** Worst first: the status a combined row shows is the first one any rule has. */
const SEVERITY: DeadlineStatus[] = ['overdue', 'at_risk', 'unknown', 'on_track', 'done'];

function columns(opts: BuildOptions): DocumentColumn[] {
  const c = labelsFor(opts.lang).col;
  const band = (cat: Category): DocumentColumn[] => {
    const b = categoryLabel(opts.lang, cat);
    return [
      { key: `${cat}Completion`, label: c.completion, type: 'percent', band: b },
      { key: `${cat}Deadline`, label: c.deadline, type: 'date', band: b },
      { key: `${cat}DaysLeft`, label: c.daysLeft, type: 'number', band: b },
      { key: `${cat}DaysOverdue`, label: c.daysOverdue, type: 'number', band: b },
      { key: `${cat}Status`, label: c.status, type: 'status', band: b },
      { key: `${cat}BlockingCount`, label: c.blockingCount, type: 'number', band: b },
      { key: `${cat}Blocking`, label: c.blocking, type: 'list', band: b, wide: true },
    ];
  };
  return [{ key: 'unit', label: c.unit, type: 'text' }, { key: 'room', label: c.room, type: 'text' }, ...band('lan'), ...band('wan')];
}

function categoryCells(ix: EvaluationIndex, cat: Category, progress: RuleProgress[]): DocumentRow {
  const mine = progress.filter((p) => ix.rule(p.ruleId)?.category === cat);
  const empty = {
    [`${cat}Completion`]: null,
    [`${cat}Deadline`]: null,
    [`${cat}DaysLeft`]: null,
    [`${cat}DaysOverdue`]: null,
    [`${cat}Status`]: null,
    [`${cat}BlockingCount`]: null,
    [`${cat}Blocking`]: null,
  };
  if (!mine.length) return empty;
  const worst = [...mine].sort(
    (a, b) => SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status) || ix.rule(a.ruleId)!.deadline.localeCompare(ix.rule(b.ruleId)!.deadline),
  )[0]!;
  const blocking = [...new Set(mine.flatMap((p) => p.blockingHosts))];
  const missing = Math.max(...mine.map((p) => p.missingMachines));
  const days = daysCells(worst);
  return {
    [`${cat}Completion`]: roundPct(Math.min(...mine.map((p) => p.completionPct))),
    [`${cat}Deadline`]: ix.rule(worst.ruleId)!.deadline,
    [`${cat}DaysLeft`]: days.daysLeft,
    [`${cat}DaysOverdue`]: days.daysOverdue,
    [`${cat}Status`]: worst.status,
    [`${cat}BlockingCount`]: blocking.length + missing,
    [`${cat}Blocking`]: [
      ...hostList(ix, blocking),
      ...(missing ? [`${labelsFor(ix.lang).col.missing}: ${missing}`] : []),
    ],
  };
}

function build(input: BuildInput, opts: BuildOptions) {
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const rows: DocumentRow[] = [];
  const row = (unit: string, room: string, progress: RuleProgress[]): DocumentRow => ({
    unit,
    room,
    ...categoryCells(ix, 'lan', progress),
    ...categoryCells(ix, 'wan', progress),
  });
  for (const unit of ix.unitsInOrder) {
    const name = ix.unitName(unit.unitId);
    rows.push(row(name, L.meta.wholeUnit, unit.rules));
    for (const room of unit.rooms) rows.push(row(name, ix.roomName(unit.unitId, room.roomId), room.rules));
  }
  const unitRows = ix.unitsInOrder.map((u) => row('', '', u.rules));
  const doneCount = (cat: Category) => {
    const withRule = unitRows.filter((r) => r[`${cat}Status`] !== null);
    return `${withRule.filter((r) => r[`${cat}Status`] === 'done').length} / ${withRule.length}`;
  };
  return {
    ...documentFrame('tracker', ix, opts),
    orientation: 'landscape' as const,
    facts: [
      { label: L.fact.lanDone, value: doneCount('lan') },
      { label: L.fact.wanDone, value: doneCount('wan') },
    ],
    chart: chartFrom(ix, input, (rule) => (CATEGORIES as readonly string[]).includes(rule.category)),
    parts: [{ id: 'tracker', title: L.part.tracker, columns: columns(opts), rows, layout: 'table' as const, groupBy: ['unit'] }, ...deviceParts.tracker(input, opts), ...retiredHostsParts(input.evaluation, opts.lang)],
    primaryPart: 'tracker',
  };
}

export const trackerKind: ReportKindBuilder = { kind: 'tracker', needs: { previous: false, history: true }, build };
