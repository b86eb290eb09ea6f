/**
 * LAN/WAN completion tracker: one row per unit and per room, LAN and WAN side by side with
 * passing and applicable machines, completion, deadline, days left or overdue, status, and
 * the machines that hold each back.
 *
 * A pack may split LAN (or WAN) into several rules (gateway, servers...). The category is
 * complete only when every one of its rules is, so the row shows the rule with the lowest
 * completion (its own passing and applicable beside it), the worst status and the deadline of
 * the rule with that status, and every machine that holds any of them back. Rules that apply
 * to no machine there are left out; when none applies, the category is "not applicable".
 */
import type { DocumentColumn, DocumentPart, DocumentRow, RuleProgress } from '../../schema/index.js';
import type { KindContext } from '../document.js';
import { chartFrom, daysCells, defineKind, hostList, STATUS_SEVERITY, tablePart } from '../document.js';
import { categoryLabel } from '../i18n.js';
import { deviceParts } from '../devices/parts.js';
import { retiredHostsPart } from '../parts/retired-hosts.js';

const CATEGORIES = ['lan', 'wan'] as const;
type Category = (typeof CATEGORIES)[number];

const FIELDS = ['Passing', 'Applicable', 'Completion', 'Deadline', 'DaysLeft', 'DaysOverdue', 'Status', 'BlockingCount', 'Blocking'] as const;

function columns(ctx: KindContext): DocumentColumn[] {
  const c = ctx.L.col;
  const band = (cat: Category): DocumentColumn[] => {
    const b = categoryLabel(ctx.ix.lang, cat);
    return [
      { key: `${cat}Passing`, label: c.passing, type: 'number', band: b },
      { key: `${cat}Applicable`, label: c.applicable, type: 'number', band: b },
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

function categoryCells(ctx: KindContext, cat: Category, progress: RuleProgress[]): DocumentRow {
  const { ix, L } = ctx;
  const cells: DocumentRow = Object.fromEntries(FIELDS.map((f) => [`${cat}${f}`, null]));
  const mine = progress.filter((p) => ix.rule(p.ruleId)?.category === cat);
  if (!mine.length) return cells;
  const applying = mine.filter((p) => p.status !== 'not_applicable');
  if (!applying.length) return { ...cells, [`${cat}Status`]: 'not_applicable', [`${cat}Deadline`]: ix.rule(mine[0]!.ruleId)!.deadline };
  const deadline = (p: RuleProgress) => ix.rule(p.ruleId)!.deadline;
  const worst = [...applying].sort((a, b) => STATUS_SEVERITY.indexOf(a.status) - STATUS_SEVERITY.indexOf(b.status) || deadline(a).localeCompare(deadline(b)))[0]!;
  // The lowest completion, compared as fractions so the shown counts are that rule's own.
  const lowest = applying.reduce((a, b) => (b.passing * a.applicable < a.passing * b.applicable ? b : a));
  const blocking = [...new Set(applying.flatMap((p) => p.blockingHosts))];
  const missing = Math.max(...applying.map((p) => p.missingMachines));
  const days = daysCells(worst);
  return {
    [`${cat}Passing`]: lowest.passing,
    [`${cat}Applicable`]: lowest.applicable,
    [`${cat}Completion`]: lowest.completionPct,
    [`${cat}Deadline`]: deadline(worst),
    [`${cat}DaysLeft`]: days.daysLeft,
    [`${cat}DaysOverdue`]: days.daysOverdue,
    [`${cat}Status`]: worst.status,
    [`${cat}BlockingCount`]: blocking.length + missing,
    [`${cat}Blocking`]: [...hostList(ix, blocking), ...(missing ? [`${L.col.missing}: ${missing}`] : [])],
  };
}

const trackerRow = (ctx: KindContext, unit: string, room: string, progress: RuleProgress[]): DocumentRow => ({
  unit,
  room,
  ...categoryCells(ctx, 'lan', progress),
  ...categoryCells(ctx, 'wan', progress),
});

export function trackerPart(ctx: KindContext): DocumentPart {
  const rows = ctx.ix.groups().map((g) => trackerRow(ctx, g.unitName, g.roomLabel, g.rules));
  const notes = [ctx.L.note.completion, ctx.L.note.trackerWorst];
  if (rows.some((r) => r.lanStatus === 'not_applicable' || r.wanStatus === 'not_applicable')) notes.push(ctx.L.note.notApplicable);
  return tablePart(ctx, { id: 'tracker', title: ctx.L.part.tracker, columns: columns(ctx), rows, groupBy: ['unit'], notes });
}

export const trackerKind = defineKind({
  kind: 'tracker',
  needs: { previous: false, history: true },
  form: 'report',
  orientation: 'landscape',
  facts: (ctx) => {
    const { ix, L } = ctx;
    const scoped = ix.evaluation.scopeRoomId !== null;
    const rows = ix.groups().filter((g) => scoped || g.roomId === null).map((g) => trackerRow(ctx, '', '', g.rules));
    const doneCount = (cat: Category) => {
      const applying = rows.filter((r) => r[`${cat}Status`] !== null && r[`${cat}Status`] !== 'not_applicable');
      return `${applying.filter((r) => r[`${cat}Status`] === 'done').length} / ${applying.length}`;
    };
    return [
      { label: scoped ? L.fact.lanDoneRooms : L.fact.lanDone, value: doneCount('lan') },
      { label: scoped ? L.fact.wanDoneRooms : L.fact.wanDone, value: doneCount('wan') },
    ];
  },
  chart: (ctx) => chartFrom(ctx.ix, ctx.input, (rule) => (CATEGORIES as readonly string[]).includes(rule.category)),
  parts: [trackerPart, ...deviceParts.tracker, retiredHostsPart],
  primaryPart: 'tracker',
});
