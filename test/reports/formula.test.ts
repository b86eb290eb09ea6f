/**
 * Spreadsheet formula injection: text from agents and the org file never starts a formula in
 * a CSV or XLSX cell. A machine named `=HYPERLINK("http://x","y")` prints with a leading
 * apostrophe, its name still readable, in every document that names machines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildDocument, renderDocument } from '../../reports/index.js';
import { neutraliseFormula } from '../../reports/format.js';
import type { ReportKind } from '../../schema/index.js';
import { currentHosts, evaluationFixture, previousEvaluationFixture } from '../helpers/evaluation-fixture.js';
import { systemRequirement } from '../helpers/system.js';

const EVIL = '=HYPERLINK("http://x","y")';
const SHOWN = `'${EVIL}`;

function documentWithEvilHost(kind: ReportKind) {
  const hosts = currentHosts();
  // PC-P1-01 fails the WAN rule, so the tracker names it among the machines holding WAN back.
  hosts.find((h) => h.hostname === 'PC-P1-01')!.hostname = EVIL;
  const evaluation = evaluationFixture({ hosts });
  return buildDocument(kind, { evaluation, previous: previousEvaluationFixture() }, { lang: 'vi', printedAt: '2025-12-11T04:00:00.000Z', all: true });
}

describe('the neutralising prefix', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('prefixes %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });
  it.each(['PC-VP-01', 'Văn phòng', '1', "'=quoted already"])('leaves %j alone', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe.each<[ReportKind, string]>([
  ['hosts', 'hosts'],
  ['hosts', 'checklist'],
  ['tracker', 'tracker'],
  ['security', 'devices'],
])('%s (%s part)', (kind, partId) => {
  it('CSV: the cell holds the name behind an apostrophe', async () => {
    const doc = documentWithEvilHost(kind);
    const records: string[][] = parse(Buffer.from(await renderDocument(doc, 'csv', { part: partId })), { bom: true });
    const cells = records.flat();
    expect(cells.some((c) => c.startsWith(SHOWN))).toBe(true);
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it('XLSX: no formula cell anywhere, the name shown as text', async () => {
    const doc = documentWithEvilHost(kind);
    const bytes = await renderDocument(doc, 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const texts: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula).toBeUndefined();
          if (typeof cell.value === 'string') texts.push(cell.value);
        }),
      );
    }
    expect(texts.some((t) => t.startsWith(SHOWN))).toBe(true);
    expect(texts.filter((t) => /^[=+\-@\t\r]/.test(t))).toEqual([]);
  });
});

const unzip = systemRequirement({ commands: ['unzip'], install: 'apt-get install unzip' });

describe.skipIf(!unzip.ok)('the sheet XML itself', () => {
  it('has no <f> element and escapes the quotes of the name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'readiness-formula-'));
    try {
      const file = join(dir, 'hosts.xlsx');
      writeFileSync(file, await renderDocument(documentWithEvilHost('hosts'), 'xlsx'));
      const xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/*.xml'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
      expect(xml).not.toMatch(/<f[ >]/);
      expect(xml).toContain(`'=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('numbers the renderers write themselves', () => {
  it('stay numbers in CSV, a negative change included', async () => {
    const doc = buildDocument('progress', { evaluation: evaluationFixture(), previous: previousEvaluationFixture() }, { lang: 'vi', printedAt: '2025-12-11T04:00:00.000Z' });
    const part = doc.parts.find((p) => p.id === 'overview')!;
    const row = part.rows.find((r) => typeof r.deltaPct === 'number' && r.deltaPct < 0);
    expect(row).toBeDefined();
    const records: string[][] = parse(Buffer.from(await renderDocument(doc, 'csv', { part: 'overview' })), { bom: true });
    const column = records[0]!.indexOf('Thay đổi (điểm %)');
    expect(records.slice(1).some((r) => r[column] === String(row!.deltaPct))).toBe(true);
  });
});
