/**
 * Sessions: the cookie's flags, idle and absolute expiry, logout, a changed password or a
 * disabled user ending sessions, CSRF refusal of a cross-origin POST, the rate limit on failed
 * logins (429 with Retry-After) and their audit lines, personal tokens, the bootstrap token.
 */
import { describe, expect, it } from 'vitest';
import { AccessStore } from '../../collector/access/access-store.js';
import { createAccessControl } from '../../collector/access/access-control.js';
import { CollectorConfig } from '../../collector/config.js';
import { createLimits } from '../../collector/limits.js';
import { addUsers, PASSWORD, TEST_ACTOR } from '../helpers/access-fixture.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';

async function setUp(opts: { secureCookies?: boolean } = {}) {
  let nowMs = Date.parse('2025-12-05T08:00:00Z');
  const now = () => new Date(nowMs);
  const store = new AccessStore({ dataDir: null, now });
  const access = createAccessControl({ store, bootstrapToken: ADMIN_TOKEN, sessions: { idleMinutes: 30, maxHours: 12 }, ...opts });
  const t = makeTestApp({ now, access, limits: createLimits(CollectorConfig.parse({}), () => nowMs) });
  const users = await addUsers(store, [
    { name: 'root', role: 'admin', unit: null },
    { name: 'clerk', role: 'viewer', unit: 'hp-vanphong' },
  ]);
  const login = (name: string, password: string, headers: Record<string, string> = {}) =>
    t.app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name, password }) });
  const cookieOf = (res: Response) => /readiness_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  const withCookie = (path: string, cookie: string, init: RequestInit = {}) =>
    t.app.request(`/api/v1${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: `readiness_session=${cookie}` } });
  return { t, store, access, users, login, cookieOf, withCookie, advance: (ms: number) => (nowMs += ms) };
}

describe('sessions', () => {
  it('signs in with an HttpOnly, SameSite=Strict cookie that reads the user\'s units', async () => {
    const s = await setUp();
    const res = await s.login('clerk', PASSWORD);
    expect(res.status).toBe(201);
    const header = res.headers.get('set-cookie')!;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).not.toMatch(/Secure/);
    const cookie = s.cookieOf(res)!;
    const me = (await (await s.withCookie('/session', cookie)).json()) as { grant: unknown };
    expect(me.grant).toEqual({ role: 'viewer', unit: 'hp-vanphong', recursive: false });
    expect((await s.withCookie('/hosts', cookie)).status).toBe(200);
    expect((await s.withCookie('/users', cookie)).status).toBe(403);
  });

  it('marks the cookie Secure under TLS', async () => {
    const s = await setUp({ secureCookies: true });
    expect((await s.login('clerk', PASSWORD)).headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however busy', async () => {
    const s = await setUp();
    const cookie = s.cookieOf(await s.login('clerk', PASSWORD))!;
    s.advance(29 * 60_000);
    expect((await s.withCookie('/hosts', cookie)).status).toBe(200);
    s.advance(31 * 60_000);
    const idle = await s.withCookie('/hosts', cookie);
    expect(idle.status).toBe(401);
    expect(((await idle.json()) as { error: { message: string } }).error.message).toContain('your session has ended');

    const busy = s.cookieOf(await s.login('clerk', PASSWORD))!;
    for (let i = 0; i < 25; i++) {
      s.advance(29 * 60_000);
      await s.withCookie('/hosts', busy);
    }
    expect((await s.withCookie('/hosts', busy)).status).toBe(401);
  });

  it('signs out, and ends sessions when the password changes or the user is disabled', async () => {
    const s = await setUp();
    const a = s.cookieOf(await s.login('clerk', PASSWORD))!;
    const out = await s.withCookie('/session', a, { method: 'DELETE', headers: { origin: 'http://localhost' } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/readiness_session=;/);
    expect((await s.withCookie('/hosts', a)).status).toBe(401);

    const b = s.cookieOf(await s.login('clerk', PASSWORD))!;
    s.advance(1000);
    await s.store.changeUser('clerk', { passwordHash: s.store.getUser('clerk')!.passwordHash }, TEST_ACTOR);
    expect((await s.withCookie('/hosts', b)).status).toBe(401);

    const c = s.cookieOf(await s.login('clerk', PASSWORD))!;
    await s.store.changeUser('clerk', { disabled: true }, TEST_ACTOR);
    expect((await s.withCookie('/hosts', c)).status).toBe(401);
    expect((await s.login('clerk', PASSWORD)).status).toBe(401);
    expect((await s.t.get('/hosts', s.users.clerk!.token)).status).toBe(401);
  });

  it('refuses a cross-origin POST made with the cookie (CSRF), and takes the same one from its own origin', async () => {
    const s = await setUp();
    const cookie = s.cookieOf(await s.login('root', PASSWORD))!;
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '{"label":"x"}' };
    const forged = await s.withCookie('/tokens', cookie, { ...form, headers: { ...form.headers, origin: 'http://evil.example' } });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toContain('from another origin (http://evil.example) is refused');
    expect(s.store.listTokens('root')).toHaveLength(1);
    const own = await s.withCookie('/tokens', cookie, { ...form, headers: { ...form.headers, origin: 'http://localhost' } });
    expect(own.status).toBe(201);
    // A forged sign-in (login CSRF) is refused too.
    expect((await s.login('root', PASSWORD, { 'content-type': 'text/plain', origin: 'http://evil.example' })).status).toBe(403);
  });

  it('rate-limits failed sign-ins per account with Retry-After, and audits them without the password', async () => {
    const s = await setUp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await s.login('root', `wrong-password-${i}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const limited = await s.login('root', PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    s.advance(60_000);
    expect((await s.login('root', PASSWORD)).status).toBe(201);
    const lines = await s.store.audit.read({ afterSeq: null, limit: 1000 });
    expect(lines.filter((l) => l.action === 'session.login-failed')).toHaveLength(10);
    expect(lines.filter((l) => l.action === 'session.login')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('wrong-password');
    // An unknown name is refused with the same sentence as a wrong password.
    const unknown = await s.login('nobody', PASSWORD);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe('wrong name or password');
  });

  it('lets a personal token read with its user\'s scope until revoked or expired', async () => {
    const s = await setUp();
    await s.t.enroll('hp-vanphong');
    const { token, view } = await s.store.createToken({ user: 'clerk', label: 'excel', expiresAt: new Date(Date.parse('2025-12-05T08:00:00Z') + 3_600_000).toISOString() }, TEST_ACTOR);
    expect((await s.t.get('/readiness', token)).status).toBe(200);
    expect((await s.t.get('/readiness?unit=hp-kv1', token)).status).toBe(403);
    s.advance(3_600_001);
    expect((await s.t.get('/readiness', token)).status).toBe(401);
    await s.store.revokeToken(view.id, TEST_ACTOR);
    const other = s.users.clerk!.token;
    expect((await s.t.get('/hosts', other)).status).toBe(200);
    await s.store.revokeToken(other.split('_')[1]!, TEST_ACTOR);
    const revoked = await s.t.get('/hosts', other);
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { message: string } }).error.message).toContain('was revoked');
  });

  it('stops taking the bootstrap token once an admin user exists, unless the config keeps it', async () => {
    const fresh = makeTestApp();
    expect((await fresh.get('/hosts', ADMIN_TOKEN)).status).toBe(200);
    const s = await setUp();
    const res = await s.t.get('/hosts', ADMIN_TOKEN);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('stopped working when the first admin user was created');
    const kept = makeTestApp({ access: createAccessControl({ store: s.store, bootstrapToken: ADMIN_TOKEN, keepBootstrapToken: true }) });
    expect((await kept.get('/hosts', ADMIN_TOKEN)).status).toBe(200);
  });
});
