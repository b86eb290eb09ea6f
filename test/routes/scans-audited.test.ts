/**
 * Pre-use scan verdicts for a machine audited over SSH (issue 15: no agent, the collector's SSH
 * audit gives its host report): recorded on the same route as a host's, under the agent id its
 * host report carries, against its latest device report, with the same checks, posture
 * fingerprint and audit line; the `pre-use-scan` rule applies to it and follows the verdict;
 * who may record it is decided by the org file's unit of the device.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { deviceInputs } from '../../collector/devices/inputs.js';
import { parseOrgFile } from '../../collector/org-file.js';
import { deviceAgentId } from '../../collector/scanners/ssh.js';
import { MemoryDeviceStore } from '../../collector/store/device-store.js';
import { evidenceWriter } from '../../reports/evidence.js';
import type { HostReport, OrgFile, ScanImportResult, ScanStanding, ScanView } from '../../schema/index.js';
import { report as deviceReport } from '../helpers/device-fleet.js';
import { READY_SECTIONS, readyReport } from '../helpers/ready-report.js';
import { makeScanApp } from '../helpers/scan-app.js';

const SERVER = 'kv1-srv';
const AGENT = deviceAgentId(SERVER);
let now = new Date('2025-12-05T03:00:00Z');
const clock = () => now;

/** The example org with an SSH-audited server in hp-kv1. */
async function orgWithServer(): Promise<OrgFile> {
  const doc = parse(await readFile('examples/org.haiphong.yaml', 'utf8')) as { units: Array<{ id: string; devices?: unknown[] }> };
  const kv1 = doc.units.find((u) => u.id === 'hp-kv1')!;
  kv1.devices = [...(kv1.devices ?? []), { id: SERVER, name: 'Máy chủ KV1', kind: 'server', address: '192.0.2.70', ssh: { user: 'audit', key: 'k' } }];
  return parseOrgFile(stringify(doc), 'org.yaml');
}

type App = Awaited<ReturnType<typeof makeScanApp>>;
let app: App;
let devices: MemoryDeviceStore;
let audited: HostReport;

/** Stores an SSH audit of the server whose host report is `host`. */
const audit = (host: HostReport) => devices.put(deviceReport(SERVER, 'server', { scannedAt: host.collectedAt, host, scans: [{ scanner: 'ssh', outcome: 'ok', message: 'audited', durationMs: 40 }] }));

beforeEach(async () => {
  now = new Date('2025-12-05T03:00:00Z');
  const org = await orgWithServer();
  devices = new MemoryDeviceStore();
  app = await makeScanApp({ now: clock, org, devices: () => deviceInputs(org, devices) });
  audited = readyReport(AGENT, '2025-12-05T02:00:00.000Z', { probes: undefined });
  await audit(audited);
});

const json = async <T>(res: Response) => (await res.json()) as T;
const record = (body: unknown, who = 'police.kv1', id = AGENT) => app.send('POST', `/hosts/${id}/scans`, app.token(who), body);
const ruleOf = async () => {
  const e = await app.readiness.evaluate({});
  const host = e.hosts.find((h) => h.agentId === AGENT)!;
  const result = host.results.find((r) => r.ruleId === 'pre-use-scan')!;
  return { host, status: result.status, evidence: evidenceWriter(e.facts, 'vi').lines(result.evidence) };
};

describe('a machine audited over SSH', () => {
  it('is not ready until scanned: the rule applies to it, due from its first audit', async () => {
    const { host, status, evidence } = await ruleOf();
    expect(host).toMatchObject({ deviceId: SERVER, unitId: 'hp-kv1', inUseSince: '2025-12-05', scan: { status: 'never' } });
    expect(status).toBe('unknown');
    expect(evidence.join(' | ')).toContain('thiết bị chưa được rà quét an ninh trước khi đưa vào sử dụng');
  });

  it('takes a verdict against its latest device report, with its posture and the audit line, and the rule follows', async () => {
    const res = await record({ verdict: 'pass', items: [{ id: 'firewall-on', mark: 'pass' }] });
    expect(res.status).toBe(201);
    const { scan, standing } = await json<{ scan: ScanView; standing: ScanStanding }>(res);
    expect(scan).toMatchObject({ hostId: AGENT, unit: 'hp-kv1', reportId: audited.reportId, collectedAt: audited.collectedAt, verdict: 'pass', via: 'api', officer: { name: 'police.kv1' } });
    expect(scan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // The posture of what applies to a server: the aspects its report has (no probes, no agent).
    expect(scan.posture['security.firewall']).toBe(true);
    expect(standing).toMatchObject({ status: 'passed', changes: [] });
    const lines = (await app.access.store.audit.read({ afterSeq: null, limit: 50 })).filter((a) => a.action === 'scan.record');
    expect(lines).toEqual([expect.objectContaining({ target: AGENT, details: expect.objectContaining({ scanId: scan.id, deviceId: SERVER, unit: 'hp-kv1', reportId: audited.reportId }) })]);
    expect((await ruleOf()).status).toBe('pass');
    const listed = await json<{ hostId: string; scans: ScanView[] }>(await app.send('GET', `/hosts/${AGENT}/scans`, app.token('clerk.kv1')));
    expect(listed).toMatchObject({ hostId: AGENT, scans: [{ id: scan.id }] });
  });

  it('fails the rule when the next audit finds a material change, said in Vietnamese', async () => {
    expect((await record({ verdict: 'pass' })).status).toBe(201);
    now = new Date('2025-12-06T03:00:00Z');
    await audit(readyReport(AGENT, '2025-12-06T02:00:00.000Z', { probes: undefined, security: { ...READY_SECTIONS.security, remoteAccessTools: [{ name: 'AnyDesk', installed: true, running: false, evidence: 'program' }] } }));
    const { status, evidence, host } = await ruleOf();
    expect(status).toBe('fail');
    expect(evidence).toContain('Từ lần rà quét ngày 05/12/2025: đã cài AnyDesk');
    expect(host.scan).toMatchObject({ status: 'changed', changes: [{ aspect: 'security.remote_access_tools', change: 'added', item: 'AnyDesk', since: '2025-12-05' }] });
  });

  it('applies the same checks and scope: a stale report, a bad body, a viewer, an officer of another unit', async () => {
    const stale = randomUUID();
    expect((await record({ verdict: 'pass', reportId: stale })).status).toBe(409);
    const bad = await record({ verdict: 'conditional' });
    expect(bad.status).toBe(400);
    expect((await json<{ error: { issues: Array<{ path: string }> } }>(bad)).error.issues.map((i) => i.path)).toEqual(['conditions', 'dueDate']);
    expect((await record({ verdict: 'pass' }, 'clerk.kv1')).status).toBe(403);
    expect((await record({ verdict: 'pass' }, 'police.kv2')).status).toBe(403);
    expect((await record({ verdict: 'pass' }, 'root')).status).toBe(403);
    // Its device id is not a host id on this route (the CLI takes it), nor is an unknown agent id.
    expect((await record({ verdict: 'pass' }, 'police.kv1', SERVER)).status).toBe(404);
    expect((await record({ verdict: 'pass' }, 'police.kv1', randomUUID())).status).toBe(404);
    expect(app.scanStore.verdicts().size).toBe(0);
  });

  it('takes its verdict from the filled-in security sheet, bound to the audit the sheet was printed from', async () => {
    const res = await app.send('GET', '/readiness/security.xlsx?unit=hp-kv1', app.token('police.kv1'));
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets.find((w) => (w.getRow(1).values as unknown[]).includes('host_id'))!;
    const header = ws.getRow(1).values as string[];
    const row = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(header.indexOf('host_id')).value === AGENT)!;
    expect(row.getCell(header.indexOf('report_id')).value).toBe(audited.reportId);
    row.getCell(header.indexOf('Kết luận')).value = 'Đạt';
    const imported = await app.send('POST', '/scans/import', app.token('police.kv1'), new Uint8Array(await wb.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const result = (await imported.json()) as ScanImportResult;
    expect(result.rows.find((r) => r.hostId === AGENT)).toMatchObject({ outcome: 'recorded', verdict: 'pass' });
    expect(app.scanStore.history(AGENT)).toEqual([expect.objectContaining({ via: 'sheet', reportId: audited.reportId, unit: 'hp-kv1' })]);
    expect((await ruleOf()).status).toBe('pass');
  });

  it('cannot be scanned before the collector audited it (no host report on file)', async () => {
    devices = new MemoryDeviceStore();
    expect((await record({ verdict: 'pass' })).status).toBe(404);
  });
});
