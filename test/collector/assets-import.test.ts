/**
 * The asset register import: an XLSX written with exceljs (a title above the table, an Excel
 * date, Vietnamese headers) and a CSV saved with semicolons, matched to enrolled hosts by
 * serial, MAC and host name; then through the real CLI on a collector's data directory: the
 * report, the register kept (the previous import kept beside it), and the equipment document
 * made from it.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRegister } from '../../collector/assets/import.js';
import { readDate, RegisterError } from '../../collector/assets/read-register.js';
import { serialKey } from '../../collector/assets/match.js';
import { RegisterStore } from '../../collector/assets/register-store.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { FileStore } from '../../collector/store/file-store.js';
import type { OrgFile } from '../../schema/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { readyReport } from '../helpers/ready-report.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const NOW = new Date();
const HOSTS = [
  { agentId: '11111111-1111-4111-8111-111111111111', hostname: 'VP-PC01', room: 'van-phong', serial: 'CZC81234AB', mac: '00:1A:2B:3C:4D:01' },
  { agentId: '22222222-2222-4222-8222-222222222222', hostname: 'VP-PC02', room: 'van-phong', serial: 'To be filled by O.E.M.', mac: '00:1A:2B:3C:4D:02' },
  { agentId: '33333333-3333-4333-8333-333333333333', hostname: 'P1-PC01', room: 'phong-1', serial: 'Default string', mac: '00:00:00:00:00:00' },
  { agentId: '44444444-4444-4444-8444-444444444444', hostname: 'P1-PC02', room: 'phong-1', serial: 'PF3XYZ99', mac: '00:1A:2B:3C:4D:04' },
];

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let data: string;
let org: OrgFile;
let store: FileStore;
beforeAll(async () => {
  dir = await makeTempDir('readiness-assets-');
  data = join(dir.path, 'data');
  org = await loadOrgFile('examples/org.haiphong.yaml');
  store = new FileStore(data);
  await store.load();
  for (const h of HOSTS) {
    await store.createAgent({ agentId: h.agentId, keyHash: 'b'.repeat(64), unit: 'hp', room: h.room, hostname: h.hostname, deviceKind: 'workstation', enrolledAt: NOW.toISOString() });
    const report = readyReport(h.agentId, NOW.toISOString());
    report.os!.hostname = h.hostname;
    report.hardware!.system.serial = h.serial;
    report.hardware!.bios.releaseDate = '2023-04-01';
    report.network!.interfaces[0]!.mac = h.mac;
    if (h.hostname === 'P1-PC02') report.hardware!.disks[0]!.smartStatus = 'failing';
    await store.addReport(report, NOW);
  }
});
afterAll(() => dir.remove());

async function xlsxRegister(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sổ tài sản');
  ws.addRow(['SỔ THEO DÕI TÀI SẢN CÔNG NGHỆ THÔNG TIN — VĂN PHÒNG VKSND THÀNH PHỐ HẢI PHÒNG']);
  ws.addRow([]);
  ws.addRow(['STT', 'Mã tài sản', 'Loại tài sản', 'Số serial', 'Model', 'Địa chỉ MAC', 'Tên máy', 'Ngày đưa vào sử dụng', 'Phòng', 'Người sử dụng', 'Tình trạng']);
  ws.addRow([1, 'VP-MT-001', 'Máy tính để bàn', 'czc8-1234ab', 'HP ProDesk 400 G4', '', '', new Date(Date.UTC(2018, 2, 15)), 'Văn phòng', 'Nguyễn Văn An', 'Tốt']);
  ws.addRow([2, 'VP-MT-002', 'Máy tính để bàn', 'To be filled by O.E.M.', 'Dell Vostro', '00-1A-2B-3C-4D-02', '', '12/06/2021', 'Văn phòng', 'Trần Thị Bình', 'Tốt']);
  ws.addRow([3, 'P1-MT-001', 'Máy vi tính', '', 'Lenovo', '', 'p1-pc01.vks.local', 2023, 'Phòng 1', 'Lê Văn Cường', 'Hỏng nhẹ']);
  ws.addRow([4, 'VP-MI-001', 'Máy in laser', 'VNB3K12345', 'Canon LBP 2900', '', '', '03/2017', 'Văn phòng', '', 'Hỏng']);
  ws.addRow([5, 'P1-MT-009', 'Máy tính xách tay', 'NXHXYZ', 'Acer Aspire', '', '', '31/02/2020', 'Phòng 1', 'Phạm Thị Dung', 'Tốt']);
  ws.addRow([6, 'KHO-01', 'Máy scan', 'SC-1', 'Canon DR-C230', '', '', '2024-02-01', 'Kho lưu trữ', '', 'Tốt']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const CSV = [
  'Mã TS;Loại;Số sê-ri;Kiểu máy;Ngày mua;Phòng ban;Người dùng;Hiện trạng',
  'VP-MT-001;Máy tính để bàn;CZC81234AB;HP ProDesk;15/03/2018;Văn phòng;Nguyễn Văn An;Tốt',
  'P1-MT-002;Máy tính để bàn;PF3XYZ99;ThinkCentre;2020-09-01;Phòng 1;Hoàng Văn Em;Cần sửa chữa',
  '',
].join('\r\n');

describe('reading the register', () => {
  it('reads an XLSX with a title row, Excel dates and Vietnamese headers, and matches by serial, MAC and host name', async () => {
    const { register, report } = await importRegister({ bytes: await xlsxRegister(), sourceFile: 'so-tai-san.xlsx', format: 'xlsx', org, hosts: store.listHosts(), defaultUnit: 'hp', now: NOW });
    expect(report.columns).toMatchObject({ assetTag: 'Mã tài sản', kind: 'Loại tài sản', serial: 'Số serial', mac: 'Địa chỉ MAC', hostname: 'Tên máy', purchaseDate: 'Ngày đưa vào sử dụng', room: 'Phòng', user: 'Người sử dụng', condition: 'Tình trạng' });
    expect(register.rows.map((r) => [r.line, r.kind, r.purchaseDate, r.roomId])).toEqual([
      [4, 'workstation', '2018-03-15', 'van-phong'],
      [5, 'workstation', '2021-06-12', 'van-phong'],
      [6, 'workstation', '2023-12-31', 'phong-1'],
      [7, 'printer', '2017-03-31', 'van-phong'],
      [8, 'laptop', null, 'phong-1'],
      [9, 'scanner', '2024-02-01', null],
    ]);
    // A placeholder serial never matches: VP-PC02 is found by its MAC instead; P1-PC01 by its name without the domain.
    expect(report.matched.map((m) => [m.line, m.hostname, m.by])).toEqual([
      [4, 'VP-PC01', 'serial'],
      [5, 'VP-PC02', 'mac'],
      [6, 'P1-PC01', 'hostname'],
    ]);
    expect(report.unmatched.map((u) => u.line)).toEqual([8]);
    expect(report.notInRegister.map((h) => h.hostname)).toEqual(['P1-PC02']);
    expect(report.unplaced).toEqual([{ line: 9, unit: null, room: 'Kho lưu trữ' }]);
    expect(report.warnings).toEqual(['line 8: "Ngày đưa vào sử dụng" 31/02/2020 is not a date (write it dd/mm/yyyy); the age comes from the BIOS date instead']);
  });

  it('reads a CSV saved with semicolons, with other Vietnamese spellings of the headers', async () => {
    const { report } = await importRegister({ bytes: Buffer.from(`\uFEFF${CSV}`), sourceFile: 'so.csv', format: 'csv', org, hosts: store.listHosts(), defaultUnit: 'hp', now: NOW });
    expect(report.rows).toBe(2);
    expect(report.columns).toMatchObject({ assetTag: 'Mã TS', serial: 'Số sê-ri', model: 'Kiểu máy', purchaseDate: 'Ngày mua', room: 'Phòng ban', user: 'Người dùng', condition: 'Hiện trạng' });
    expect(report.matched.map((m) => [m.hostname, m.by])).toEqual([
      ['VP-PC01', 'serial'],
      ['P1-PC02', 'serial'],
    ]);
  });

  it('takes a column mapping for headers it does not know, and says what to do without one', async () => {
    const csv = 'Số hiệu;Thiết bị;Số máy\nA1;Máy tính để bàn;PF3XYZ99\n';
    await expect(importRegister({ bytes: Buffer.from(csv), sourceFile: 'x.csv', format: 'csv', org, hosts: [], now: NOW })).rejects.toThrow(RegisterError);
    await expect(importRegister({ bytes: Buffer.from(csv), sourceFile: 'x.csv', format: 'csv', org, hosts: [], now: NOW })).rejects.toThrow('found no header row in the first 20 rows: name the columns with --map');
    const { report } = await importRegister({ bytes: Buffer.from(csv), sourceFile: 'x.csv', format: 'csv', mapping: { assetTag: 'Số hiệu', kind: 'Thiết bị', serial: 'Số máy' }, org, hosts: store.listHosts(), defaultUnit: 'hp', now: NOW });
    expect(report.matched.map((m) => m.hostname)).toEqual(['P1-PC02']);
  });

  it.each([
    ['15/03/2018', '2018-03-15'],
    ['1/2/2020', '2020-02-01'],
    ['2020-02-01', '2020-02-01'],
    ['03/2017', '2017-03-31'],
    ['2019', '2019-12-31'],
    ['Năm 2019', '2019-12-31'],
    [43000, '2017-09-22'],
    ['', null],
  ])('reads the date %j as %s', (value, day) => {
    expect(readDate(value)).toBe(day);
  });

  it.each(['31/02/2020', 'tháng trước', '13/13/2013'])('refuses %j as a date', (value) => {
    expect(() => readDate(value)).toThrow(RangeError);
  });

  it.each([['To be filled by O.E.M.'], ['Default string'], ['0000000'], ['N/A'], ['']])('ignores the placeholder serial %j', (serial) => {
    expect(serialKey(serial)).toBeNull();
  });
});

describe('readiness assets import and the equipment document, through the CLI', () => {
  it('keeps each import, reports the matches, and the equipment document uses the register in force', async () => {
    const config = join(dir.path, 'collector.yaml');
    await writeFile(config, `dataDir: ${data}\norg: ${resolve(ROOT, 'examples/org.haiphong.yaml')}\n`);
    const xlsx = join(dir.path, 'so-tai-san.xlsx');
    await writeFile(xlsx, await xlsxRegister());
    const csv = join(dir.path, 'so-tai-san.csv');
    await writeFile(csv, CSV);

    const dry = await runCli(['assets', 'import', csv, '--config', config, '--unit', 'hp', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 2, kept: null, matched: [{ hostname: 'VP-PC01', by: 'serial' }, { hostname: 'P1-PC02', by: 'serial' }] });
    // An earlier import, kept as the command keeps one; the next import replaces it and both stay.
    const earlier = await importRegister({ bytes: Buffer.from(CSV), sourceFile: 'so-tai-san.csv', format: 'csv', org, hosts: [], defaultUnit: 'hp', now: NOW });
    await new RegisterStore(data).put(earlier.register, Buffer.from(CSV), 'csv', NOW);
    const second = await runCli(['assets', 'import', xlsx, '--config', config, '--unit', 'hp']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('6 register lines read');
    expect(second.stdout).toContain('matched to hosts: 3 (by serial 1, MAC 1, host name 1)');
    expect(second.stdout).toContain('hosts missing from the register (1):\n  P1-PC02 (hp/phong-1');
    expect((await readdir(join(data, 'assets'))).filter((n) => n.startsWith('register-'))).toHaveLength(2);

    const out = join(dir.path, 'equipment.json');
    const report = await runCli(['report', '--kind', 'equipment', '--unit', 'hp', '--format', 'json', '--config', config, '--out', out]);
    expect(report.code, report.stderr).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8')) as { parts: Array<{ id: string; rows: Array<Record<string, unknown>> }> };
    const items = doc.parts.find((p) => p.id === 'items')!.rows;
    const byName = (name: string) => items.find((r) => r.device === name)!;
    expect(byName('VP-PC01')).toMatchObject({ assetTag: 'VP-MT-001', proposal: 'replace', ageSource: 'Ngày mua (sổ tài sản)' });
    expect(byName('P1-PC01')).toMatchObject({ condition: 'Hỏng nhẹ', proposal: 'repair' });
    expect(byName('P1-PC02')).toMatchObject({ failingDisks: ['Samsung SSD'], proposal: 'repair', ageSource: 'Ngày BIOS' });
    // Every machine has a Canon LBP 2900 attached: in Văn phòng one of them is the register's broken printer,
    // the other three are in no register (rooms in org-file order: Phòng 1 before Văn phòng).
    expect(items.filter((r) => r.kind === 'Máy in').map((r) => [r.room, r.assetTag, r.proposal, r.dataSource])).toEqual([
      ['Phòng 1', null, 'keep', 'Agent'],
      ['Phòng 1', null, 'keep', 'Agent'],
      ['Văn phòng', 'VP-MI-001', 'replace', 'Sổ tài sản'],
      ['Văn phòng', null, 'keep', 'Agent'],
    ]);


  }, 60_000);
});
