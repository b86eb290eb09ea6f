/**
 * The real collector and the real agent CLI as separate processes on loopback: enroll, send a
 * report, read it back; write a report to a file and import it; clear one-line failures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, startCollectorProcess } from '../helpers/cli.js';
import type { CollectorProcess } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const env = {
  READINESS_ENROLL_SECRET: 'e2e-enroll-secret-0123456789',
  READINESS_ADMIN_TOKEN: 'e2e-admin-token-0123456789ab',
};
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let collector: CollectorProcess;

beforeAll(async () => {
  dir = await makeTempDir('readiness-e2e-');
  collector = await startCollectorProcess(['--data', join(dir.path, 'data')], env);
});
afterAll(async () => {
  await collector?.stop();
  await dir?.remove();
});

const admin = (path: string) =>
  fetch(`${collector.url}/api/v1${path}`, { headers: { authorization: `Bearer ${env.READINESS_ADMIN_TOKEN}` } });

describe('agent and collector as processes', () => {
  it('enrolls, sends one report, and the host is listed with it', async () => {
    const state = join(dir.path, 'agent.json');
    const enrolled = await runCli(['agent', 'enroll', '--collector', collector.url, '--secret', env.READINESS_ENROLL_SECRET, '--unit', 'hp-vanphong', '--room', 'phong-1', '--state', state, '--json']);
    expect(enrolled.stderr).toBe('');
    expect(enrolled.code).toBe(0);
    const { agentId } = JSON.parse(enrolled.stdout) as { agentId: string };
    expect((await stat(state)).mode & 0o777).toBe(0o600);

    const run = await runCli(['agent', 'run', '--once', '--state', state, '--json']);
    expect(run.code).toBe(0);
    const sent = JSON.parse(run.stdout) as { reportId: string; os: { hostname: string } };

    const list = (await (await admin('/hosts')).json()) as { hosts: { agentId: string; reportCount: number; unit: string }[] };
    expect(list.hosts).toContainEqual(expect.objectContaining({ agentId, reportCount: 1, unit: 'hp-vanphong' }));
    const one = (await (await admin(`/hosts/${agentId}`)).json()) as { host: { latest: { reportId: string; os: { hostname: string } } } };
    expect(one.host.latest.reportId).toBe(sent.reportId);
    expect(one.host.latest.os.hostname).toBe(sent.os.hostname);
  });

  it('writes a report to a file without enrolling, and `import` stores it once', async () => {
    const out = join(dir.path, 'offline-report.json');
    const run = await runCli(['agent', 'run', '--once', '--output', out, '--state', join(dir.path, 'offline', 'agent.json')]);
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8')) as { agentId: string; reportId: string };

    const first = await runCli(['import', out, '--collector', collector.url, '--unit', 'hp-khuvuc-1', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ reportId: report.reportId, status: 'stored' });
    const second = await runCli(['import', out, '--collector', collector.url], env);
    expect(second.stdout.trim()).toBe(`report ${report.reportId} duplicate`);

    const one = (await (await admin(`/hosts/${report.agentId}`)).json()) as { host: { unit: string; reportCount: number } };
    expect(one.host).toMatchObject({ unit: 'hp-khuvuc-1', reportCount: 1 });
  });

  it('refuses to import a damaged report with every problem, storing nothing', async () => {
    const bad = join(dir.path, 'bad-report.json');
    await writeFile(bad, JSON.stringify({ schemaVersion: 1, reportId: 'x', agentId: 'y' }));
    const res = await runCli(['import', bad, '--collector', collector.url, '--unit', 'hp-khuvuc-1'], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^readiness: .*bad-report\.json is not a valid host report, nothing was stored: .*reportId.*agentId.*agentVersion.*collectedAt/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['enroll with a wrong secret', ['agent', 'enroll', '--collector', 'URL', '--secret', 'wrong-wrong-wrong-wrong', '--unit', 'hp-vanphong', '--state', '/tmp/readiness-never/agent.json'], /enroll secret is wrong/],
    ['run without enrolling', ['agent', 'run', '--once', '--state', '/tmp/readiness-never/agent.json'], /not enrolled/],
    ['an unknown option', ['agent', 'run', '--bogus'], /unknown option/],
  ])('fails with one line: %s', async (_name, args, message) => {
    const res = await runCli(args.map((a) => (a === 'URL' ? collector.url : a)));
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(message);
  });

  it('stops start-up with a sentence naming the config file and field', async () => {
    const config = join(dir.path, 'bad-config.yaml');
    await writeFile(config, 'port: "eighty"\nagent:\n  intervalSeconds: 1\n');
    const res = await runCli(['collector', 'start', '--config', config]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('bad-config.yaml is not a valid collector config');
    expect(res.stderr).toContain('field "port"');
    expect(res.stderr).toContain('field "agent.intervalSeconds"');
  });
});
