/**
 * The XLSX round trip with exceljs: print the security sheet, fill in verdicts in the file as
 * an officer does offline, import it, and see the verdicts recorded and the rule change; a row
 * whose device changed since printing (stale), a tampered host id, a host outside the
 * officer's scope and a changed hidden posture are refused row by row with their reasons.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ScanImportResult } from '../../schema/index.js';
import { READY_SECTIONS, readyReport } from '../helpers/ready-report.js';
import { makeScanApp } from '../helpers/scan-app.js';

let now = new Date('2025-12-05T03:00:00Z');
const clock = () => now;
type App = Awaited<ReturnType<typeof makeScanApp>>;
let app: App;
const ids: Record<string, string> = {};

beforeEach(async () => {
  now = new Date('2025-12-05T03:00:00Z');
  app = await makeScanApp({ now: clock });
  for (const name of ['KV1-PC01', 'KV1-PC02', 'KV1-PC03', 'KV1-PC04', 'KV2-PC01']) {
    ids[name] = randomUUID();
    const report = readyReport(ids[name]!, '2025-12-05T02:00:00.000Z', { os: { ...readyReport(ids[name]!, '2025-12-05T02:00:00.000Z').os!, hostname: name } });
    await app.addHost(ids[name]!, name.startsWith('KV2') ? 'hp-kv2' : 'hp-kv1', report);
  }
});

async function printSheet(query: string, who = 'police.kv1'): Promise<ExcelJS.Workbook> {
  const res = await app.send('GET', `/readiness/security.xlsx?${query}`, app.token(who));
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return wb;
}

/** The devices sheet, with a cell setter by host name and column label. */
function sheetOf(wb: ExcelJS.Workbook) {
  const ws = wb.worksheets.find((w) => (w.getRow(1).values as unknown[]).includes('host_id'))!;
  const header = ws.getRow(1).values as string[];
  const col = (label: string) => {
    const i = header.indexOf(label);
    if (i < 0) throw new Error(`no column ${label}: ${header.join(' | ')}`);
    return i;
  };
  const rowOf = (hostname: string) => {
    for (let r = 2; r <= ws.rowCount; r++) if (String(ws.getRow(r).getCell(col(header.includes('Tên máy') ? 'Tên máy' : 'Host')).value).startsWith(hostname)) return ws.getRow(r);
    throw new Error(`no row for ${hostname}`);
  };
  const set = (hostname: string, label: string, value: ExcelJS.CellValue) => (rowOf(hostname).getCell(col(label)).value = value);
  const get = (hostname: string, label: string) => rowOf(hostname).getCell(col(label)).value;
  return { ws, set, get, col };
}

async function importSheet(wb: ExcelJS.Workbook, who = 'police.kv1'): Promise<ScanImportResult> {
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  const res = await app.send('POST', '/scans/import', app.token(who), bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.status).toBe(200);
  return (await res.json()) as ScanImportResult;
}

const ruleStatus = async (name: string) => (await app.readiness.evaluate({})).hosts.find((h) => h.agentId === ids[name])!.results.find((r) => r.ruleId === 'pre-use-scan')!.status;

describe('the filled-in security sheet', () => {
  it('records the verdicts an officer chose in the file, and the rule follows', async () => {
    const wb = await printSheet('unit=hp-kv1');
    const s = sheetOf(wb);
    s.set('KV1-PC01', 'Kết luận', 'Đạt');
    s.set('KV1-PC01', 'Đánh giá: Tường lửa của máy được bật', 'Đạt');
    s.set('KV1-PC01', 'Cán bộ rà quét', 'Trần Văn C');
    s.set('KV1-PC01', 'Ngày', new Date('2025-12-05T00:00:00Z'));
    s.set('KV1-PC01', 'Đại diện đơn vị chứng kiến', 'Nguyễn Văn B');
    s.set('KV1-PC01', 'Chức vụ người chứng kiến', 'Chánh Văn phòng');
    s.set('KV1-PC02', 'Kết luận', 'Đạt có điều kiện');
    s.set('KV1-PC02', 'Điều kiện', 'Gỡ UltraViewer\nCập nhật Windows');
    s.set('KV1-PC02', 'Hạn thực hiện điều kiện', '20/12/2025');
    // KV1-PC03 left without a verdict.
    expect(await ruleStatus('KV1-PC01')).toBe('unknown');

    // An hour later the first device reports again, unchanged: the sheet still stands for it.
    now = new Date('2025-12-05T04:00:00Z');
    await app.store.addReport(readyReport(ids['KV1-PC01']!, '2025-12-05T03:30:00.000Z', { os: { ...readyReport(ids['KV1-PC01']!, SAME).os!, hostname: 'KV1-PC01' } }), now);

    const result = await importSheet(wb);
    expect(result.rows.map((r) => [r.hostname.slice(0, 8), r.outcome, r.verdict])).toEqual([
      ['KV1-PC01', 'recorded', 'pass'],
      ['KV1-PC02', 'recorded', 'conditional'],
      ['KV1-PC03', 'skipped', null],
      ['KV1-PC04', 'skipped', null],
    ]);
    expect([result.recorded, result.refused, result.skipped]).toEqual([2, 0, 2]);
    expect(await ruleStatus('KV1-PC01')).toBe('pass');
    expect(await ruleStatus('KV1-PC02')).toBe('pass');
    const [pc01] = app.scanStore.history(ids['KV1-PC01']!);
    expect(pc01).toMatchObject({
      via: 'sheet',
      verdict: 'pass',
      officer: { name: 'police.kv1' },
      scannedOn: '2025-12-05',
      representative: { name: 'Nguyễn Văn B', title: 'Chánh Văn phòng' },
      items: [{ id: 'firewall-on', mark: 'pass', note: '' }],
      note: 'Cán bộ rà quét: Trần Văn C',
    });
    // Bound to the report the sheet was printed from, not the one that came after.
    expect(pc01!.reportId).toBe(String(s.get('KV1-PC01', 'report_id')));
    expect(app.scanStore.history(ids['KV1-PC02']!)[0]).toMatchObject({ conditions: ['Gỡ UltraViewer', 'Cập nhật Windows'], dueDate: '2025-12-20' });

    // The next sheet shows the last verdict, who and when.
    const next = sheetOf(await printSheet('unit=hp-kv1'));
    expect([next.get('KV1-PC01', 'Lần rà quét gần nhất'), next.get('KV1-PC01', 'Tình trạng rà quét')]).toEqual(['Đạt (police.kv1, 05/12/2025)', 'Đạt']);
  });

  it('refuses, row by row with the reason, a stale row, a tampered host id, a host outside the scope and a changed hidden cell', async () => {
    const wb = await printSheet('unit=hp', 'police.lead');
    const s = sheetOf(wb);
    for (const name of ['KV1-PC01', 'KV1-PC02', 'KV1-PC03', 'KV1-PC04', 'KV2-PC01']) s.set(name, 'Kết luận', 'Đạt');
    // KV1-PC02 got AnyDesk after the sheet was printed.
    now = new Date('2025-12-05T04:00:00Z');
    await app.store.addReport(
      readyReport(ids['KV1-PC02']!, '2025-12-05T03:30:00.000Z', { os: { ...readyReport(ids['KV1-PC02']!, SAME).os!, hostname: 'KV1-PC02' }, security: { ...READY_SECTIONS.security, remoteAccessTools: [{ name: 'AnyDesk', installed: true, running: true, evidence: 'service' }] } }),
      now,
    );
    s.set('KV1-PC03', 'host_id', randomUUID());
    s.set('KV1-PC04', 'posture_sha256', 'f'.repeat(64));

    const result = await importSheet(wb);
    const byHost = Object.fromEntries(result.rows.map((r) => [r.hostname.slice(0, 8), r]));
    expect(byHost['KV1-PC01']).toMatchObject({ outcome: 'recorded' });
    expect(byHost['KV1-PC02']).toMatchObject({ outcome: 'refused' });
    expect(byHost['KV1-PC02']!.reason).toBe('the sheet is stale: since the report this sheet was printed from (collected 05/12/2025), the device changed: AnyDesk installed; print a new sheet and check the device again');
    expect(byHost['KV1-PC03']!.reason).toMatch(/^no host [0-9a-f-]{36} on this collector: the hidden host id was changed/);
    expect(byHost['KV1-PC04']!.reason).toBe('the hidden columns of this row were changed (its posture does not match its SHA-256); print a new sheet');
    expect(byHost['KV2-PC01']!.reason).toBe('this device is outside the scope of police.kv1 (unit hp-kv1 only (not the units below it))');
    expect([result.recorded, result.refused]).toEqual([1, 4]);
    expect(app.scanStore.history(ids['KV1-PC02']!)).toEqual([]);
    expect(app.scanStore.history(ids['KV2-PC01']!)).toEqual([]);
  });

  it('reads a sheet printed in English too, and refuses what is not a sheet', async () => {
    const wb = await printSheet('unit=hp-kv1&lang=en');
    const s = sheetOf(wb);
    s.set('KV1-PC03', 'Verdict', 'Fail');
    s.set('KV1-PC03', 'Mark: No remote-access tools', 'Fail');
    s.set('KV1-PC04', 'Verdict', 'Excellent');
    const result = await importSheet(wb);
    expect(result.rows.filter((r) => r.outcome !== 'skipped').map((r) => [r.hostname, r.outcome])).toEqual([
      ['KV1-PC03', 'recorded'],
      ['KV1-PC04', 'refused'],
    ]);
    expect(result.rows.find((r) => r.hostname === 'KV1-PC04')!.reason).toContain('the verdict "Excellent" is none of');
    expect(app.scanStore.history(ids['KV1-PC03']!)[0]!.items).toEqual([{ id: 'no-remote-access', mark: 'fail', note: '' }]);
    expect(await ruleStatus('KV1-PC03')).toBe('fail');

    const notXlsx = await app.send('POST', '/scans/import', app.token('police.kv1'), new Uint8Array(Buffer.from('Kết luận,Đạt\n')), 'text/csv');
    expect(notXlsx.status).toBe(400);
    const other = new ExcelJS.Workbook();
    other.addWorksheet('x').addRow(['Tên máy', 'Kết luận']);
    const noIds = await app.send('POST', '/scans/import', app.token('police.kv1'), new Uint8Array(await other.xlsx.writeBuffer()));
    expect([noIds.status, ((await noIds.json()) as { error: { message: string } }).error.message]).toEqual([400, expect.stringContaining('no "host_id" column')]);
  });
});

const SAME = '2025-12-05T02:00:00.000Z';
