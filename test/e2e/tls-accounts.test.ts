/**
 * Real TLS and the account commands against a running collector, as processes: a CA and a
 * certificate made with openssl; the collector serving HTTPS; `user add` and `token create` on
 * its data directory while it runs (it sees them at the next request); a per-unit enrollment
 * secret placing an agent in its unit over HTTPS with `--ca`; a wrong CA refused with a
 * sentence; plain HTTP to another machine refused before anything is sent; `user disable`
 * stopping a token at once.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSafeTransport } from '../../agent/client.js';
import { enrollAgent } from '../../agent/enroll.js';
import { historyAnchors, verifyAuditFile } from '../../collector/access/audit-log.js';
import { runCli, startCollectorProcess } from '../helpers/cli.js';
import type { CollectorProcess } from '../helpers/cli.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const req = systemRequirement({ commands: ['openssl'], install: 'apt-get install openssl' });

/** A CA, and a certificate for 127.0.0.1 and localhost signed by it. */
function makeCa(dir: string, name: string): { ca: string; cert: string; key: string } {
  const f = (n: string) => join(dir, `${name}-${n}`);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', `/CN=${name} test CA`);
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost');
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\n' > '${f('ext')}'`]);
  openssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '2', '-extfile', f('ext'));
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

describe.skipIf(!req.ok)('TLS and accounts, as processes', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let collector: CollectorProcess;
  let pki: ReturnType<typeof makeCa>;
  let wrong: ReturnType<typeof makeCa>;
  let data: string;
  let token: string;
  const enrollSecret = 'tls-enroll-secret-0123456789';
  const bootstrap = 'tls-admin-token-0123456789ab';

  const get = async (path: string, bearer: string) => {
    return fetch(`${collector.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${bearer}` },
      dispatcher: new Agent({ connect: { ca: readFileSync(pki.ca, 'utf8') } }),
    } as RequestInit);
  };
  const cli = (...args: string[]) => runCli([...args, '--data', data]);

  beforeAll(async () => {
    dir = await makeTempDir('readiness-tls-');
    pki = makeCa(dir.path, 'good');
    wrong = makeCa(dir.path, 'wrong');
    data = join(dir.path, 'data');
    const config = join(dir.path, 'collector.yaml');
    await writeFile(config, `host: 127.0.0.1\ndataDir: ${data}\nenrollSecret: ${enrollSecret}\nadminToken: ${bootstrap}\ntls:\n  cert: ${pki.cert}\n  key: ${pki.key}\n`);
    collector = await startCollectorProcess(['--config', config]);
  }, 60_000);
  afterAll(async () => {
    await collector?.stop();
    await dir?.remove();
  });

  it('serves HTTPS, says the bootstrap token works until an admin exists, and takes a token made by the CLI while it runs', async () => {
    expect(collector.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(collector.output()).toContain('no admin user yet: the bootstrap admin token');
    expect((await get('/hosts', bootstrap)).status).toBe(200);

    const added = await cli('user', 'add', 'root', '--role', 'admin');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^user root added: admin of every unit\npassword: \S{20} /);
    const created = await cli('token', 'create', '--user', 'root', '--expires', '1d');
    expect(created.code).toBe(0);
    token = created.stdout.trim();
    expect(token).toMatch(/^rdy_/);

    expect((await get('/hosts', token)).status).toBe(200);
    expect((await get('/hosts', bootstrap)).status).toBe(401);
  });

  it('enrolls with a per-unit secret and --ca into that unit whatever the agent asks, and reports over HTTPS', async () => {
    const made = await cli('enroll-secret', 'create', '--unit', 'hp-kv1', '--uses', '1');
    expect(made.code).toBe(0);
    const secret = made.stdout.trim();
    const state = join(dir.path, 'agent', 'agent.json');
    const enrolled = await runCli(['agent', 'enroll', '--collector', collector.url, '--secret', secret, '--unit', 'hp-elsewhere', '--ca', pki.ca, '--state', state, '--json']);
    expect(enrolled.stderr).toBe('');
    expect(JSON.parse(enrolled.stdout)).toMatchObject({ unit: 'hp-kv1' });
    const run = await runCli(['agent', 'run', '--once', '--replay', 'test/fixtures/replay/linux-debian-clean', '--state', state], { READINESS_PROBE_GATEWAY: 'off' });
    expect(run.stderr).not.toContain('refused');
    expect(run.code).toBe(0);
    const { hosts } = (await (await get('/hosts', token)).json()) as { hosts: Array<{ unit: string; reportCount: number }> };
    expect(hosts).toEqual([expect.objectContaining({ unit: 'hp-kv1', reportCount: 1 })]);

    const again = await runCli(['agent', 'enroll', '--collector', collector.url, '--secret', secret, '--ca', pki.ca, '--state', join(dir.path, 'agent2.json')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('has been used for all its 1 enrollments');
  });

  it('refuses a collector whose certificate the given CA did not sign, with a sentence', async () => {
    const res = await runCli(['agent', 'enroll', '--collector', collector.url, '--secret', enrollSecret, '--unit', 'hp', '--ca', wrong.ca, '--state', join(dir.path, 'wrong.json')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`the collector at ${collector.url} presented a certificate this agent does not trust`);
    expect(res.stderr).toContain('the CA given with --ca did not sign it');
  });

  it('refuses plain HTTP to another machine unless --insecure-http, before sending anything', async () => {
    const attempt = (insecureHttp: boolean) =>
      enrollAgent({ collectorUrl: 'http://192.0.2.10:8080', secret: enrollSecret, unit: 'hp', room: null, insecureHttp, statePath: join(dir.path, 'plain.json') });
    await expect(attempt(false)).rejects.toThrow("refusing to send the agent's key or secret to http://192.0.2.10:8080 over plain HTTP");
    // Allowed, it is not refused for clear text (a loopback collector is always allowed, see below).
    expect(() => assertSafeTransport(new URL('http://192.0.2.10:8080/'), { insecureHttp: true })).not.toThrow();
    expect(() => assertSafeTransport(new URL('http://127.0.0.1:8080/'), {})).not.toThrow();
  });

  it('stops the token of a user disabled on the command line at the next request, and audits all of it', async () => {
    expect((await cli('user', 'disable', 'root')).stderr).toContain('root is the last enabled admin');
    const spare = await fetch(`${collector.url}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'spare', role: 'admin' }),
      dispatcher: new Agent({ connect: { ca: readFileSync(pki.ca, 'utf8') } }),
    } as RequestInit);
    expect(spare.status).toBe(201);
    expect((await cli('user', 'disable', 'root')).code).toBe(0);
    expect((await get('/hosts', token)).status).toBe(401);
    const audit = await verifyAuditFile(join(data, 'audit.log'), await historyAnchors(data));
    expect(audit.problems).toEqual([]);
    const actions = (await readFile(join(data, 'audit.log'), 'utf8')).trimEnd().split('\n').map((l) => (JSON.parse(l) as { action: string }).action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'token.create', 'enroll-secret.create', 'host.enroll', 'user.disable', 'token.refused']));
  });
});
