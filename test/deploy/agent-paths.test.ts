/** Where the agent keeps its files by convention (agent/paths.ts), and the `--log-file` copy. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentDir, defaultStatePath } from '../../agent/paths.js';
import type { PathEnvironment } from '../../agent/paths.js';
import { copyOutputToFile } from '../../agent/log-file.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const windows = (env: NodeJS.ProcessEnv, existing: string[] = []): PathEnvironment => ({
  platform: 'win32',
  env,
  home: 'C:\\Users\\canbo',
  exists: (p) => existing.includes(p),
});
const linux = (env: NodeJS.ProcessEnv): PathEnvironment => ({ platform: 'linux', env, home: '/home/canbo', exists: () => false });

describe('agent paths by convention', () => {
  it('puts a service\'s files under %ProgramData%\\readiness on Windows and /var/lib/readiness on Linux', () => {
    expect(defaultStatePath({ service: true }, windows({ ProgramData: 'D:\\ProgramData' }))).toBe('D:\\ProgramData\\readiness\\agent.json');
    expect(defaultStatePath({ service: true }, windows({}))).toBe('C:\\ProgramData\\readiness\\agent.json');
    expect(defaultStatePath({ service: true }, linux({}))).toBe('/var/lib/readiness/agent.json');
    // systemd's StateDirectory= says where the state directory is.
    expect(agentDir(true, linux({ STATE_DIRECTORY: '/var/lib/readiness-test:/var/lib/other' }))).toBe('/var/lib/readiness-test');
  });

  it('puts a person\'s files in their own local folder', () => {
    expect(defaultStatePath({}, windows({ LOCALAPPDATA: 'C:\\Users\\canbo\\AppData\\Local' }))).toBe('C:\\Users\\canbo\\AppData\\Local\\readiness\\agent.json');
    expect(defaultStatePath({}, linux({}))).toBe('/home/canbo/.config/readiness/agent.json');
    expect(defaultStatePath({}, linux({ XDG_CONFIG_HOME: '/home/canbo/.cfg' }))).toBe('/home/canbo/.cfg/readiness/agent.json');
  });

  it('lets READINESS_AGENT_STATE win, and keeps an agent enrolled at the old Windows location', () => {
    expect(defaultStatePath({ service: true }, linux({ READINESS_AGENT_STATE: '/srv/agent.json' }))).toBe('/srv/agent.json');
    const legacy = 'C:\\Users\\canbo\\.config\\readiness\\agent.json';
    expect(defaultStatePath({}, windows({ LOCALAPPDATA: 'C:\\L' }, [legacy]))).toBe(legacy);
    // Once the new file exists, or for the service, the old one is not looked at.
    expect(defaultStatePath({}, windows({ LOCALAPPDATA: 'C:\\L' }, [legacy, 'C:\\L\\readiness\\agent.json']))).toBe('C:\\L\\readiness\\agent.json');
    expect(defaultStatePath({ service: true }, windows({}, [legacy]))).toBe('C:\\ProgramData\\readiness\\agent.json');
  });
});

describe('--log-file', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => (dir = await makeTempDir('readiness-log-')));
  afterAll(async () => dir?.remove());

  it('copies every printed line with its time, and starts a new file past the bound', async () => {
    const log = join(dir.path, 'logs', 'agent.log');
    const stop = copyOutputToFile(log, { maxBytes: 130, now: () => new Date('2026-01-05T01:02:03.000Z') });
    try {
      process.stdout.write('report 1 stored\nsecond ');
      process.stdout.write('half\n');
      process.stderr.write('agent: warning: x\n');
    } finally {
      stop();
    }
    expect(await readFile(log, 'utf8')).toBe(
      '2026-01-05T01:02:03.000Z report 1 stored\n2026-01-05T01:02:03.000Z second half\n2026-01-05T01:02:03.000Z agent: warning: x\n',
    );
    expect((await stat(log)).mode & 0o077).toBe(0);

    const again = copyOutputToFile(log, { maxBytes: 130, now: () => new Date('2026-01-05T02:00:00.000Z') });
    process.stdout.write('next run\n');
    again();
    expect(await readFile(`${log}.1`, 'utf8')).toContain('second half');
    expect(await readFile(log, 'utf8')).toBe('2026-01-05T02:00:00.000Z next run\n');
  });

  it('never stops a run when the log cannot be written', async () => {
    const blocker = join(dir.path, 'not-a-dir');
    await writeFile(blocker, '');
    const state = join(dir.path, 'offline', 'agent.json');
    const res = await runCli(['agent', 'run', '--once', '--output', join(dir.path, 'r.json'), '--state', state, '--log-file', join(blocker, 'agent.log')]);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`cannot prepare the log ${join(blocker, 'agent.log')}`);
    expect(res.stdout).toContain('written to');
  });
});

describe('enrolling where the state cannot be written', () => {
  it('stops before asking the collector, so no use of the unit\'s secret is spent', async () => {
    const dir = await makeTempDir('readiness-enroll-ro-');
    try {
      const blocker = join(dir.path, 'file');
      await writeFile(blocker, '');
      // No collector listens on port 1: reaching it would fail differently.
      const res = await runCli(['agent', 'enroll', '--collector', 'http://127.0.0.1:1', '--secret', 'x'.repeat(20), '--unit', 'hp-vanphong', '--state', join(blocker, 'agent.json')]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`readiness: cannot write the agent's state in ${blocker} (`);
      expect(res.stderr).toContain('run as administrator or root');
    } finally {
      await dir.remove();
    }
  });
});
