/**
 * `readiness up` (npm start) on a fresh data directory creates the `admin` user and prints its
 * password once beside the URL, never the bootstrap token; a later start finds the user.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AccessStore } from '../../collector/access/access-store.js';
import { bootstrapAdmin } from '../../cli/bootstrap-admin.js';
import { CLI, ROOT, runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
afterAll(async () => dir?.remove());

const bootstrap = 'up-bootstrap-token-0123456789';

/** Runs `up` until it has reported once, then (after `whileUp`, given what it printed) stops it; what it printed. */
function up(data: string, whileUp: (printed: string) => Promise<void> = async () => {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, 'up', '--port', '0', '--data', data], {
      cwd: ROOT,
      env: { ...process.env, READINESS_ADMIN_TOKEN: bootstrap },
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`readiness up did not report within 90 s:\n${out}`));
    }, 90_000);
    let ready = false;
    let failure: unknown = null;
    const onData = (d: Buffer) => {
      out += d;
      if (ready || !/reporting again every/.test(out)) return;
      ready = true;
      void whileUp(out)
        .catch((err: unknown) => (failure = err))
        .finally(() => child.kill('SIGTERM'));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      if (failure) reject(failure instanceof Error ? failure : new Error(String(failure)));
      else resolve(out);
    });
  });
}

describe('readiness up', () => {
  it('creates the admin user once and prints its password beside the URL', async () => {
    dir = await makeTempDir('readiness-up-');
    const data = join(dir.path, 'data');
    // What a person does with what `up` printed: open the URL, sign in as admin, see this machine's unit.
    const first = await up(data, async (printed) => {
      const url = /\n {2}open {7}(http:\/\/127\.0\.0\.1:\d+)\/ in a browser/.exec(printed)![1]!;
      const password = /sign in {4}user admin, password (\S+) /.exec(printed)![1]!;
      const home = await fetch(`${url}/`, { redirect: 'manual' });
      expect([home.status, home.headers.get('location')]).toEqual([303, '/sign-in?next=%2F']);
      const signIn = await fetch(`${url}/sign-in`, { method: 'POST', redirect: 'manual', headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ name: 'admin', password }) });
      expect(signIn.status).toBe(303);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const overview = await fetch(`${url}/`, { headers: { cookie } });
      expect(overview.status).toBe(200);
      expect(await overview.text()).toContain('<a href="/units/local">local</a>');
    });
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
