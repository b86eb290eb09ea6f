/** CSV read back with csv-parse: BOM for Excel, library quoting, the evaluation's values. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildDocument, renderDocument, UnknownPartError } from '../../reports/index.js';
import type { RenderOptions } from '../../reports/index.js';
import type { ReportKind } from '../../schema/index.js';
import { currentHosts, evaluationFixture, previousEvaluationFixture, RULES } from '../helpers/evaluation-fixture.js';

const printedAt = '2025-12-11T04:00:00.000Z';

async function csv(kind: ReportKind, opts: RenderOptions = {}, evaluation = evaluationFixture()) {
  const doc = buildDocument(kind, { evaluation, previous: previousEvaluationFixture() }, { lang: 'vi', printedAt });
  const bytes = Buffer.from(await renderDocument(doc, 'csv', opts));
  const records: string[][] = parse(bytes, { bom: true, delimiter: opts.csvDelimiter ?? ',' });
  return { bytes, header: records[0]!, rows: records.slice(1) };
}

describe('CSV', () => {
  it('starts with a UTF-8 byte-order mark so Excel reads Vietnamese', async () => {
    const { bytes } = await csv('summary');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('holds the summary figures of the evaluation, days in ISO form', async () => {
    const evaluation = evaluationFixture();
    const { header, rows } = await csv('summary');
    expect(header).toEqual(['Đơn vị', 'Phòng', 'Tiêu chí', 'Nhóm', 'Số máy dự kiến', 'Đã báo cáo', 'Đạt', 'Miễn trừ', 'Tỷ lệ hoàn thành (%)', 'Thời hạn', 'Trạng thái', 'Ngày hoàn thành', 'Phụ trách']);
    const city = evaluation.units.find((u) => u.unitId === 'hp')!;
    city.rules.forEach((p, i) => {
      const rule = RULES.find((r) => r.id === p.ruleId)!;
      expect(rows[i]).toEqual([
        'VKSND thành phố Hải Phòng',
        'Toàn đơn vị',
        rule.title.vi,
        expect.any(String),
        String(p.expected),
        String(p.reporting),
        String(p.passing),
        String(p.exempted),
        String(Math.round(p.completionPct * 10) / 10),
        rule.deadline,
        expect.any(String),
        p.completedOn ?? '',
        rule.owner,
      ]);
    });
  });

  it('writes the host checklist by default, one line per machine and rule', async () => {
    const { header, rows } = await csv('hosts');
    expect(header).toContain('Bằng chứng');
    expect(rows).toHaveLength(currentHosts().length * RULES.length);
  });

  it('writes another part when asked, and names the parts when the name is wrong', async () => {
    const { rows } = await csv('hosts', { part: 'hosts' });
    expect(rows.map((r) => r[2])).toEqual(['PC-VP-01', 'PC-VP-02', 'PC-P1-01', 'PC-P2-01', 'PC-KV1-01']);
    await expect(csv('hosts', { part: 'nope' })).rejects.toThrow(UnknownPartError);
    await expect(csv('hosts', { part: 'nope' })).rejects.toThrow('its parts are hosts, checklist');
  });

  it('quotes commas, quotes and line breaks in names and evidence', async () => {
    const hosts = currentHosts();
    hosts[0]!.hostname = 'PC "Văn phòng", tầng 2';
    hosts[0]!.results[0]!.evidence = ['dòng một\ndòng hai; có dấu "ngoặc"'];
    const { rows } = await csv('hosts', {}, evaluationFixture({ hosts }));
    const row = rows.find((r) => r[2] === 'PC "Văn phòng", tầng 2')!;
    expect(row).toBeDefined();
    expect(row[7]).toBe('dòng một\ndòng hai; có dấu "ngoặc"');
  });

  it('uses semicolons and decimal commas for Excel set to Vietnamese regional settings', async () => {
    const { rows } = await csv('summary', { csvDelimiter: ';' });
    const vp = rows.find((r) => r[1] === 'Văn phòng')!;
    expect(vp[8]).toBe('66,7');
  });
});
