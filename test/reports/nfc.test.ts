/**
 * Vietnamese survives every format in composed form (NFC), even when the org file or the rule
 * pack was saved decomposed: "Văn phòng" must print, sort, filter and search as one string.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildDocument, KINDS, renderDocument } from '../../reports/index.js';
import type { ReportKind } from '../../schema/index.js';
import { evaluationFixture, historyFixture, previousEvaluationFixture } from '../helpers/evaluation-fixture.js';
import { equipmentReviewFixture } from '../helpers/equipment-fixture.js';

const decomposed = evaluationFixture({ decomposed: true });
const build = (kind: ReportKind) =>
  buildDocument(
    kind,
    {
      evaluation: decomposed,
      previous: previousEvaluationFixture({ decomposed: true }),
      history: historyFixture(),
      equipment: JSON.parse(JSON.stringify(equipmentReviewFixture(evaluationFixture())).normalize('NFD')),
    },
    { lang: 'vi', printedAt: '2025-12-11T04:00:00.000Z', period: 'day' },
  );

const isNfc = (s: string) => s === s.normalize('NFC');
const VIETNAMESE = ['VKSND thành phố Hải Phòng', 'Văn phòng', 'Phòng 1'];

describe.each(KINDS.map((k) => [k.kind]))('%s', (kind) => {
  it('the fixture really is decomposed', () => {
    expect(decomposed.units[0]!.name).not.toBe('VKSND thành phố Hải Phòng');
    expect(decomposed.units[0]!.name.normalize('NFC')).toBe('VKSND thành phố Hải Phòng');
  });

  it('HTML and JSON', async () => {
    const doc = build(kind);
    for (const format of ['html', 'json'] as const) {
      const text = Buffer.from(await renderDocument(doc, format)).toString('utf8');
      expect(isNfc(text)).toBe(true);
      for (const word of VIETNAMESE) expect(text).toContain(word);
    }
  });

  it('CSV of every part', async () => {
    const doc = build(kind);
    for (const part of doc.parts) {
      const records: string[][] = parse(Buffer.from(await renderDocument(doc, 'csv', { part: part.id })), { bom: true });
      const cells = records.flat();
      expect(cells.every(isNfc)).toBe(true);
      // The equipment review's decision table names no place: its proposal words are the Vietnamese to check.
      const word = kind === 'equipment' && part.id === 'criteria' ? 'Thay thế' : kind === 'security' || kind === 'hosts' || part.id === 'changes' ? 'VKSND thành phố Hải Phòng' : 'Văn phòng';
      expect(cells).toContain(word);
    }
  });

  it('XLSX, every cell of every sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderDocument(build(kind), 'xlsx')) as unknown as ArrayBuffer);
    const strings: string[] = [wb.worksheets.map((w) => w.name).join(' ')];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && strings.push(c.value)));
    expect(strings.every(isNfc)).toBe(true);
    expect(strings).toContain('VKSND thành phố Hải Phòng');
  });
});
