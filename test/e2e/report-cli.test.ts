/** `readiness report` as a user runs it: a real process over a collector's data directory. */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../collector/store/file-store.js';
import { ReadinessDocument } from '../../schema/index.js';
import { runCli } from '../helpers/cli.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('readiness report', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let data: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    data = join(dir.path, 'data');
    const store = new FileStore(data);
    await store.load();
    const agentId = randomUUID();
    await store.createAgent({ agentId, keyHash: 'a'.repeat(64), unit: 'hp-vanphong', room: 'phong-1', hostname: 'VP-PC01', deviceKind: 'workstation', enrolledAt: new Date().toISOString() });
    await store.addReport(makeReport(agentId), new Date());
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('writes the host checklist as XLSX to the file named', async () => {
    const out = join(dir.path, 'checklist.xlsx');
    const res = await runCli(['report', '--data', data, '--kind', 'hosts', '--format', 'xlsx', '--unit', 'hp-vanphong', '--out', out, '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ file: out, kind: 'hosts', format: 'xlsx', unit: { id: 'hp-vanphong' } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(out)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Thông tin', 'Tổng hợp theo máy', 'Kiểm tra chi tiết']);
    expect(wb.getWorksheet('Tổng hợp theo máy')!.getCell('D2').value).toBe('VP-PC01');
  });

  it('prints JSON to standard output with --out -', async () => {
    const res = await runCli(['report', '--data', data, '--kind', 'tracker', '--format', 'json', '--lang', 'en', '--out', '-']);
    expect(res.code).toBe(0);
    const doc = ReadinessDocument.parse(JSON.parse(res.stdout));
    expect(doc).toMatchObject({ kind: 'tracker', lang: 'en', title: 'LAN/WAN completion tracker' });
  });

  it('narrows to a room, lists every rule with --all and prints the number given', async () => {
    const res = await runCli(['report', '--data', data, '--kind', 'hosts', '--format', 'json', '--room', 'phong-1', '--all', '--number', '17', '--out', '-']);
    expect(res.code).toBe(0);
    const doc = ReadinessDocument.parse(JSON.parse(res.stdout));
    expect(doc.room).toEqual({ id: 'phong-1', name: 'phong-1' });
    expect(doc.form).toMatchObject({ number: '17', type: 'appendix' });
    const checklist = doc.parts.find((p) => p.id === 'checklist')!;
    // --all: one line per rule, passes included (none folded).
    expect(checklist.rows.some((r) => r.result === 'pass' && !String(r.rule).includes('tiêu chí đạt'))).toBe(true);
  });

  it.each([
    [['--as-of', '10/12/2025'], '--as-of takes a day written YYYY-MM-DD, not "10/12/2025"'],
    [['--unit', 'nowhere'], 'no unit "nowhere"'],
    [['--room', 'phong-9'], 'no room "phong-9" in any unit; use one of: phong-1'],
    [['--number', '12/BC'], '--number takes 1 to 20 letters or digits'],
  ])('fails with one line for %s', async (args, message) => {
    const res = await runCli(['report', '--data', data, '--out', '-', ...args]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(message);
  });

  it('says where the data should be when the directory holds none', async () => {
    const res = await runCli(['report', '--data', join(dir.path, 'empty')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^readiness: .*holds no collector data; pass --data/);
  });
});
