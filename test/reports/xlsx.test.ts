/** XLSX read back with exceljs: the numbers, dates, colours and sheet set-up Văn phòng relies on. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildDocument, renderDocument } from '../../reports/index.js';
import type { ReportKind } from '../../schema/index.js';
import { evaluationFixture, historyFixture, previousEvaluationFixture, RULES } from '../helpers/evaluation-fixture.js';

const evaluation = evaluationFixture();
const printedAt = '2025-12-11T04:00:00.000Z';

async function workbook(kind: ReportKind, lang: 'vi' | 'en' = 'vi') {
  const doc = buildDocument(kind, { evaluation, previous: previousEvaluationFixture(), history: historyFixture() }, { lang, printedAt, period: 'week' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderDocument(doc, 'xlsx')) as unknown as ArrayBuffer);
  return wb;
}

/** The sheet's rows as objects keyed by header text. */
function records(ws: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    out.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return out;
}

describe('summary workbook', async () => {
  const wb = await workbook('summary');
  const ws = wb.getWorksheet('Tổng hợp theo đơn vị')!;

  it('has a cover sheet and a sheet per part, the rule list among them', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Thông tin', 'Tổng hợp theo đơn vị', 'Danh mục tiêu chí']);
  });

  it('has the administrative form on its cover sheet: national title, issuer, number, type, recipients, signer', () => {
    const info = wb.getWorksheet('Thông tin')!;
    expect(info.getCell('A2').value).toBe('VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HẢI PHÒNG');
    expect(info.getCell('C1').value).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(info.getCell('C2').value).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(info.getCell('A3').value).toBe('Số: ……/BC');
    expect(info.getCell('C3').value).toBe('……………, ngày 11 tháng 12 năm 2025');
    expect(info.getCell('A5').value).toBe('BÁO CÁO');
    const labels = info.getColumn(1).values as ExcelJS.CellValue[];
    expect(labels).toContain('Nơi nhận:');
    expect(info.getColumn(3).values).toContain('THỦ TRƯỞNG ĐƠN VỊ');
  });

  it('states the unit, the as-of day and when it was printed, as real dates', () => {
    const info = wb.getWorksheet('Thông tin')!;
    const row = (label: string) => (info.getColumn(1).values as ExcelJS.CellValue[]).indexOf(label);
    expect(info.getCell(`B${row('Đơn vị')}`).value).toBe('Tất cả đơn vị');
    expect(info.getCell(`B${row('Số liệu tính đến ngày')}`).value).toEqual(new Date('2025-12-11T00:00:00Z'));
    // 04:00 UTC is 11:00 in Hải Phòng: the cell shows local wall-clock time.
    expect(info.getCell(`B${row('Ngày in')}`).value).toEqual(new Date('2025-12-11T11:00:00Z'));
  });

  it('holds the same figures as the evaluation for every unit and rule', () => {
    const rows = records(ws);
    expect(rows).toHaveLength((4 + 2) * RULES.length);
    for (const unit of evaluation.units) {
      for (const p of unit.rules) {
        const rule = RULES.find((r) => r.id === p.ruleId)!;
        const row = rows.find((r) => r['Đơn vị'] === unit.name && r['Phòng'] === 'Toàn đơn vị' && r['Tiêu chí'] === rule.title.vi)!;
        expect(row['Dự kiến']).toBe(p.expected);
        expect(row['Đã báo cáo']).toBe(p.reporting);
        expect(row['Không áp dụng']).toBe(p.notApplicable);
        expect(row['Áp dụng (mẫu số)']).toBe(p.applicable);
        expect(row['Đạt']).toBe(p.passing);
        expect(row['Miễn trừ']).toBe(p.exempted);
        expect(row['Tỷ lệ hoàn thành (%)']).toBe(p.completionPct === null ? null : Math.round(p.completionPct * 10) / 1000);
        expect(row['Thời hạn']).toEqual(new Date(`${rule.deadline}T00:00:00Z`));
      }
    }
  });

  it('freezes the header, filters every column and sizes columns to their content', () => {
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe(`A1:R${RULES.length * 6 + 1}`);
    // exceljs writes equal neighbouring widths as one range and reads back only its first column.
    const widths = ws.columns.map((c) => c.width ?? 0);
    expect(Math.min(...widths.filter(Boolean))).toBeGreaterThanOrEqual(6);
    expect(widths[3]).toBeGreaterThan(widths[5]!); // a rule title is wider than a count
  });

  it('colours status cells and formats percentages and dates', () => {
    const overdue = ws.getRow(2).getCell(16);
    expect(overdue.value).toBe('Quá hạn');
    expect(overdue.fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFDE7E9' } });
    expect(ws.getRow(2).getCell(14).numFmt).toBe('0.0%');
    expect(ws.getRow(2).getCell(15).numFmt).toBe('dd/mm/yyyy');
    // Counts are whole numbers: "81", never "81." as `#,##0.##` showed them in Excel.
    expect(ws.getRow(2).getCell(6).numFmt).toBe('#,##0');
  });

  it('prints on A4 with the header row repeated', () => {
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:1' });
  });
});

describe('host checklist workbook', async () => {
  const wb = await workbook('hosts', 'en');
  it('has a row per failing or unknown rule of each machine, with its evidence and what to do', () => {
    const rows = records(wb.getWorksheet('Checklist')!);
    const row = rows.find((r) => r.Host === 'PC-VP-02' && r.Rule === 'No remote-access tools (UltraViewer, TeamViewer, AnyDesk)')!;
    expect(row).toMatchObject({ Result: 'Fail', Evidence: 'Remote-access tools: UltraViewer (running), AnyDesk (expected none)', Remediation: 'Uninstall remote-access tools before the scan.' });
    // Unknown: how to get the data, not the remedy of a failure.
    const unknown = rows.find((r) => r.Host === 'PC-VP-02' && r.Result === 'Unknown')!;
    expect(unknown.Remediation).toMatch(/^The machine did not send its antivirus section/);
    expect(rows.find((r) => r.Host === 'PC-VP-01')).toMatchObject({ Rule: '6 rules passed', Result: 'Pass' });
  });

  it('has one row per machine with its kind, its last report in local time and whether it is ready', () => {
    const rows = records(wb.getWorksheet('Hosts')!);
    expect(rows.map((r) => r.Host)).toEqual(['PC-VP-01', 'PC-VP-02', 'PC-P1-01', 'PC-P2-01', 'PC-KV1-01']);
    expect(rows[1]).toMatchObject({
      'Device kind': 'Workstation',
      'IP address': '192.0.2.18',
      'Serial number': 'SN-PC-VP-02',
      'Last report': new Date('2025-12-11T09:05:00Z'),
      'Rules failed': 1,
      Ready: 'Fail',
    });
  });
});

describe('security workbook', async () => {
  const wb = await workbook('security');
  const ws = wb.getWorksheet('Phiếu rà quét')!;
  it('leaves the officer columns empty, with a drop-down for the verdict', () => {
    const rows = records(ws);
    expect(rows.map((r) => r['Tên máy'])).toEqual(['PC-VP-01', 'PC-VP-02', 'PC-P1-01', 'PC-P2-01', 'PC-KV1-01']);
    for (const r of rows) expect([r['Kết luận'], r['Cán bộ rà quét'], r['Ngày'], r['Chữ ký']]).toEqual([null, null, null, null]);
    const header = ws.getRow(1).values as string[];
    const verdictCol = header.indexOf('Kết luận');
    expect(ws.getRow(3).getCell(verdictCol).dataValidation).toMatchObject({ type: 'list', formulae: ['"Đạt,Không đạt,Đạt có điều kiện"'] });
    // The ids an import matches rows on travel in hidden columns (the round trip: test/collector/scan-sheet.test.ts).
    expect(ws.getColumn(header.indexOf('host_id')).hidden).toBe(true);
    expect(ws.getColumn(verdictCol).hidden).toBe(false);
    expect(rows[1]!['Không có phần mềm điều khiển từ xa (UltraViewer, TeamViewer, AnyDesk)']).toBe(
      'Không đạt: Phần mềm điều khiển từ xa: UltraViewer (đang chạy), AnyDesk (yêu cầu: không có)',
    );
  });
});

describe('progress workbook', async () => {
  const wb = await workbook('progress');
  it('names the period and the day it is compared with', () => {
    const info = wb.getWorksheet('Thông tin')!;
    expect(info.getCell('A6').value).toBe('Tiến độ triển khai tuần (từ ngày 10/12/2025 đến ngày 11/12/2025)');
    const labels = info.getColumn(1).values;
    expect(labels).toContain('So với ngày');
    // The day of the previous evaluation it was given (the fixture's, 10/12).
    expect(info.getCell(`B${labels.indexOf('So với ngày')}`).value).toEqual(new Date('2025-12-10T00:00:00Z'));
  });
});
