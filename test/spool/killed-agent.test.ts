/**
 * The real agent CLI, looping while its collector is down, killed with SIGKILL: what it had
 * spooled survives, and the next run delivers all of it once the collector is back.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollAgent } from '../../agent/enroll.js';
import { CollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import type { RunningCollector } from '../../collector/server.js';
import { CLI, ROOT, runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const secrets = { enrollSecret: 'killed-enroll-secret-0123456789', adminToken: 'killed-admin-token-0123456789' };
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let collector: RunningCollector | null = null;

const start = async (port: number) => {
  collector = await startCollector(CollectorConfig.parse({ host: '127.0.0.1', port, dataDir: join(dir.path, 'data'), ...secrets }), { log: () => {} });
  return collector;
};
const reportFiles = async (spoolDir: string) => (await readdir(spoolDir).catch(() => [])).filter((n) => /^\d{13}-.*\.json$/.test(n));

beforeAll(async () => {
  dir = await makeTempDir('readiness-killed-');
});
afterAll(async () => {
  await collector?.close();
  await dir.remove();
});

describe('an agent killed while the collector is down', () => {
  it('loses nothing it had spooled', { timeout: 60_000 }, async () => {
    const statePath = join(dir.path, 'agent', 'agent.json');
    const spoolDir = join(dir.path, 'agent', 'spool');
    const { url, port } = await start(0);
    const state = await enrollAgent({ collectorUrl: url, secret: secrets.enrollSecret, unit: 'hp-khuvuc-1', room: null, statePath });
    await collector!.close();
    collector = null;

    const agent = spawn(process.execPath, [...CLI, 'agent', 'run', '--interval', '1', '--state', statePath], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    agent.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((ok) => agent.once('exit', ok));
    const deadline = Date.now() + 40_000;
    while ((await reportFiles(spoolDir)).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    agent.kill('SIGKILL');
    await exited;
    const spooled = await reportFiles(spoolDir);
    expect(spooled.length, stderr).toBeGreaterThanOrEqual(2);
    expect(stderr).toContain('cannot reach the collector');

    await start(port);
    const run = await runCli(['agent', 'run', '--once', '--state', statePath]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`(and ${spooled.length} earlier spooled report(s) delivered)`);

    const host = (await collector!.store.readHost(state.agentId))!;
    expect(host.reportCount).toBe(spooled.length + 1);
    const ids = spooled.map((n) => n.slice(14, -'.json'.length));
    expect(host.recentReportIds).toEqual(expect.arrayContaining(ids));
    expect(new Set(host.recentReportIds).size).toBe(host.recentReportIds.length);
    expect(await reportFiles(spoolDir)).toEqual([]);
  });
});

describe('spool bounds on the command line', () => {
  it.each([
    ['--spool-max-age', '0', '--spool-max-age takes a whole number of at least 1, not "0"'],
    ['--spool-max-size', 'lots', '--spool-max-size takes a whole number, not "lots"'],
  ])('refuses %s %s with a sentence', async (flag, value, message) => {
    const res = await runCli(['agent', 'run', '--once', flag, value, '--state', join(dir.path, 'never', 'agent.json')]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(message);
  });
});
