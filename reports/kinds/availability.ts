/**
 * LAN/WAN availability (Báo cáo thời gian hoạt động mạng LAN, WAN; docs/availability.md): per
 * unit and scope over a day, a week or a month, the minutes up, down and without data, the
 * availability %, then the outage log (start, end, minutes, targets that did not answer, how many
 * machines saw it) and the figures per day. Made from the units' compact series
 * (`BuildInput.availability`), never from the reports, so a month's WAN downtime of every unit
 * can be printed, signed and sent to the carrier.
 */
import type { DocumentColumn, DocumentPart, DocumentRow, ReadinessDocument, ReportPeriod } from '../../schema/index.js';
import { LINK_SCOPES } from '../../rules/availability.js';
import type { LinkScope, PeriodAvailability } from '../../rules/availability.js';
import type { AvailabilityFigures, KindContext } from '../document.js';
import { defineKind, tablePart } from '../document.js';

interface AvailabilityContext extends KindContext {
  figures: AvailabilityFigures;
  /** Units in the tree order of every other document. */
  units: AvailabilityFigures['units'];
}

/**
 * The days a document of `period` ending on `asOf` covers, both inclusive: that day; the week
 * from its Monday; the month from its first day. To send a whole month, ask for its last day.
 */
export function periodDays(asOf: string, period: ReportPeriod): { from: string; to: string } {
  if (period === 'day') return { from: asOf, to: asOf };
  if (period === 'month') return { from: `${asOf.slice(0, 8)}01`, to: asOf };
  const d = new Date(`${asOf}T00:00:00Z`);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return { from: new Date(d.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10), to: asOf };
}

function prepare(ctx: KindContext): AvailabilityContext {
  const asOf = ctx.ix.evaluation.asOf;
  // Without figures (no series kept): the period ending on the evaluation's day, every unit without data.
  const figures = ctx.input.availability ?? { ...periodDays(asOf, ctx.opts.period ?? 'month'), scopes: [...LINK_SCOPES], units: [] };
  const given = new Map(figures.units.map((u) => [u.unitId, u]));
  // Every unit of the document's scope, in the tree order of every other document; a unit the series never mention has no data.
  const units = ctx.ix.unitsInOrder.map((u) => given.get(u.unitId) ?? { unitId: u.unitId, name: u.name, scopes: {} });
  return { ...ctx, figures, units };
}

const scopeName = (ctx: KindContext, scope: LinkScope) => ctx.L.category[scope] ?? scope;

/** Up, down, no data, % under one band per scope: LAN and WAN side by side. */
function figureColumns(ctx: AvailabilityContext, withOutages: boolean): DocumentColumn[] {
  const C = ctx.L.availability.col;
  return ctx.figures.scopes.flatMap((scope): DocumentColumn[] => {
    const band = scopeName(ctx, scope);
    return [
      { key: `${scope}Up`, label: C.up, type: 'number', band, decimals: 2 },
      { key: `${scope}Down`, label: C.down, type: 'number', band, decimals: 2 },
      { key: `${scope}NoData`, label: C.noData, type: 'number', band, decimals: 2 },
      { key: `${scope}Pct`, label: C.pct, type: 'percent', band, decimals: 2 },
      ...(withOutages ? [{ key: `${scope}Outages`, label: C.outages, type: 'number', band } as DocumentColumn] : []),
    ];
  });
}

const figureCells = (scope: LinkScope, p: PeriodAvailability | undefined): DocumentRow =>
  p
    ? { [`${scope}Up`]: p.upMinutes, [`${scope}Down`]: p.downMinutes, [`${scope}NoData`]: p.noDataMinutes, [`${scope}Pct`]: p.availabilityPct }
    : { [`${scope}Up`]: null, [`${scope}Down`]: null, [`${scope}NoData`]: null, [`${scope}Pct`]: null };

function unitsPart(ctx: AvailabilityContext): DocumentPart {
  const A = ctx.L.availability;
  const rows = ctx.units.map((u): DocumentRow => {
    const row: DocumentRow = { unit: ctx.ix.unitName(u.unitId) };
    for (const scope of ctx.figures.scopes) {
      const s = u.scopes[scope];
      Object.assign(row, figureCells(scope, s?.period), { [`${scope}Outages`]: s ? s.outages.length : null });
    }
    return row;
  });
  const columns: DocumentColumn[] = [{ key: 'unit', label: ctx.L.col.unit, type: 'text' }, ...figureColumns(ctx, true)];
  return tablePart(ctx, { id: 'units', title: A.part.units, columns, rows, notes: [A.note.pct, A.note.state] });
}

function outagesPart(ctx: AvailabilityContext): DocumentPart {
  const A = ctx.L.availability;
  const rows: DocumentRow[] = [];
  for (const u of ctx.units) {
    for (const scope of ctx.figures.scopes) {
      for (const o of u.scopes[scope]?.outages ?? []) {
        rows.push({ unit: ctx.ix.unitName(u.unitId), scope: scopeName(ctx, scope), start: o.start, end: o.end, minutes: o.minutes, targets: o.targets.length ? o.targets : null, machines: o.machines });
      }
    }
  }
  const columns: DocumentColumn[] = [
    { key: 'unit', label: ctx.L.col.unit, type: 'text' },
    { key: 'scope', label: A.col.scope, type: 'text' },
    { key: 'start', label: A.col.start, type: 'datetime' },
    { key: 'end', label: A.col.end, type: 'datetime' },
    { key: 'minutes', label: A.col.minutes, type: 'number', decimals: 2 },
    { key: 'targets', label: A.col.targets, type: 'list', wide: true },
    { key: 'machines', label: A.col.machines, type: 'number' },
  ];
  return tablePart(ctx, { id: 'outages', title: A.part.outages, columns, rows, groupBy: ['unit'], notes: [A.note.outages] });
}

/**
 * One row per unit and day, LAN and WAN side by side. Printed for one unit (the letter to the
 * carrier); for several units it is a sheet of the spreadsheet (and CSV, JSON) only: a month
 * of 273 units would be 8,000 printed lines.
 */
function daysPart(ctx: AvailabilityContext): DocumentPart {
  const A = ctx.L.availability;
  const rows: DocumentRow[] = [];
  for (const u of ctx.units) {
    const days = ctx.figures.scopes.map((scope) => [scope, u.scopes[scope]?.days ?? []] as const);
    const count = Math.max(0, ...days.map(([, d]) => d.length));
    for (let i = 0; i < count; i++) {
      const row: DocumentRow = { unit: ctx.ix.unitName(u.unitId), day: days.find(([, d]) => d[i])![1][i]!.from };
      for (const [scope, d] of days) Object.assign(row, figureCells(scope, d[i]));
      rows.push(row);
    }
  }
  const columns: DocumentColumn[] = [{ key: 'unit', label: ctx.L.col.unit, type: 'text' }, { key: 'day', label: A.col.day, type: 'date' }, ...figureColumns(ctx, false)];
  return { ...tablePart(ctx, { id: 'days', title: A.part.days, columns, rows, groupBy: ['unit'] }), dataOnly: ctx.units.length > 1 };
}

/** Up ÷ (up + down) over every unit of the document, rounded down like each unit's (rules/availability.ts). */
function overall(ctx: AvailabilityContext, scope: LinkScope): { pct: number | null; down: number; outages: number } {
  let up = 0;
  let down = 0;
  let outages = 0;
  for (const u of ctx.units) {
    const s = u.scopes[scope];
    if (!s) continue;
    up += s.period.upMinutes;
    down += s.period.downMinutes;
    outages += s.outages.length;
  }
  return { pct: up + down === 0 ? null : Math.floor((up / (up + down)) * 10000) / 100, down: Math.round(down * 100) / 100, outages };
}

export const availabilityKind = defineKind<AvailabilityContext>({
  kind: 'availability',
  needs: { previous: false, history: false, availability: true },
  form: 'report',
  orientation: 'landscape',
  prepare,
  subject: (ctx) => {
    const { L, fmt, figures, opts } = ctx;
    return `${L.form.subject.availability} ${L.form.periodSpan(opts.period ?? 'month', fmt.day(figures.from), fmt.day(figures.to))}`;
  },
  facts: (ctx) => {
    const A = ctx.L.availability;
    const facts: ReadinessDocument['facts'] = [
      { label: ctx.L.fact.units, value: ctx.units.length },
      { label: A.fact.period, value: `${ctx.fmt.day(ctx.figures.from)} – ${ctx.fmt.day(ctx.figures.to)}` },
    ];
    for (const scope of ctx.figures.scopes) {
      const o = overall(ctx, scope);
      const name = scopeName(ctx, scope);
      facts.push(
        { label: A.fact.pct(name), value: o.pct === null ? A.fact.noData : ctx.fmt.text(o.pct, { key: 'pct', label: name, type: 'percent', decimals: 2 }, 'display') },
        { label: A.fact.down(name), value: o.down },
        { label: A.fact.outages(name), value: o.outages },
      );
    }
    return facts;
  },
  parts: [unitsPart, outagesPart, daysPart],
  primaryPart: 'units',
  frame: (ctx) => ({ asOf: ctx.figures.to, period: ctx.opts.period ?? 'month' }),
});
