/**
 * A device scanned before it joins the network, end to end with the real processes: this
 * machine's agent writes its report to a file (`agent run --output`), `readiness import` stores
 * it, and the security officer records the verdict with `readiness scan record` on the data
 * directory while the collector runs; the collector sees it at its next request. Then the
 * security sheet is printed with `readiness report`, filled in with exceljs and imported with
 * `readiness scan import`; the queue and the scans register follow.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCollectorProcess } from '../helpers/cli.js';
import type { CollectorProcess } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const env = { READINESS_ENROLL_SECRET: 'scan-cli-enroll-secret-0123456789', READINESS_ADMIN_TOKEN: 'scan-cli-admin-token-0123456789' };
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let collector: CollectorProcess;
let data: string;

beforeAll(async () => {
  dir = await makeTempDir('readiness-scan-cli-');
  data = join(dir.path, 'data');
  collector = await startCollectorProcess(['--data', data], env);
});
afterAll(async () => {
  await collector?.stop();
  await dir?.remove();
});

const api = async <T>(path: string): Promise<T> => (await (await fetch(`${collector.url}/api/v1${path}`, { headers: { authorization: `Bearer ${env.READINESS_ADMIN_TOKEN}` } })).json()) as T;
const ruleOf = async (agentId: string) => {
  const e = await api<{ hosts: Array<{ agentId: string; results: Array<{ ruleId: string; status: string; evidence: string[] }> }> }>('/readiness');
  return e.hosts.find((h) => h.agentId === agentId)!.results.find((r) => r.ruleId === 'pre-use-scan')!;
};

describe('readiness scan on a data directory', () => {
  it('records, lists, prints, imports and queues the verdicts of a device imported from a file', async () => {
    const out = join(dir.path, 'offline-report.json');
    expect((await runCli(['agent', 'run', '--once', '--output', out, '--state', join(dir.path, 'offline', 'agent.json')])).code).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8')) as { agentId: string; reportId: string };
    expect((await runCli(['import', out, '--collector', collector.url, '--unit', 'hp-kv1'], env)).code).toBe(0);
    expect((await ruleOf(report.agentId)).status).toBe('unknown');

    expect((await runCli(['user', 'add', 'police.kv1', '--role', 'security_officer', '--unit', 'hp-kv1', '--data', data])).code).toBe(0);
    expect((await runCli(['user', 'add', 'clerk.kv1', '--role', 'viewer', '--unit', 'hp-kv1', '--data', data])).code).toBe(0);
    const refused = await runCli(['scan', 'record', report.agentId, '--verdict', 'pass', '--officer', 'clerk.kv1', '--data', data]);
    expect([refused.code, refused.stderr.trim()]).toEqual([1, 'readiness: clerk.kv1 is a viewer: pre-use scan verdicts are recorded and accepted by security officers (role security_officer) of the device\'s unit']);

    const recorded = await runCli(['scan', 'record', report.agentId, '--verdict', 'pass', '--officer', 'police.kv1', '--item', 'firewall-on=pass', '--representative', 'Nguyễn Văn B', '--representative-title', 'Chánh Văn phòng', '--data', data, '--json']);
    expect(recorded.stderr).toBe('');
    const { scan } = JSON.parse(recorded.stdout) as { scan: { id: string; reportId: string; via: string } };
    expect(scan).toMatchObject({ reportId: report.reportId, via: 'cli' });
    // The running collector reads the log the command line appended to, at its next request.
    expect((await ruleOf(report.agentId)).status).toBe('pass');
    const audit = await api<{ entries: Array<{ action: string; actor: { kind: string }; details: { officer?: string } }> }>('/audit');
    expect(audit.entries.filter((e) => e.action === 'scan.record')).toEqual([expect.objectContaining({ actor: expect.objectContaining({ kind: 'cli' }), details: expect.objectContaining({ officer: 'police.kv1' }) })]);

    // The sheet, printed from the data directory, filled in offline and imported there.
    const sheet = join(dir.path, 'phieu.xlsx');
    expect((await runCli(['report', '--kind', 'security', '--format', 'xlsx', '--unit', 'hp-kv1', '--data', data, '--out', sheet])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sheet);
    const ws = wb.worksheets.find((w) => (w.getRow(1).values as unknown[]).includes('host_id'))!;
    const header = ws.getRow(1).values as string[];
    expect(ws.getRow(2).getCell(header.indexOf('Lần rà quét gần nhất')).value).toMatch(/^Đạt \(police\.kv1, \d\d\/\d\d\/\d{4}\)$/);
    ws.getRow(2).getCell(header.indexOf('Kết luận')).value = 'Không đạt';
    ws.getRow(2).getCell(header.indexOf('Ghi chú')).value = 'Phát hiện phần mềm lạ khi kiểm tra trực tiếp';
    await wb.xlsx.writeFile(sheet);
    const imported = await runCli(['scan', 'import', sheet, '--officer', 'police.kv1', '--data', data]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('1 recorded, 0 refused, 0 without a verdict');
    expect((await ruleOf(report.agentId)).status).toBe('fail');

    const listed = JSON.parse((await runCli(['scan', 'list', report.agentId, '--data', data, '--json'])).stdout) as { standing: { status: string }; scans: Array<{ verdict: string; via: string; note: string }> };
    expect(listed.standing.status).toBe('failed');
    expect(listed.scans.map((s) => [s.verdict, s.via])).toEqual([['fail', 'sheet'], ['pass', 'cli']]);
    const queue = JSON.parse((await runCli(['scan', 'queue', '--unit', 'hp-kv1', '--data', data, '--json'])).stdout) as { items: Array<{ agentId: string; status: string }> };
    expect(queue.items).toEqual([expect.objectContaining({ agentId: report.agentId, status: 'failed' })]);
    const register = await runCli(['report', '--kind', 'scans', '--format', 'csv', '--data', data, '--out', '-']);
    expect(register.stdout).toContain('Không đạt');
    expect(register.stdout).toContain('police.kv1');
    // Eleven command-line processes run here, one after another (each a few seconds to start on a contended machine).
  }, 120_000);
});
