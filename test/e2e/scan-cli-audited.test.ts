/**
 * `readiness scan record` for a machine audited over SSH (no agent): named by its org-file
 * device id on the data directory, the verdict is recorded under the agent id of its host
 * report, against the latest audit the device store holds.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { deviceAgentId } from '../../collector/scanners/ssh.js';
import { FileDeviceStore } from '../../collector/store/device-store.js';
import { report as deviceReport } from '../helpers/device-fleet.js';
import { runCli } from '../helpers/cli.js';
import { readyReport } from '../helpers/ready-report.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let config: string;
let data: string;
const AGENT = deviceAgentId('kv1-srv');

beforeAll(async () => {
  dir = await makeTempDir('readiness-scan-cli-ssh-');
  data = join(dir.path, 'data');
  const org = parse(await readFile('examples/org.haiphong.yaml', 'utf8')) as { units: Array<{ id: string; devices?: unknown[] }> };
  org.units.find((u) => u.id === 'hp-kv1')!.devices = [{ id: 'kv1-srv', name: 'Máy chủ KV1', kind: 'server', address: '192.0.2.70', ssh: { user: 'audit', key: 'k' } }];
  await writeFile(join(dir.path, 'org.yaml'), stringify(org));
  config = join(dir.path, 'collector.yaml');
  await writeFile(config, stringify({ dataDir: data, org: join(dir.path, 'org.yaml') }));
  await mkdir(join(data, 'hosts'), { recursive: true });
  const devices = new FileDeviceStore(data);
  await devices.load();
  const host = readyReport(AGENT, new Date(Date.now() - 3600_000).toISOString(), { probes: undefined });
  await devices.put(deviceReport('kv1-srv', 'server', { scannedAt: host.collectedAt, host, scans: [{ scanner: 'ssh', outcome: 'ok', message: 'audited', durationMs: 40 }] }));
});
afterAll(async () => {
  await dir?.remove();
});

describe('readiness scan record for a machine audited over SSH', () => {
  it('takes its device id, records under its host report agent id, and refuses an officer of another unit', async () => {
    expect((await runCli(['user', 'add', 'police.kv1', '--role', 'security_officer', '--unit', 'hp-kv1', '--data', data])).code).toBe(0);
    expect((await runCli(['user', 'add', 'police.kv2', '--role', 'security_officer', '--unit', 'hp-kv2', '--data', data])).code).toBe(0);
    const refused = await runCli(['scan', 'record', 'kv1-srv', '--verdict', 'pass', '--officer', 'police.kv2', '--config', config]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('this device is outside the scope of police.kv2');
    const recorded = await runCli(['scan', 'record', 'kv1-srv', '--verdict', 'pass', '--officer', 'police.kv1', '--config', config, '--json']);
    expect(recorded.stderr).toBe('');
    expect(JSON.parse(recorded.stdout)).toMatchObject({ scan: { hostId: AGENT, unit: 'hp-kv1', verdict: 'pass', via: 'cli' } });
    const listed = JSON.parse((await runCli(['scan', 'list', 'kv1-srv', '--config', config, '--json'])).stdout) as { standing: { status: string } };
    expect(listed.standing.status).toBe('passed');
  }, 120_000);
});
