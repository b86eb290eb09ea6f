/**
 * Accounts through the API: users (generated password once, duplicates, units the org lacks,
 * the last admin), personal tokens (only an admin names another user, `never` only for an
 * admin), per-unit enrollment secrets (the agent lands in the secret's unit and room whatever
 * it asks; expired, revoked and used-up secrets refused; the global secret can be turned off).
 */
import { describe, expect, it } from 'vitest';
import { CollectorConfig } from '../../collector/config.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { EMPTY_RULE_SET } from '../../rules/compile.js';
import { addUsers, PASSWORD, TEST_ACTOR } from '../helpers/access-fixture.js';
import { ENROLL_SECRET, makeTestApp } from '../helpers/test-app.js';

const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

async function setUp(config: object = {}) {
  let now = new Date('2025-12-05T03:00:00Z');
  const store = new MemoryStore();
  const readiness = new Readiness({ store, org: await loadOrgFile('examples/org.haiphong.yaml'), rules: EMPTY_RULE_SET, history: null, now: () => now });
  const t = makeTestApp({ store, now: () => now, config: CollectorConfig.parse(config), ...readinessDeps(readiness) });
  const users = await addUsers(t.deps.access.store, [
    { name: 'root', role: 'admin', unit: null },
    { name: 'mgr', role: 'unit_manager', unit: 'hp-kv1' },
  ]);
  const patch = (path: string, body: unknown, token: string) =>
    t.app.request(`/api/v1${path}`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { t, users, patch, later: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('users', () => {
  it('answers a generated password once, and refuses duplicates, unknown units and disabling the last admin', async () => {
    const { t, users, patch } = await setUp();
    const root = users.root!.token;
    const added = await t.post('/users', { name: 'clerk', role: 'viewer', unit: 'hp-kv2' }, root);
    expect(added.status).toBe(201);
    const { password, user } = (await added.json()) as { password: string; user: Record<string, unknown> };
    expect(password).toMatch(/^\S{20}$/);
    expect(user).not.toHaveProperty('passwordHash');
    expect((await t.post('/session', { name: 'clerk', password })).status).toBe(201);
    expect((await t.post('/users', { name: 'clerk', role: 'viewer', unit: 'hp-kv2', password: PASSWORD }, root)).status).toBe(409);
    const unknown = await t.post('/users', { name: 'x', role: 'viewer', unit: 'hp-kv9', password: PASSWORD }, root);
    expect(unknown.status).toBe(400);
    expect(await message(unknown)).toContain('unit "hp-kv9" is not in the org file; use one of: hp, hp-kv1');
    expect((await t.post('/users', { name: 'y', role: 'viewer', password: PASSWORD }, root)).status).toBe(400);
    const last = await patch('/users/root', { disabled: true }, root);
    expect(last.status).toBe(400);
    expect(await message(last)).toContain('root is the last enabled admin');
    expect(JSON.stringify(await (await t.get('/users', root)).json())).not.toContain('scrypt$');
  });
});

describe('personal tokens', () => {
  it('lets a user make its own, only an admin make another\'s, and only an admin\'s never expire', async () => {
    const { t, users } = await setUp();
    const mgr = users.mgr!.token;
    expect((await t.post('/tokens', { label: 'excel', expires: '30d' }, mgr)).status).toBe(201);
    expect((await t.post('/tokens', { user: 'root' }, mgr)).status).toBe(403);
    const never = await t.post('/tokens', { expires: 'never' }, mgr);
    expect(never.status).toBe(400);
    expect(await message(never)).toContain('only an admin\'s token may never expire');
    expect((await t.post('/tokens', { user: 'mgr', expires: 'never' }, users.root!.token)).status).toBe(400);
    expect((await t.post('/tokens', { expires: 'never' }, users.root!.token)).status).toBe(201);
    const mine = (await (await t.get('/tokens', mgr)).json()) as { tokens: Array<{ user: string }> };
    expect(new Set(mine.tokens.map((x) => x.user))).toEqual(new Set(['mgr']));
  });
});

describe('per-unit enrollment secrets', () => {
  it('place the agent in their unit and room whatever it asks, and are refused once expired, revoked or used up', async () => {
    const { t, users, later } = await setUp();
    const mgr = users.mgr!.token;
    expect((await t.post('/enroll-secrets', { unit: 'hp-kv2' }, mgr)).status).toBe(403);
    const made = (await (await t.post('/enroll-secrets', { unit: 'hp-kv1', uses: 2, expires: '1d' }, mgr)).json()) as { secret: string; view: { id: string } };
    const enroll = (secret: string, unit?: string) => t.post('/enroll', { secret, hostname: 'PC', ...(unit ? { unit } : {}) });

    const first = await enroll(made.secret, 'hp');
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ unit: 'hp-kv1', room: null });
    expect((await enroll(made.secret)).status).toBe(201);
    const spent = await enroll(made.secret);
    expect(spent.status).toBe(401);
    expect(await message(spent)).toContain('used for all its 2 enrollments');

    const other = (await (await t.post('/enroll-secrets', { unit: 'hp-kv1' }, mgr)).json()) as { secret: string; view: { id: string } };
    later(15 * 86_400_000);
    expect(await message(await enroll(other.secret))).toContain('expired');
    const fresh = (await (await t.post('/enroll-secrets', { unit: 'hp-kv1', expires: 'never' }, mgr)).json()) as { secret: string; view: { id: string } };
    await t.deps.access.store.revokeEnrollSecret(fresh.view.id, TEST_ACTOR);
    expect(await message(await enroll(fresh.secret))).toContain('revoked');
    expect(await message(await enroll(`${fresh.secret.slice(0, -1)}${fresh.secret.endsWith('A') ? 'B' : 'A'}`))).toContain('not known');

    const hosts = t.deps.store.listHosts();
    expect(hosts.map((h) => h.unit)).toEqual(['hp-kv1', 'hp-kv1']);
    const lines = await t.deps.access.store.audit.read({ afterSeq: null, limit: 100 });
    expect(lines.filter((l) => l.action === 'host.enroll').map((l) => l.actor.via)).toEqual([`enroll secret ${made.view.id}`, `enroll secret ${made.view.id}`]);
  });

  it('leave the global secret working unless the config turns it off', async () => {
    const on = await setUp();
    expect((await on.t.post('/enroll', { secret: ENROLL_SECRET, unit: 'hp', hostname: 'PC' })).status).toBe(201);
    expect((await on.t.post('/enroll', { secret: ENROLL_SECRET, hostname: 'PC' })).status).toBe(400);
    const off = await setUp({ globalEnrollSecret: false });
    const refused = await off.t.post('/enroll', { secret: ENROLL_SECRET, unit: 'hp', hostname: 'PC' });
    expect(refused.status).toBe(401);
    expect(await message(refused)).toContain('per-unit enrollment secrets only');
  });
});
