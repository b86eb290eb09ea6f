/**
 * `readiness up` (npm start) on a fresh data directory creates the `admin` user and prints its
 * password once beside the URL, never the bootstrap token; a later start finds the user.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AccessStore } from '../../collector/access/access-store.js';
import { bootstrapAdmin } from '../../cli/bootstrap-admin.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
afterAll(async () => dir?.remove());

const bootstrap = 'up-bootstrap-token-0123456789';

/** Runs `up` until it has reported once, then stops it; what it printed. */
function up(data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'up', '--port', '0', '--data', data], {
      cwd: ROOT,
      env: { ...process.env, READINESS_ADMIN_TOKEN: bootstrap },
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`readiness up did not report within 90 s:\n${out}`));
    }, 90_000);
    const onData = (d: Buffer) => {
      out += d;
      if (/reporting again every/.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe('readiness up', () => {
  it('creates the admin user once and prints its password beside the URL', async () => {
    dir = await makeTempDir('readiness-up-');
    const data = join(dir.path, 'data');
    const first = await up(data);
    expect(first).toMatch(/readiness collector listening on http:\/\/127\.0\.0\.1:\d+\n/);
    const password = /sign in {4}user admin, password (\S+) /.exec(first)?.[1];
    expect(password).toMatch(/^\S{20}$/);
    expect(first).not.toContain(bootstrap);

    // A later start finds the admin and creates nothing (what `up` then prints: "user admin exists").
    const store = await new AccessStore({ dataDir: data }).load();
    expect(await bootstrapAdmin(store, () => null)).toEqual({ name: 'admin', password: null });

    const users = await runCli(['user', 'list', '--data', data, '--json']);
    expect(JSON.parse(users.stdout)).toEqual([expect.objectContaining({ name: 'admin', role: 'admin', createdBy: expect.stringMatching(/^cli:/) })]);
  }, 200_000);
});
