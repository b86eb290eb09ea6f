/** CSV read back with csv-parse: BOM for Excel, library quoting, the evaluation's values. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildDocument, renderDocument, UnknownPartError } from '../../reports/index.js';
import type { RenderOptions } from '../../reports/index.js';
import type { ReportKind } from '../../schema/index.js';
import { currentHosts, evaluationFixture, previousEvaluationFixture, RULES } from '../helpers/evaluation-fixture.js';

const printedAt = '2025-12-11T04:00:00.000Z';

async function csv(kind: ReportKind, opts: RenderOptions = {}, evaluation = evaluationFixture(), all = false) {
  const doc = buildDocument(kind, { evaluation, previous: previousEvaluationFixture() }, { lang: 'vi', printedAt, all });
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
    expect(header).toEqual([
      'STT',
      'Đơn vị',
      'Phòng',
      'Tiêu chí',
      'Nhóm',
      'Dự kiến',
      'Đã báo cáo',
      'Không áp dụng',
      'Áp dụng (mẫu số)',
      'Đạt',
      'Miễn trừ',
      'Không đạt',
      'Chưa rõ',
      'Tỷ lệ hoàn thành (%)',
      'Thời hạn',
      'Trạng thái',
      'Ngày hoàn thành',
      'Dự báo hoàn thành',
    ]);
    const city = evaluation.units.find((u) => u.unitId === 'hp')!;
    city.rules.forEach((p, i) => {
      const rule = RULES.find((r) => r.id === p.ruleId)!;
      expect(rows[i]).toEqual([
        String(i + 1),
        'VKSND thành phố Hải Phòng',
        'Toàn đơn vị',
        rule.title.vi,
        expect.any(String),
        String(p.expected),
        String(p.reporting),
        String(p.notApplicable),
        String(p.applicable),
        String(p.passing),
        String(p.exempted),
        String(p.failing),
        String(p.unknown),
        p.completionPct === null ? '' : String(p.completionPct),
        rule.deadline,
        expect.any(String),
        p.completedOn ?? '',
        '',
      ]);
    });
  });

  it('writes the host checklist by default: what is wrong or unknown, then one folded line of passes per machine', async () => {
    const { header, rows } = await csv('hosts');
    expect(header).toContain('Kết quả kiểm tra');
    expect(header).not.toContain('Bằng chứng');
    // IP, MAC... head each machine's group on paper; the hosts part holds them per machine.
    expect(header).not.toContain('Địa chỉ IP');
    const notPassing = currentHosts().flatMap((h) => h.results.filter((r) => r.status === 'fail' || r.status === 'unknown'));
    const stale = currentHosts().filter((h) => h.stale);
    const folded = currentHosts().filter((h) => h.results.some((r) => r.status === 'pass'));
    // A machine out of contact has one line for all its unknown rules.
    const staleUnknown = stale.flatMap((h) => h.results.filter((r) => r.status === 'unknown')).length;
    expect(rows).toHaveLength(notPassing.length - staleUnknown + stale.length + folded.length);
    const all = await csv('hosts', {}, evaluationFixture(), true);
    expect(all.rows).toHaveLength(currentHosts().length * RULES.length);
  });

  it('writes another part when asked, and names the parts when the name is wrong', async () => {
    const { rows } = await csv('hosts', { part: 'hosts' });
    expect(rows.map((r) => r[3])).toEqual(['PC-VP-01', 'PC-VP-02', 'PC-P1-01', 'PC-P2-01', 'PC-KV1-01']);
    await expect(csv('hosts', { part: 'nope' })).rejects.toThrow(UnknownPartError);
    await expect(csv('hosts', { part: 'nope' })).rejects.toThrow('its parts are hosts, checklist');
  });

  it('quotes commas, quotes and line breaks in names and evidence', async () => {
    const hosts = currentHosts();
    hosts[1]!.hostname = 'PC "Văn phòng", tầng 2';
    hosts[1]!.results[5]!.evidence = [{ kind: 'check', fact: 'security.remote_access_tools', op: 'empty', expected: null, actual: ['dòng một\ndòng hai, có dấu "ngoặc"'], holds: false, notes: [] }];
    const { header, rows } = await csv('hosts', {}, evaluationFixture({ hosts }));
    const row = rows.find((r) => r[1] === 'PC "Văn phòng", tầng 2' && r[header.indexOf('Đánh giá')] === 'Không đạt')!;
    expect(row).toBeDefined();
    expect(row[header.indexOf('Kết quả kiểm tra')]).toBe('Phần mềm điều khiển từ xa: dòng một\ndòng hai, có dấu "ngoặc" (yêu cầu: không có)');
  });

  it('uses semicolons and decimal commas for Excel set to Vietnamese regional settings', async () => {
    const { rows } = await csv('summary', { csvDelimiter: ';' });
    const vp = rows.find((r) => r[2] === 'Văn phòng')!;
    expect(vp[13]).toBe('66,7');
  });
});
