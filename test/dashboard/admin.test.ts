/**
 * The administration pages' forms in-process, signed in with the session cookie as a browser
 * is: same-origin posts only, a check step before what cannot be undone, secrets shown once,
 * every change through the API's functions (so audited), entered values kept on a refusal.
 */
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { labelsFor } from '../../reports/i18n.js';
import { dashboardFixture, ORIGIN } from '../helpers/dashboard-fixture.js';
import type { DashboardFixture } from '../helpers/dashboard-fixture.js';
import { PASSWORD } from '../helpers/access-fixture.js';

const P = labelsFor('vi').page;
let f: DashboardFixture;
beforeEach(async () => {
  f = await dashboardFixture();
});
afterEach(() => f.cleanup());

async function session(name: string): Promise<string> {
  const res = await f.t.app.request(`${ORIGIN}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ name, password: PASSWORD }).toString(),
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** A form posted by a signed-in browser: the cookie and the collector's own Origin. */
const post = (cookie: string, path: string, fields: Record<string, string>, origin = ORIGIN) =>
  f.t.app.request(`${ORIGIN}${path}`, { method: 'POST', headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

const auditActions = async () => (await f.t.deps.access.store.audit.read({ afterSeq: null, limit: 1000 })).map((e) => e.action);

describe('personal tokens', () => {
  it('creates one shown once, and revokes it only after the check step', async () => {
    const cookie = await session('clerk.kv1');
    const created = await post(cookie, '/admin/tokens', { label: 'Excel Văn phòng', expires: '30d' });
    expect(created.status).toBe(200);
    const body = await created.text();
    const token = /<code class="secret" id="shown-once">(rdy_[^<]+)<\/code>/.exec(body)![1]!;
    expect(body).toContain(P.admin.shownOnce);
    // The token works on the API with the viewer's scope.
    expect((await f.t.app.request(`${ORIGIN}/api/v1/hosts`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const id = token.split('_')[1]!;

    const check = await post(cookie, `/admin/tokens/${id}/revoke`, {});
    expect(check.status).toBe(200);
    const checkPage = await check.text();
    expect(checkPage).toContain(P.admin.checkLead);
    expect(checkPage).toContain('name="step" value="confirm"');
    expect(f.t.deps.access.store.getToken(id)!.revokedAt).toBeNull();

    const done = await post(cookie, `/admin/tokens/${id}/revoke`, { step: 'confirm' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/admin/tokens?done=1');
    expect(f.t.deps.access.store.getToken(id)!.revokedAt).not.toBeNull();
    expect(await auditActions()).toEqual(expect.arrayContaining(['token.create', 'token.revoke']));
  });

  it('refuses a form posted from another site with the reader\'s cookie, and changes nothing', async () => {
    const cookie = await session('clerk.kv1');
    const before = f.t.deps.access.store.listTokens().length;
    const res = await post(cookie, '/admin/tokens', { label: 'forged', expires: '30d' }, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(P.errors.forbiddenTitle);
    expect(f.t.deps.access.store.listTokens()).toHaveLength(before);
  });

  it('does not let a viewer revoke someone else\'s token', async () => {
    const cookie = await session('clerk.kv1');
    const other = f.t.deps.access.store.listTokens('mgr.kv1')[0]!;
    expect((await post(cookie, `/admin/tokens/${other.id}/revoke`, { step: 'confirm' })).status).toBe(404);
    expect(f.t.deps.access.store.getToken(other.id)!.revokedAt).toBeNull();
  });
});

describe('users', () => {
  it('adds a user after the check step and shows the generated password once', async () => {
    const cookie = await session('root');
    const fields = { name: 'nguyen.van.b', role: 'viewer', unit: 'hp-kv2', recursive: '', password: '' };
    const check = await post(cookie, '/admin/users', fields);
    expect(check.status).toBe(200);
    expect(await check.text()).toContain(P.admin.generatedPassword);
    expect(f.t.deps.access.store.getUser('nguyen.van.b')).toBeUndefined();

    const done = await post(cookie, '/admin/users', { ...fields, step: 'confirm' });
    expect(done.status).toBe(200);
    const password = /<code class="secret" id="shown-once">([^<]+)<\/code>/.exec(await done.text())![1]!;
    expect(f.t.deps.access.store.getUser('nguyen.van.b')).toMatchObject({ role: 'viewer', unit: 'hp-kv2', recursive: false });
    // The new user signs in with it.
    const res = await f.t.app.request(`${ORIGIN}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: new URLSearchParams({ name: 'nguyen.van.b', password }).toString() });
    expect(res.status).toBe(303);
  });

  it.each([
    [{ name: 'Nguyễn Văn B', role: 'viewer', unit: 'hp-kv1' }, 'name', P.admin.nameInvalid],
    [{ name: 'nguyen.van.c', role: 'viewer', unit: '' }, 'unit', P.admin.unitNeeded],
    [{ name: 'nguyen.van.c', role: 'viewer', unit: 'hp-kv1', password: 'short' }, 'password', P.admin.passwordShort],
    [{ name: 'clerk.kv1', role: 'viewer', unit: 'hp-kv1', step: 'confirm' }, 'name', P.admin.userExists],
  ])('refuses %o with the error next to its field (%s), the values kept', async (fields, field, message) => {
    const cookie = await session('root');
    const res = await post(cookie, '/admin/users', fields as Record<string, string>);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain(`<a href="#${field}">${message.replace(/"/g, '&quot;')}</a>`);
    expect(body).toContain(`value="${fields.name}"`);
  });

  it('disables a user after the check step, ending its sessions', async () => {
    const admin = await session('root');
    const clerk = await session('clerk.kv1');
    const check = await post(admin, '/admin/users/clerk.kv1/state', { disabled: 'true' });
    expect(await check.text()).toContain(P.admin.disableLead);
    expect(f.t.deps.access.store.getUser('clerk.kv1')!.disabled).toBe(false);
    expect((await post(admin, '/admin/users/clerk.kv1/state', { disabled: 'true', step: 'confirm' })).status).toBe(303);
    expect(f.t.deps.access.store.getUser('clerk.kv1')!.disabled).toBe(true);
    expect((await f.t.app.request(`${ORIGIN}/`, { headers: { cookie: clerk } })).status).toBe(303);
  });

  it('keeps users to admins', async () => {
    const cookie = await session('mgr.kv1');
    expect((await f.t.app.request(`${ORIGIN}/admin/users`, { headers: { cookie } })).status).toBe(403);
    expect((await post(cookie, '/admin/users', { name: 'x.y', role: 'admin', unit: '', step: 'confirm' })).status).toBe(403);
    expect(f.t.deps.access.store.getUser('x.y')).toBeUndefined();
  });
});

describe('enrollment secrets', () => {
  it('lets a unit manager create one for its unit, shown once, and refuses another unit', async () => {
    const cookie = await session('mgr.kv1');
    const page = await (await f.t.app.request(`${ORIGIN}/admin/enroll-secrets?unit=hp-kv1`, { headers: { cookie } })).text();
    expect(page).toContain('VKSND khu vực 1 - Hải Phòng');
    expect(page).not.toContain('khu vực 2');
    const res = await post(cookie, '/admin/enroll-secrets', { unit: 'hp-kv1', room: '', expires: '14d', uses: '20' });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<code class="secret" id="shown-once">es_/);
    expect(f.t.deps.access.store.listEnrollSecrets()).toEqual([expect.objectContaining({ unit: 'hp-kv1', maxUses: 20 })]);
    expect((await post(cookie, '/admin/enroll-secrets', { unit: 'hp-kv2', expires: '14d' })).status).toBe(403);
    expect(f.t.deps.access.store.listEnrollSecrets()).toHaveLength(1);
  });

  it('says what is wrong with a lifetime or a number of uses', async () => {
    const cookie = await session('mgr.kv1');
    const res = await post(cookie, '/admin/enroll-secrets', { unit: 'hp-kv1', expires: 'two weeks', uses: '0' });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain(P.admin.expiresInvalid);
    expect(body).toContain(P.admin.usesInvalid);
  });
});

describe('moving a machine', () => {
  it('moves it after the check step, audited, and the pages follow at once', async () => {
    const cookie = await session('root');
    const id = f.idOf('vp1');
    const form = await (await f.t.app.request(`${ORIGIN}/admin/hosts/${id}/move?unit=hp`, { headers: { cookie } })).text();
    expect(form).toContain('<option value="phong-15"');
    const check = await post(cookie, `/admin/hosts/${id}/move`, { unit: 'hp', room: 'phong-15' });
    expect(check.status).toBe(200);
    expect(await check.text()).toContain('Phòng 15');
    expect(f.t.deps.store.getHost(id)!.room).toBe('van-phong');
    const done = await post(cookie, `/admin/hosts/${id}/move`, { unit: 'hp', room: 'phong-15', step: 'confirm' });
    expect(done.status).toBe(303);
    expect(f.t.deps.store.getHost(id)!.room).toBe('phong-15');
    expect(await auditActions()).toContain('host.move');
    const machines = await (await f.t.app.request(`${ORIGIN}/hosts?unit=hp&room=phong-15`, { headers: { cookie } })).text();
    expect(machines).toContain('VP-PC01');
  });

  it('refuses a unit manager a machine or a destination outside its scope', async () => {
    const cookie = await session('mgr.kv1');
    expect((await f.t.app.request(`${ORIGIN}/admin/hosts/${f.idOf('vp1')}/move`, { headers: { cookie } })).status).toBe(403);
    const res = await post(cookie, `/admin/hosts/${f.idOf('kv1a')}/move`, { unit: 'hp-kv2', room: '', step: 'confirm' });
    expect(res.status).toBe(403);
    expect(f.t.deps.store.getHost(f.idOf('kv1a'))!.unit).toBe('hp-kv1');
  });
});

describe('retiring a machine', () => {
  it('retires it after the check step with its reason, audited, and it leaves the list and the counts at once', async () => {
    const cookie = await session('mgr.kv1');
    const id = f.idOf('kv1b');
    const machine = await (await f.t.app.request(`${ORIGIN}/hosts/${id}`, { headers: { cookie } })).text();
    expect(machine).toContain(`/admin/hosts/${id}/retire`);
    const before = await (await f.t.app.request(`${ORIGIN}/hosts?unit=hp-kv1`, { headers: { cookie } })).text();
    expect(before).toContain('KV1-PC02');
    // No reason: asked again, nothing changed.
    const missing = await post(cookie, `/admin/hosts/${id}/retire`, { reason: ' ', step: 'confirm' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain(P.admin.retireReasonMissing);
    const check = await post(cookie, `/admin/hosts/${id}/retire`, { reason: 'máy hỏng, đã thanh lý' });
    expect(check.status).toBe(200);
    expect(await check.text()).toContain('máy hỏng, đã thanh lý');
    expect(f.t.deps.store.getHost(id)!.retired).toBeFalsy();
    const done = await post(cookie, `/admin/hosts/${id}/retire`, { reason: 'máy hỏng, đã thanh lý', step: 'confirm' });
    expect(done.status).toBe(303);
    // A unit manager's retirement of its own unit's machine is marked self-certified, as through the API.
    expect(f.t.deps.store.getHost(id)!.retired).toMatchObject({ reason: 'máy hỏng, đã thanh lý', by: 'mgr.kv1', selfCertified: true });
    expect(await auditActions()).toContain('host.retire');
    const after = await (await f.t.app.request(`${ORIGIN}/hosts?unit=hp-kv1`, { headers: { cookie } })).text();
    expect(after).not.toContain('KV1-PC02');
    expect(after).toContain('KV1-PC01');
    // Not twice.
    expect((await post(cookie, `/admin/hosts/${id}/retire`, { reason: 'again, by mistake', step: 'confirm' })).status).toBe(409);
  });

  it('refuses a viewer, and a unit manager a machine of another unit', async () => {
    const viewer = await session('clerk.kv1');
    expect((await f.t.app.request(`${ORIGIN}/admin/hosts/${f.idOf('kv1a')}/retire`, { headers: { cookie: viewer } })).status).toBe(403);
    const manager = await session('mgr.kv1');
    expect((await post(manager, `/admin/hosts/${f.idOf('vp1')}/retire`, { reason: 'not mine to retire', step: 'confirm' })).status).toBe(403);
    expect(f.t.deps.store.getHost(f.idOf('vp1'))!.retired).toBeFalsy();
  });
});
