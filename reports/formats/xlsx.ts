/**
 * XLSX with exceljs's streaming writer (a checklist of 20,000 hosts is 300,000 rows): an
 * "about" sheet with the unit, dates and headline figures, one sheet per report part with a
 * frozen header, filters, widths that fit the content, status colours and dates as real
 * dates, then the chart's numbers so Văn phòng can draw its own charts. Printing from Excel
 * gets A4, fit to the page width, with the header row repeated.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Alignment, Fill, Font, Style } from 'exceljs';
import type { CellValue, DocumentColumn, DocumentPart, ReadinessDocument } from '../../schema/index.js';
import type { Formatter } from '../format.js';
import { formatterFor, isFinding } from '../format.js';
import { labelsFor } from '../i18n.js';
import type { Renderer } from './types.js';

/** Excel refuses longer cell text. */
const MAX_CELL = 32_767;
/** Rows sampled to size columns: enough to see long values without reading 300,000 rows twice. */
const WIDTH_SAMPLE = 2_000;

const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
/** One palette per meaning; each status and change kind takes the palette of its meaning. */
const GOOD = { fill: 'FFE6F4EA', font: 'FF17612A' };
const INFO = { fill: 'FFE3EFFD', font: 'FF0D3F8F' };
const WARN = { fill: 'FFFFF4D6', font: 'FF7A5200' };
const BAD = { fill: 'FFFDE7E9', font: 'FFA3151B' };
const COLOURS: Record<string, { fill: string; font: string }> = {
  done: GOOD,
  pass: GOOD,
  newly_passing: GOOD,
  on_track: INFO,
  newly_reporting: INFO,
  at_risk: WARN,
  overdue: BAD,
  fail: BAD,
  regression: BAD,
  became_overdue: BAD,
  unknown: { fill: 'FFEEEEEE', font: 'FF3C3C3C' },
  not_applicable: { fill: 'FFF7F7F7', font: 'FF6B6B6B' },
  exempted: { fill: 'FFF1E8FA', font: 'FF5B2C83' },
};

const top: Partial<Alignment> = { vertical: 'top' };
const wrapTop: Partial<Alignment> = { vertical: 'top', wrapText: true };
const thin = { style: 'thin' as const, color: { argb: 'FF999999' } };

/** One style object per kind of cell: exceljs reuses the style id of an object it has seen. */
function stylesFor(lang: ReadinessDocument['lang']) {
  const dayFmt = lang === 'vi' ? 'dd/mm/yyyy' : 'yyyy-mm-dd';
  const coded = new Map<string, Partial<Style>>();
  return {
    header: { font: { bold: true } as Partial<Font>, fill: solid('FFE8EAED'), alignment: wrapTop, border: { bottom: thin } } as Partial<Style>,
    text: { alignment: top } as Partial<Style>,
    wide: { alignment: wrapTop } as Partial<Style>,
    number: { alignment: top, numFmt: '#,##0.##' } as Partial<Style>,
    percent: { alignment: top, numFmt: '0.0%' } as Partial<Style>,
    date: { alignment: top, numFmt: dayFmt } as Partial<Style>,
    datetime: { alignment: top, numFmt: `${dayFmt} hh:mm` } as Partial<Style>,
    blank: { alignment: top, border: { top: thin, left: thin, bottom: thin, right: thin } } as Partial<Style>,
    coded: (code: string, wide: boolean): Partial<Style> => {
      const key = `${code}\u0000${wide}`;
      let style = coded.get(key);
      if (!style) {
        const c = COLOURS[code];
        style = { alignment: wide ? wrapTop : top, ...(c ? { fill: solid(c.fill), font: { color: { argb: c.font } } } : {}) };
        coded.set(key, style);
      }
      return style;
    },
  };
}
type Styles = ReturnType<typeof stylesFor>;

const clip = (s: string) => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s);
const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** The cell's value as Excel stores it, and its style. */
function cell(value: CellValue, column: DocumentColumn, fmt: Formatter, styles: Styles): [ExcelJS.CellValue, Partial<Style>] {
  if (column.type === 'blank') return [null, styles.blank];
  if (value === null) return [null, column.wide ? styles.wide : styles.text];
  if (isFinding(value)) return [clip(fmt.text(value, column, 'display')), styles.coded(value.status, true)];
  if (Array.isArray(value)) return [clip(value.join('; ')), styles.wide];
  switch (column.type) {
    case 'number':
      return [value, styles.number];
    case 'percent':
      return [typeof value === 'number' ? value / 100 : value, styles.percent];
    case 'date':
      return [typeof value === 'string' ? utcDay(value) : value, styles.date];
    case 'datetime':
      return [typeof value === 'string' ? fmt.wallClock(value) : value, styles.datetime];
    case 'status':
    case 'result':
    case 'change':
      return [fmt.code(column.type, String(value)), styles.coded(String(value), false)];
    default:
      return [clip(String(value)), column.wide ? styles.wide : styles.text];
  }
}

function width(part: DocumentPart, column: DocumentColumn, label: string, fmt: Formatter): number {
  const fixed: Partial<Record<DocumentColumn['type'], number>> = { date: 12, datetime: 17, percent: 10, blank: 18 };
  let longest = fixed[column.type] ?? 4;
  if (!fixed[column.type]) {
    for (const row of part.rows.slice(0, WIDTH_SAMPLE)) longest = Math.max(longest, fmt.text(row[column.key] ?? null, column, 'display').length);
  }
  // The header wraps between words; the filter button needs about three characters beside it.
  const headerWord = Math.max(...label.split(/\s+/).map((w) => w.length)) + 3;
  return Math.min(Math.max(longest + 2, headerWord, Math.min(label.length, 14), 8), column.wide ? 60 : 40);
}

function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

const pageSetup = (doc: ReadinessDocument) => ({
  paperSize: 9, // A4
  orientation: doc.orientation,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:1',
});

function addTable(wb: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReadinessDocument, name: string, part: DocumentPart, fmt: Formatter, styles: Styles) {
  const labels = part.columns.map((c) => (c.band ? `${c.band} – ${c.label}` : c.label));
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: pageSetup(doc) });
  ws.columns = part.columns.map((c, i) => ({ key: c.key, width: width(part, c, labels[i]!, fmt) }));
  const header = ws.addRow(labels);
  header.eachCell((c) => (c.style = styles.header));
  header.commit();
  for (const row of part.rows) {
    const values: Array<ExcelJS.CellValue | undefined> = [];
    const rowStyles: Array<Partial<Style> | undefined> = [];
    for (const c of part.columns) {
      const [v, s] = cell(row[c.key] ?? null, c, fmt, styles);
      // An empty cell is no cell at all (exceljs skips undefined), except a field to fill in:
      // most checklist lines have no remediation, and every cell costs time at 300,000 rows.
      const skip = v === null && c.type !== 'blank';
      values.push(skip ? undefined : v);
      rowStyles.push(skip ? undefined : s);
    }
    const r = ws.addRow(values);
    for (let i = 0; i < rowStyles.length; i++) {
      const style = rowStyles[i];
      if (style) r.getCell(i + 1).style = style;
    }
    r.commit();
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: part.rows.length + 1, column: part.columns.length } };
  part.columns.forEach((c, i) => {
    if (!c.choices?.length || !part.rows.length) return;
    const letter = ws.getColumn(i + 1).letter;
    // The streaming sheet has exceljs's range-based validations, which its typings leave out.
    (ws as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${part.rows.length + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${c.choices.join(',')}"`],
    });
  });
  ws.commit();
}

export async function renderXlsx(doc: ReadinessDocument): Promise<Buffer> {
  const L = labelsFor(doc.lang);
  const fmt = formatterFor(doc);
  const styles = stylesFor(doc.lang);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  // Inline strings: a shared-string table of 300,000 distinct evidence sentences costs a
  // quarter more memory for a file only a tenth smaller once zipped.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'readiness';
  wb.created = new Date(doc.printedAt);
  const taken = new Set<string>();

  const info = wb.addWorksheet(sheetName(L.part.info, taken), { pageSetup: pageSetup(doc) });
  info.columns = [{ width: 32 }, { width: 60 }];
  const infoRows: [string, ExcelJS.CellValue, Partial<Style>][] = [
    [L.col.unit, doc.unit.name, styles.text],
    [L.meta.asOf, utcDay(doc.asOf), styles.date],
    ...(doc.period ? ([[L.meta.period, L.periodName[doc.period], styles.text]] as [string, ExcelJS.CellValue, Partial<Style>][]) : []),
    ...(doc.previousAsOf ? ([[L.meta.comparedWith, utcDay(doc.previousAsOf), styles.date]] as [string, ExcelJS.CellValue, Partial<Style>][]) : []),
    [L.meta.printedAt, fmt.wallClock(doc.printedAt), styles.datetime],
    ...(doc.auditHead ? ([[L.meta.auditHead, doc.auditHead, styles.text]] as [string, ExcelJS.CellValue, Partial<Style>][]) : []),
    ...doc.facts.map((f): [string, ExcelJS.CellValue, Partial<Style>] => [f.label, f.value, typeof f.value === 'number' ? styles.number : styles.text]),
  ];
  const title = info.addRow([doc.title]);
  title.getCell(1).font = { bold: true, size: 14 };
  title.commit();
  for (const [label, value, style] of infoRows) {
    const r = info.addRow([label, value]);
    r.getCell(1).style = styles.header;
    r.getCell(2).style = { ...style, alignment: { horizontal: 'left', vertical: 'top' } };
    r.commit();
  }
  info.commit();

  for (const part of doc.parts) addTable(wb, doc, sheetName(part.title, taken), part, fmt, styles);

  if (doc.chart?.series.length) {
    const chartPart: DocumentPart = {
      id: 'chart',
      title: L.part.chart,
      layout: 'table',
      groupBy: [],
      columns: [
        { key: 'unit', label: L.col.unit, type: 'text' },
        { key: 'rule', label: L.col.rule, type: 'text', wide: true },
        { key: 'deadline', label: L.col.deadline, type: 'date' },
        { key: 'day', label: L.meta.asOf, type: 'date' },
        { key: 'completion', label: L.col.completion, type: 'percent' },
      ],
      rows: doc.chart.series.flatMap((s) =>
        s.points.map((p) => ({ unit: s.unitName, rule: s.title, deadline: s.deadline, day: p.day, completion: p.completionPct })),
      ),
    };
    addTable(wb, doc, sheetName(chartPart.title, taken), chartPart, fmt, styles);
  }
  await wb.commit();
  return Buffer.concat(chunks);
}

export const xlsxRenderer: Renderer = {
  format: 'xlsx',
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  inline: false,
  render: (doc) => renderXlsx(doc),
};
