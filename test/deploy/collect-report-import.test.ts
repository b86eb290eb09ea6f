/**
 * What collect-report.ps1 writes on an old Windows PC, through `readiness import`: a host report
 * built with the agent's own parsers, stored by a real collector and judged by the default pack.
 * The fixture's sources are in test/fixtures/collect-report/SOURCE.md.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectReportToHostReport } from '../../agent/collect-report/to-host-report.js';
import { CollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import type { RunningCollector } from '../../collector/server.js';
import { Evaluation, HostReport } from '../../schema/index.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const FIXTURE = 'test/fixtures/collect-report/windows7-pro.json';
const secrets = { enrollSecret: 'collect-enroll-secret-0123456789', adminToken: 'collect-admin-token-0123456789' };

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let collector: RunningCollector;
let fixture: Record<string, unknown>;

beforeAll(async () => {
  dir = await makeTempDir('readiness-collect-report-');
  fixture = JSON.parse(await readFile(FIXTURE, 'utf8')) as Record<string, unknown>;
  collector = await startCollector(CollectorConfig.parse({ host: '127.0.0.1', port: 0, dataDir: join(dir.path, 'data'), ...secrets }), { log: () => {} });
});
afterAll(async () => {
  await collector?.close();
  await dir?.remove();
});

describe('a collect-report.ps1 report', () => {
  it('becomes a host report with the machine\'s own facts, judged as of the day it was collected', async () => {
    const report = HostReport.parse(await collectReportToHostReport(fixture, FIXTURE));
    expect(report).toMatchObject({
      reportId: '6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b',
      agentId: '9a8b7c6d-5e4f-5a3b-8c2d-1e0f9a8b7c6d',
      agentVersion: '0.1.0+ps',
      collectedAt: '2026-03-02T02:15:38.987Z',
      os: { platform: 'windows', distro: 'Microsoft Windows 7 Professional', release: '6.1.7601', build: '7601', arch: 'x64', isServer: false, hostname: 'KT-PC03', fqdn: 'KT-PC03.vks.local', uefi: null },
    });
    const hw = report.hardware!;
    expect(hw.cpu).toEqual({ manufacturer: 'Intel', brand: 'Intel(R) Core(TM) i5-3470 CPU @ 3.20GHz', cores: 4, physicalCores: 4, speedGHz: 3.2 });
    expect(hw.bios.releaseDate).toBe('2018-06-20');
    // The USB stick the script came on is not one of the machine's disks.
    expect(hw.disks.map((d) => [d.name, d.sizeBytes, d.serial])).toEqual([['ST500DM002-1BD142 ATA Device', 500105249280, 'Z3T1ABCD']]);
    expect(report.network).toMatchObject({ defaultGateway: '10.20.1.1', defaultInterface: 'Local Area Connection' });
    expect(report.network!.interfaces).toEqual([
      expect.objectContaining({ mac: 'f8:b1:56:aa:bb:cc', ipv4: ['10.20.1.53'], type: 'wired', operstate: 'up', speedMbps: 1000, virtual: false, dhcp: true }),
    ]);
    expect(report.peripherals!.printers.map((p) => [p.name, p.status])).toEqual([
      ['Canon LBP2900', 'idle'],
      ['Máy in phòng Kế toán', 'offline'],
      ['Microsoft XPS Document Writer', 'idle'],
    ]);
    // The posture sections come from the agent's parsers, as for a capture.
    expect(report.licensing!.windows).toMatchObject({ status: 'licensed', channel: 'oem', licensedSoftware: true });
    expect(report.licensing!.office).toEqual([expect.objectContaining({ product: 'Office 14, OfficeProPlus-MAK edition', channel: 'volume_mak', licensedSoftware: true })]);
    expect(report.antivirus!.products).toEqual([expect.objectContaining({ vendor: 'Kaspersky', enabled: true, realTime: true })]);
    expect(report.security!.osSupport).toMatchObject({ supported: false, endOfSupport: '2020-01-14' });
    expect(report.security!.remoteAccessTools.map((t) => t.name)).toEqual(['UltraViewer']);
    expect(report.security!.signingTokens).toEqual([expect.objectContaining({ vendorId: '096e', productId: '0807' })]);
    expect(report.software!.programs.map((p) => p.name)).toContain('Microsoft Office Professional Plus 2010');
    // Paths out of the machine from the posture script's Windows 7 fallbacks; no NCSI on Windows 7.
    expect(report.connectivity!.defaultRoutes).toEqual([expect.objectContaining({ gateway: '10.20.1.1', interface: 'Local Area Connection' })]);
    expect(report.connectivity!.adapters).toEqual([expect.objectContaining({ kind: 'ethernet', up: true, internetDetected: null })]);
    expect(report.connectivity!.wifi).toEqual([]);
    // PowerShell 2.0 cannot read the personal certificate stores: unknown, with the reason.
    expect(report.signing).toMatchObject({ certificates: null, reason: expect.stringContaining('OpenBaseKey') });
    expect(report.errors).toEqual([expect.objectContaining({ section: 'probes', code: 'unsupported' })]);
  });

  it('keeps the host facts when the posture script failed on the machine, and says why the rest is unknown', async () => {
    const report = await collectReportToHostReport({ ...fixture, posture: { error: 'the posture script did not finish within 180 s' } }, FIXTURE);
    for (const s of ['software', 'licensing', 'antivirus', 'security', 'connectivity', 'signing'] as const) expect(report[s]).toBeUndefined();
    expect(report.errors.find((e) => e.section === 'licensing')?.message).toBe(
      'licensing: the posture script did not run on the machine (the posture script did not finish within 180 s)',
    );
    expect(report.os?.distro).toBe('Microsoft Windows 7 Professional');
  });

  it('costs only its section when a WMI part failed', async () => {
    const host = { ...(fixture.host as Record<string, unknown>), networkAdapterConfiguration: { error: 'Access denied ' } };
    const report = await collectReportToHostReport({ ...fixture, host }, FIXTURE);
    expect(report.network).toBeUndefined();
    expect(report.errors.find((e) => e.section === 'network')?.message).toBe('network: networkAdapterConfiguration: Access denied');
    expect(report.hardware?.memory.totalBytes).toBe(4197654528);
  });

  it('refuses a damaged file with the path of each problem', async () => {
    await expect(collectReportToHostReport({ ...fixture, agentId: 'KT-PC03', collectedAt: 'yesterday' }, 'r.json')).rejects.toThrow(
      /^r\.json is not a valid collect-report\.ps1 report, nothing was stored: .*agentId.*collectedAt/,
    );
  });

  it('goes through `readiness import` into the collector once, and the default pack judges it', async () => {
    // Collected just now, so that the heartbeat window does not make every rule unknown.
    const file = join(dir.path, 'readiness-KT-PC03-now.json');
    await writeFile(file, JSON.stringify({ ...fixture, collectedAt: new Date().toISOString() }));
    const env = { READINESS_ADMIN_TOKEN: secrets.adminToken };
    const first = await runCli(['import', file, '--collector', collector.url, '--unit', 'hp-vanphong', '--room', 'phong-ke-toan', '--json'], env);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ reportId: '6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b', status: 'stored' });
    const again = await runCli(['import', file, '--collector', collector.url, '--unit', 'hp-vanphong'], env);
    expect(again.stdout.trim()).toBe('report 6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b duplicate');

    const res = await fetch(`${collector.url}/api/v1/readiness`, { headers: { authorization: `Bearer ${secrets.adminToken}` } });
    const evaluation = Evaluation.parse(await res.json());
    const host = evaluation.hosts.find((h) => h.agentId === '9a8b7c6d-5e4f-5a3b-8c2d-1e0f9a8b7c6d')!;
    expect(host).toMatchObject({ hostname: 'KT-PC03', unitId: 'hp-vanphong', roomId: 'phong-ke-toan', stale: false });
    const status = Object.fromEntries(host.results.map((r) => [r.ruleId, r.status]));
    expect(status).toMatchObject({
      'windows-licensed': 'pass',
      'office-licensed': 'pass',
      'antivirus-active': 'pass',
      'os-supported': 'fail',
      'no-remote-access': 'fail',
      'firewall-on': 'fail',
      'hardware-minimum': 'fail',
      'equipment-depreciation': 'fail',
      // The PowerShell report of this release counts as the current agent.
      'agent-current': 'pass',
      // No probes from PowerShell: the LAN and WAN stay unknown, never passed.
      'lan-gateway': 'unknown',
      'wan-endpoint': 'unknown',
    });
  });
});
