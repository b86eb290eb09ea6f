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
      // The top unit's WAN down an hour on the day, under its decomposed name.
      availability: {
        from: '2025-12-11',
        to: '2025-12-11',
        scopes: ['wan'],
        units: [
          {
            unitId: decomposed.units[0]!.unitId,
            name: decomposed.units[0]!.name,
            scopes: {
              wan: {
                period: { from: '2025-12-11', to: '2025-12-11', upMinutes: 1380, downMinutes: 60, noDataMinutes: 0, availabilityPct: 95.83 },
                days: [{ from: '2025-12-11', to: '2025-12-11', upMinutes: 1380, downMinutes: 60, noDataMinutes: 0, availabilityPct: 95.83 }],
                outages: [{ start: '2025-12-11T01:00:00.000Z', end: '2025-12-11T02:00:00.000Z', minutes: 60, targets: ['172.16.0.10'], machines: 3 }],
              },
            },
          },
        ],
      },
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
      // The availability document is per unit: it names no room.
      for (const word of kind === 'availability' ? VIETNAMESE.slice(0, 1) : VIETNAMESE) expect(text).toContain(word);
    }
  });

  it('CSV of every part', async () => {
    const doc = build(kind);
    for (const part of doc.parts) {
      const records: string[][] = parse(Buffer.from(await renderDocument(doc, 'csv', { part: part.id })), { bom: true });
      const cells = records.flat();
      expect(cells.every(isNfc)).toBe(true);
      // The equipment review's decision table names no place: its proposal words are the Vietnamese to check.
      const word = kind === 'equipment' && part.id === 'criteria' ? 'Thay thế' : kind === 'security' || kind === 'hosts' || kind === 'availability' || part.id === 'changes' ? 'VKSND thành phố Hải Phòng' : 'Văn phòng';
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
