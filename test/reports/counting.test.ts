/**
 * Counting that cannot mislead, read back from every format of the example fleet's documents:
 * each percentage is recomputed from its own row's passing and applicable columns (half-up,
 * one decimal), and a rule that applies to no machine of a unit reads "Không áp dụng" with no
 * percentage, never "Hoàn thành 100%".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { produceDocument } from '../../collector/readiness-documents.js';
import type { DocumentColumn, DocumentPart, ReadinessDocument, ReportFormat, ReportKind } from '../../schema/index.js';
import { exampleFleet, PRINTED_AT } from '../helpers/example-fleet.js';
import type { ExampleFleet } from '../helpers/example-fleet.js';

/**
 * Half-up to one decimal, worked out here from the quotient and remainder of 1000 × passing
 * by applicable, independently of the engine's formula; an incomplete rule never shows 100.
 */
function expectedPct(passing: number, applicable: number): number | null {
  if (applicable === 0) return null;
  const q = Math.trunc((passing * 1000) / applicable);
  const r = passing * 1000 - q * applicable;
  const tenths = q + (2 * r >= applicable ? 1 : 0);
  return (passing < applicable ? Math.min(tenths, 999) : tenths) / 10;
}

/** Each percentage column with the columns its value is made of. */
const PCT_SOURCES: Record<string, [passing: string, applicable: string]> = {
  completion: ['passing', 'applicable'],
  lanCompletion: ['lanPassing', 'lanApplicable'],
  wanCompletion: ['wanPassing', 'wanApplicable'],
  previousPct: ['previousPassing', 'previousApplicable'],
  currentPct: ['currentPassing', 'currentApplicable'],
};

const KINDS: Array<[ReportKind, string]> = [
  ['summary', 'summary'],
  ['tracker', 'tracker'],
  ['progress', 'overview'],
];

let dir: string;
let fleet: ExampleFleet;
const produced = new Map<string, { document: ReadinessDocument; body: Uint8Array }>();
const get = (kind: ReportKind, format: ReportFormat) => produced.get(`${kind}.${format}`)!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'readiness-counting-'));
  fleet = await exampleFleet(dir);
  for (const [kind] of KINDS) {
    for (const format of ['html', 'xlsx', 'csv', 'json'] as const) {
      const part = format === 'csv' ? KINDS.find((k) => k[0] === kind)![1] : undefined;
      const out = await produceDocument(fleet.readiness, { kind, format, lang: 'vi', period: 'week', ...(part ? { part } : {}), timeZone: 'Asia/Ho_Chi_Minh' }, PRINTED_AT);
      produced.set(`${kind}.${format}`, out);
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const partOf = (kind: ReportKind) => get(kind, 'json').document.parts.find((p) => p.id === KINDS.find((k) => k[0] === kind)![1])!;
const header = (c: DocumentColumn) => (c.band ? `${c.band} – ${c.label}` : c.label);
/** Vietnamese numbers as printed: "1.234,5" → 1234.5; empty → null. */
const viNumber = (s: string) => (s.trim() === '' ? null : Number(s.trim().replace(/\./g, '').replace(',', '.')));

/** Every percentage of a table, with the numbers of its row it must agree with. */
function checkRows(part: DocumentPart, rows: Array<Record<string, number | null>>) {
  let checked = 0;
  for (const row of rows) {
    for (const [pct, [p, a]] of Object.entries(PCT_SOURCES)) {
      if (!(pct in row)) continue;
      const passing = row[p];
      const applicable = row[a];
      if (passing === null || passing === undefined || applicable === null || applicable === undefined) {
        expect(row[pct], `${part.id}.${pct} with no counts`).toBeNull();
        continue;
      }
      expect(row[pct], `${part.id}.${pct} = ${passing}/${applicable}`).toBe(expectedPct(passing, applicable));
      checked++;
    }
  }
  return checked;
}

describe.each(KINDS)('%s: every percentage agrees with its own row', (kind) => {
  it('in JSON', () => {
    const part = partOf(kind);
    const rows = part.rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => typeof v === 'number' || v === null)) as Record<string, number | null>);
    expect(checkRows(part, rows)).toBeGreaterThan(10);
  });

  it('in CSV', () => {
    const part = partOf(kind);
    const records: string[][] = parse(Buffer.from(get(kind, 'csv').body), { bom: true });
    const keys = part.columns.filter((c) => !c.groupOnly).map((c) => c.key);
    expect(records[0]).toEqual(part.columns.filter((c) => !c.groupOnly).map(header));
    const rows = records.slice(1).map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i] === '' ? null : Number(r[i])])));
    expect(checkRows(part, rows)).toBeGreaterThan(10);
  });

  it('in XLSX, stored as the fraction Excel shows with one decimal', async () => {
    const part = partOf(kind);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(get(kind, 'xlsx').body as unknown as ArrayBuffer);
    // Sheet names cannot hold a slash ("Tiến độ LAN/WAN").
    const ws = wb.getWorksheet(part.title.replace(/[[\]:*?/\\]/g, ' '))!;
    const keys = part.columns.filter((c) => !c.groupOnly).map((c) => c.key);
    const pctColumns = new Set(part.columns.filter((c) => c.type === 'percent').map((c) => c.key));
    const rows: Array<Record<string, number | null>> = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      rows.push(
        Object.fromEntries(
          keys.map((k, i) => {
            const cell = row.getCell(i + 1);
            const v = typeof cell.value === 'number' ? cell.value : null;
            if (v !== null && pctColumns.has(k)) {
              expect(cell.numFmt).toBe('0.0%');
              return [k, Math.round(v * 1000) / 10];
            }
            return [k, v];
          }),
        ),
      );
    });
    expect(checkRows(part, rows)).toBeGreaterThan(10);
  });

  it('in HTML, as printed', () => {
    const part = partOf(kind);
    const html = Buffer.from(get(kind, 'html').body).toString('utf8');
    const shown = part.columns.filter((c) => !part.groupBy.includes(c.key) && !c.groupOnly && !c.dataOnly);
    const section = html.slice(html.indexOf(`<section class="part part-${part.id}">`));
    const table = section.slice(0, section.indexOf('</section>'));
    const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/g)]
      .map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!))
      .filter((cells) => cells.length === shown.length)
      .map((cells) => Object.fromEntries(shown.map((c, i) => [c.key, c.type === 'number' || c.type === 'percent' ? viNumber(cells[i]!) : NaN])));
    expect(rows).toHaveLength(part.rows.length);
    expect(checkRows(part, rows)).toBeGreaterThan(10);
  });
});

describe('the chart data', () => {
  it('gives each day its passing and applicable machines beside the percentage', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(get('progress', 'xlsx').body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Số liệu biểu đồ')!;
    const head = (ws.getRow(1).values as ExcelJS.CellValue[]).map(String);
    let n = 0;
    ws.eachRow((row, i) => {
      if (i === 1) return;
      const passing = row.getCell(head.indexOf('Đạt')).value as number;
      const applicable = row.getCell(head.indexOf('Áp dụng (mẫu số)')).value as number;
      const pct = row.getCell(head.indexOf('Tỷ lệ hoàn thành (%)')).value as number;
      expect(Math.round(pct * 1000) / 10).toBe(expectedPct(passing, applicable));
      n++;
    });
    // Three weeks of history for the rules of the city (those that apply to something).
    expect(n).toBeGreaterThan(14 * 20);
  });
});

describe('a rule that applies to no machine of a unit', () => {
  // hp-kv1 has no LAN server target: the lan-servers rule applies to none of its 15 machines.
  const rule = 'Mạng LAN thông suốt tới các máy chủ trong đơn vị';
  const unit = 'VKSND khu vực 1 - Hải Phòng';

  it('is "not applicable" in JSON, with no percentage and no completion day', () => {
    const row = partOf('summary').rows.find((r) => r.unit === unit && r.rule === rule)!;
    expect(row).toMatchObject({ expected: 15, notApplicable: 15, applicable: 0, passing: 0, completion: null, status: 'not_applicable', completedOn: null });
  });

  it('reads "Không áp dụng" in CSV, the percentage empty', () => {
    const records: string[][] = parse(Buffer.from(get('summary', 'csv').body), { bom: true });
    const [head, ...rows] = records;
    const row = rows.find((r) => r[head!.indexOf('Đơn vị')] === unit && r[head!.indexOf('Tiêu chí')] === rule)!;
    expect(row[head!.indexOf('Trạng thái')]).toBe('Không áp dụng');
    expect(row[head!.indexOf('Tỷ lệ hoàn thành (%)')]).toBe('');
    expect(records.flat().join(' ')).not.toMatch(/Hoàn thành/);
  });

  it('reads "Không áp dụng" in XLSX, the percentage cell empty', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(get('summary', 'xlsx').body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Tổng hợp theo đơn vị')!;
    const head = (ws.getRow(1).values as ExcelJS.CellValue[]).map(String);
    let found = 0;
    ws.eachRow((row, n) => {
      if (n === 1 || row.getCell(head.indexOf('Đơn vị')).value !== unit || row.getCell(head.indexOf('Tiêu chí')).value !== rule) return;
      expect(row.getCell(head.indexOf('Trạng thái')).value).toBe('Không áp dụng');
      expect(row.getCell(head.indexOf('Tỷ lệ hoàn thành (%)')).value).toBeNull();
      found++;
    });
    expect(found).toBe(1);
  });

  it('reads "Không áp dụng" in HTML, the percentage cell empty', () => {
    const html = Buffer.from(get('summary', 'html').body).toString('utf8');
    const group = html.slice(html.indexOf(`<b>${unit}</b>`));
    const row = group.slice(group.indexOf(rule), group.indexOf('</tr>', group.indexOf(rule)));
    expect(row).toContain('<td class="t-percent"></td>');
    expect(row).toContain('<td class="t-status s-not_applicable">Không áp dụng</td>');
  });
});
