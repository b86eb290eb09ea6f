/**
 * Every page in-process for each role, in its scope and out of it: what a reader sees, in
 * Vietnamese by default and in English, and that nothing of another unit shows. The fleet is
 * the example Hải Phòng org with seven machines and three recorded days (dashboard-fixture).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelsFor } from '../../reports/i18n.js';
import { deviceLabels } from '../../reports/devices/labels.js';
import type { DeviceInput } from '../../rules/device-input.js';
import { report as deviceReport } from '../helpers/device-fleet.js';
import { dashboardFixture, DAYS, ORIGIN } from '../helpers/dashboard-fixture.js';
import type { DashboardFixture } from '../helpers/dashboard-fixture.js';
import { ApiError } from '../../collector/errors.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';

let f: DashboardFixture;
beforeAll(async () => {
  f = await dashboardFixture();
});
afterAll(() => f.cleanup());

const vi = labelsFor('vi');
const en = labelsFor('en');
const html = async (res: Response) => {
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return res.text();
};

/** What identifies VKSND khu vực 2 and its machines: nothing of it may reach a reader of khu vực 1. */
const KV2 = ['hp-kv2', 'khu vực 2', 'KV2-SECRET-PC', 'KV2-SILENT', 'aa:bb:cc:00:00:21'];
/** And what identifies the city's own rooms and machines. */
const CITY = ['VP-PC01', 'VP-PC02', 'P1-PC01', 'van-phong', 'Phòng 15', 'thành phố Hải Phòng'];

describe('the overview', () => {
  it('shows every unit of an admin with the rollout categories, status words and counts with their denominator', async () => {
    const body = await html(await f.page('/', 'root'));
    expect(body).toContain('<html lang="vi">');
    for (const name of ['VKSND thành phố Hải Phòng', 'VKSND khu vực 1 - Hải Phòng', 'VKSND khu vực 2 - Hải Phòng', 'VKSND khu vực 3 - Hải Phòng']) expect(body).toContain(name);
    for (const category of ['lan', 'wan', 'licensing', 'antivirus', 'security', 'hardware', 'signing']) expect(body).toContain(`<th scope="col">${vi.category[category]}</th>`);
    // The LAN deadline (10/12/2025) passed the day before: khu vực 1 is overdue with 2 of 15 machines.
    expect(body).toContain(vi.status.overdue);
    expect(body).toMatch(/13,3%<\/span>/);
    expect(body).toContain('2/15 máy');
    expect(body).toContain('hạn 10/12/2025 · quá hạn 1 ngày');
    // Charts of the city's rules against their deadlines.
    expect(body).toContain(vi.meta.chartTitle);
  });

  it('reads in English with the language cookie: a decimal point and English words', async () => {
    const body = await html(await f.page('/', 'root', { headers: { cookie: 'readiness_lang=en' } }));
    expect(body).toContain('<html lang="en">');
    expect(body).toMatch(/13\.3%<\/span>/);
    expect(body).toContain('2/15 machines');
    expect(body).toContain(en.status.overdue);
    expect(body).not.toContain(vi.status.overdue);
  });

  it('shows a viewer of khu vực 1 its own unit only', async () => {
    const body = await html(await f.page('/', 'clerk.kv1'));
    expect(body).toContain('VKSND khu vực 1 - Hải Phòng');
    for (const text of [...KV2, ...CITY, 'khu vực 3']) expect(body).not.toContain(text);
  });

  it('shows a city viewer without the units below it the city alone, said so', async () => {
    const body = await html(await f.page('/', 'vp.own'));
    expect(body).toContain(vi.meta.ownOnly);
    for (const text of ['khu vực 1', 'khu vực 2', 'KV1-PC01']) expect(body).not.toContain(text);
  });
});

describe('the unit page', () => {
  it('shows rules by room, the machines holding each back and the probe targets', async () => {
    const body = await html(await f.page('/units/hp', 'vp.city'));
    for (const room of ['Văn phòng', 'Phòng 1', 'Phòng 15']) expect(body).toContain(`<th scope="col">${room}</th>`);
    // UltraViewer on VP-PC02: linked under the remote-access rule.
    expect(body).toContain(`<a href="/hosts/${f.idOf('vp2')}">VP-PC02</a>`);
    expect(body).toContain('192.0.2.1');
    expect(body).toContain(vi.page.probe.roles.gateway);
    expect(body).toContain('<a href="/units/hp-kv1">');
  });

  it.each([
    ['clerk.kv1', '/units/hp-kv2', KV2],
    ['clerk.kv1', '/units/hp', CITY],
    ['mgr.kv1', '/units/hp-kv2', KV2],
    ['vp.own', '/units/hp-kv1', ['hp-kv1', 'khu vực 1', 'KV1-PC01']],
    ['clerk.kv1', '/units/no-such-unit', ['no-such-unit']],
  ])('refuses %s a unit outside its scope (%s) with a 403 page naming nothing of it', async (who, path, hidden) => {
    const res = await f.page(path, who);
    expect(res.status).toBe(403);
    const body = await html(res);
    expect(body).toContain(vi.page.errors.forbiddenTitle);
    expect(body).toContain(vi.page.errors.yourAccess);
    for (const text of hidden) expect(body).not.toContain(text);
  });

  it('answers an unknown unit to an admin with a 404 page', async () => {
    const res = await f.page('/units/hp-kv9', 'root');
    expect(res.status).toBe(404);
    expect(await html(res)).toContain(vi.page.errors.notFoundTitle);
  });
});

describe('the machines list', () => {
  const rows = (body: string) => [...body.matchAll(/<th scope="row"><a href="\/hosts\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

  it('lists every machine of the scope, in unit order', async () => {
    expect(rows(await html(await f.page('/hosts', 'root')))).toEqual(['P1-PC01', 'VP-PC01', 'VP-PC02', 'KV1-PC01', 'KV1-PC02', 'KV2-SECRET-PC', 'KV2-SILENT']);
    expect(rows(await html(await f.page('/hosts', 'clerk.kv1')))).toEqual(['KV1-PC01', 'KV1-PC02']);
  });

  it.each([
    ['?status=fail', ['P1-PC01', 'VP-PC02', 'KV1-PC02']],
    ['?status=pass', ['VP-PC01', 'KV1-PC01', 'KV2-SECRET-PC']],
    ['?contact=never', ['KV2-SILENT']],
    ['?contact=reporting&unit=hp-kv1', ['KV1-PC01', 'KV1-PC02']],
    ['?rule=no-remote-access', ['VP-PC02', 'KV2-SILENT']],
    ['?unit=hp&room=phong-1', ['P1-PC01']],
    ['?unit=hp', ['P1-PC01', 'VP-PC01', 'VP-PC02', 'KV1-PC01', 'KV1-PC02', 'KV2-SECRET-PC', 'KV2-SILENT']],
    ['?q=aa:bb:cc:00:00:21', ['KV2-SECRET-PC']],
    ['?q=AA-BB-CC-00-00-21', ['KV2-SECRET-PC']],
    ['?q=aabbcc000021', ['KV2-SECRET-PC']],
    ['?q=192.0.2.53', ['P1-PC01']],
    ['?q=vp-pc0', ['VP-PC01', 'VP-PC02']],
    ['?sort=host', ['KV1-PC01', 'KV1-PC02', 'KV2-SECRET-PC', 'KV2-SILENT', 'P1-PC01', 'VP-PC01', 'VP-PC02']],
    ['?sort=host&dir=desc', ['VP-PC02', 'VP-PC01', 'P1-PC01', 'KV2-SILENT', 'KV2-SECRET-PC', 'KV1-PC02', 'KV1-PC01']],
    ['?status=bogus&sort=nonsense', ['P1-PC01', 'VP-PC01', 'VP-PC02', 'KV1-PC01', 'KV1-PC02', 'KV2-SECRET-PC', 'KV2-SILENT']],
  ])('filters %s', async (query, expected) => {
    expect(rows(await html(await f.page(`/hosts${query}`, 'root')))).toEqual(expected);
  });

  it('finds nothing of another unit by searching for it, and refuses its unit as a filter', async () => {
    const body = await html(await f.page('/hosts?q=aa:bb:cc:00:00:21', 'clerk.kv1'));
    expect(rows(body)).toEqual([]);
    expect(body).toContain(vi.page.hosts.none);
    expect((await f.page('/hosts?unit=hp-kv2', 'clerk.kv1')).status).toBe(403);
  });
});

describe('the machine page', () => {
  it('puts failures first with their evidence and the remediation in Vietnamese', async () => {
    const body = await html(await f.page(`/hosts/${f.idOf('vp2')}`, 'root'));
    const checklist = body.slice(body.indexOf('id="checklist"'), body.indexOf('id="history"'));
    const results = [...checklist.matchAll(/<strong class="tag s-(\w+)">/g)].map((m) => m[1]);
    expect(results[0]).toBe('fail');
    expect(results.indexOf('pass')).toBeGreaterThan(results.lastIndexOf('fail'));
    expect(checklist).toContain('UltraViewer');
    expect(checklist).toContain('Gỡ bỏ phần mềm điều khiển từ xa');
    for (const text of ['00:1a:2b:3c:4d:02', '192.0.2.52', 'ABC123', 'Microsoft Windows 11 Pro', '0.1.0', vi.page.host.clockSkewNone]) expect(body).toContain(text);
  });

  it('says which switch port the machine is plugged into once a switch has learned its MAC', async () => {
    const sw: DeviceInput = {
      deviceId: 'hp-sw-tang2',
      name: 'SW-TANG2',
      kind: 'switch',
      unitId: 'hp',
      roomId: 'van-phong',
      address: '192.0.2.2',
      purchaseYear: null,
      declared: true,
      hasAccess: true,
      report: deviceReport('hp-sw-tang2', 'switch', {
        scannedAt: `${DAYS[2]}T02:00:00.000Z`,
        snmp: { version: '2c', system: { descr: 'Cisco IOS', objectId: '1.3.6.1.4.1.9.1.516', upTimeSeconds: 1, contact: '', name: 'SW-TANG2', location: '' }, interfaces: [], neighbours: [], fdb: [{ mac: '00:1a:2b:3c:4d:01', port: 'Gi1/0/12', ifIndex: null, fdbId: 10 }] },
      }),
    };
    const g = await dashboardFixture({ devices: () => [sw] });
    try {
      const identity = async (key: string) => {
        const body = await html(await g.page(`/hosts/${g.idOf(key)}`, 'root'));
        return body.slice(0, body.indexOf('id="checklist"'));
      };
      const located = await identity('vp1');
      expect(located).toContain(deviceLabels('vi').part.switchPorts);
      expect(located).toContain(`SW-TANG2 · ${deviceLabels('vi').col.port} Gi1/0/12 · VLAN 10 · `);
      // A machine no switch has learned has no such row.
      expect(await identity('vp2')).not.toContain(deviceLabels('vi').part.switchPorts);
    } finally {
      await g.cleanup();
    }
  });

  it('shows each rule over the recorded days and today', async () => {
    const statuses = async (key: string, rule: string) => {
      const body = await html(await f.page(`/hosts/${f.idOf(key)}`, 'root'));
      const history = body.slice(body.indexOf('id="history"'), body.indexOf('id="licences"'));
      expect(history).toContain('09/12/2025');
      expect(history).toContain('10/12/2025');
      expect(history).toContain(vi.page.host.today);
      const row = history.slice(history.indexOf(rule));
      return [...row.slice(0, row.indexOf('</tr>')).matchAll(/class="h s-(\w+)"/g)].map((m) => m[1]);
    };
    // UltraViewer appeared on the last day.
    expect(await statuses('vp2', 'Không có phần mềm điều khiển từ xa')).toEqual(['pass', 'pass', 'fail']);
    // The WAN endpoint failed on the first day; one good report is not enough to pass (hysteresis), then it failed again.
    expect(await statuses('p1', 'Kết nối mạng WAN của ngành')).toEqual(['fail', 'fail', 'fail']);
  });

  it('reads the installed programs from the store and searches them', async () => {
    const all = await html(await f.page(`/hosts/${f.idOf('vp1')}`, 'root'));
    expect(all).toContain('Microsoft Office Professional Plus 2016');
    const found = await html(await f.page(`/hosts/${f.idOf('vp1')}?programs=vsign`, 'root'));
    const table = found.slice(found.indexOf('id="programs-table"'));
    expect(table).toContain('vSignPDF');
    expect(table).not.toContain('Microsoft Office Professional Plus 2016');
  });

  it('reads in English: remediation and words', async () => {
    const body = await html(await f.page(`/hosts/${f.idOf('vp2')}`, 'root', { headers: { cookie: 'readiness_lang=en' } }));
    expect(body).toContain('Uninstall');
    expect(body).toContain(en.result.fail);
  });

  it('refuses a machine of another unit with a 403 page naming nothing of it', async () => {
    for (const [who, key] of [
      ['clerk.kv1', 'kv2a'],
      ['police.kv1', 'vp2'],
      ['vp.own', 'kv1a'],
    ] as const) {
      const res = await f.page(`/hosts/${f.idOf(key)}`, who);
      expect(res.status).toBe(403);
      const body = await html(res);
      for (const text of [...KV2, 'VP-PC02', 'KV1-PC01', f.idOf(key)]) expect(body).not.toContain(text);
    }
  });
});

describe('the documents page', () => {
  it('links every kind in every format to the API with the pickers\' values', async () => {
    const body = await html(await f.page('/documents?unit=hp-kv1&asOf=2025-12-10&period=week&lang=en', 'root'));
    for (const kind of ['summary', 'tracker', 'hosts', 'security', 'progress']) {
      for (const format of ['html', 'xlsx', 'csv', 'json']) expect(body).toContain(`href="/api/v1/readiness/${kind}.${format}?unit=hp-kv1&amp;asOf=2025-12-10&amp;period=week&amp;lang=en"`);
    }
    expect(body).toContain(vi.progressTitle.week);
  });

  it('downloads through the session cookie the same bytes as a token', async () => {
    const cookie = await signIn('clerk.kv1');
    const viaCookie = await f.t.app.request(`${ORIGIN}/api/v1/readiness/tracker.csv?unit=hp-kv1`, { headers: { cookie } });
    const viaToken = await f.t.app.request(`${ORIGIN}/api/v1/readiness/tracker.csv?unit=hp-kv1`, { headers: { authorization: `Bearer ${f.users['clerk.kv1']!.token}` } });
    expect(viaCookie.status).toBe(200);
    expect(Buffer.from(await viaCookie.arrayBuffer())).toEqual(Buffer.from(await viaToken.arrayBuffer()));
  });

  it('refuses a unit outside the scope', async () => {
    expect((await f.page('/documents?unit=hp-kv2', 'clerk.kv1')).status).toBe(403);
  });

  it('lists the archived documents the reader may read, with checksum and a download of the kept bytes', async () => {
    const keep = async (unit: string) => {
      // The unit alone: what a reader of the unit whose scope stops there may read (collector/archive/scope.ts).
      const res = await f.t.post('/archive', { kind: 'tracker', format: 'csv', unit, recursive: false }, f.users.root!.token);
      expect(res.status).toBe(201);
      return ((await res.json()) as { entry: { id: string; sha256: string; fileName: string } }).entry;
    };
    const own = await keep('hp-kv1');
    const other = await keep('hp-kv2');
    const body = await html(await f.page('/documents', 'clerk.kv1'));
    expect(body).toContain(vi.page.documents.archive);
    expect(body).toContain(`href="/api/v1/archive/${own.id}/file"`);
    expect(body).toContain(`title="${own.sha256}"`);
    expect(body).toContain(vi.page.documents.requested);
    expect(body).not.toContain(other.id);
    expect(body).not.toContain(other.fileName);
    // The link is the API's: the session's reader gets the kept bytes, another unit's a 404.
    const cookie = await signIn('clerk.kv1');
    const kept = await f.t.app.request(`${ORIGIN}/api/v1/archive/${own.id}/file`, { headers: { cookie } });
    expect(kept.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await kept.arrayBuffer())).digest('hex')).toBe(own.sha256);
    expect((await f.t.app.request(`${ORIGIN}/api/v1/archive/${other.id}/file`, { headers: { cookie } })).status).toBe(404);
    // An admin sees both.
    const all = await html(await f.page('/documents', 'root'));
    expect(all).toContain(`href="/api/v1/archive/${own.id}/file"`);
    expect(all).toContain(`href="/api/v1/archive/${other.id}/file"`);
  });
});

/** Signs in through the form; answers the session cookie. */
async function signIn(name: string): Promise<string> {
  const res = await f.t.app.request(`${ORIGIN}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ name, password: 'correct horse battery staple', next: '/hosts' }).toString(),
  });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/hosts');
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('signing in and out', () => {
  it('sends a signed-out visitor to the sign-in page and back', async () => {
    const res = await f.page(`/hosts/${f.idOf('vp1')}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(`/hosts/${f.idOf('vp1')}`)}`);
    const form = await html(await f.page(res.headers.get('location')!));
    expect(form).toContain(`name="next" value="/hosts/${f.idOf('vp1')}"`);
    for (const text of [...KV2, ...CITY]) expect(form).not.toContain(text);
  });

  it('refuses a wrong password with the error next to the field, the name kept', async () => {
    const res = await f.t.app.request(`${ORIGIN}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ name: 'clerk.kv1', password: 'not the password' }).toString(),
    });
    expect(res.status).toBe(401);
    const body = await html(res);
    expect(body).toContain(vi.page.signIn.wrong);
    expect(body).toContain('value="clerk.kv1"');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await f.t.app.request(`${ORIGIN}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ name: 'clerk.kv1', password: 'correct horse battery staple' }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('signs in with the session cookie and out again', async () => {
    const cookie = await signIn('clerk.kv1');
    expect((await f.t.app.request(`${ORIGIN}/`, { headers: { cookie } })).status).toBe(200);
    const out = await f.t.app.request(`${ORIGIN}/sign-out`, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(out.status).toBe(303);
    const after = await f.t.app.request(`${ORIGIN}/`, { headers: { cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/sign-in?next=%2F&ended=1');
  });
});

describe('the language switch and the frame', () => {
  it('remembers English in a cookie and comes back to the page', async () => {
    const res = await f.page('/lang?to=en&next=%2Fhosts%3Fstatus%3Dfail');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/hosts?status=fail');
    expect(res.headers.get('set-cookie')).toMatch(/^readiness_lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax/);
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example'])('never sends anyone off the collector (next=%s)', async (next) => {
    expect((await f.page(`/lang?to=vi&next=${encodeURIComponent(next)}`)).headers.get('location')).toBe('/');
  });

  it('serves pages with a strict content policy and never for a cache', async () => {
    const res = await f.page('/', 'root');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves its stylesheet and script itself, for a year', async () => {
    const body = await html(await f.page('/', 'root'));
    const css = /<link rel="stylesheet" href="([^"]+)"/.exec(body)![1]!;
    const js = /<script src="([^"]+)"/.exec(body)![1]!;
    for (const [path, type] of [
      [css, 'text/css'],
      [js, 'text/javascript'],
    ] as const) {
      const res = await f.page(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
    expect(body).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('answers an unknown page with a page, and an unknown API route with JSON', async () => {
    const page = await f.page('/no-such-page', undefined, { headers: { cookie: 'readiness_lang=en' } });
    expect(page.status).toBe(404);
    expect(await html(page)).toContain(en.page.errors.notFoundTitle);
    const api = await f.page('/api/v1/no-such-route');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/json/);
  });

  it('says when the figures were computed', async () => {
    expect(await html(await f.page('/', 'root'))).toContain(`Số liệu tính lúc 11/12/2025`);
    expect(DAYS.at(-1)).toBe('2025-12-11');
  });
});

describe('a busy evaluation worker', () => {
  it('answers a page with a 503 page that says when to come back, not a failure', async () => {
    const busy = () => Promise.reject(new ApiError(503, 'busy', 'the collector is already making 4 documents or evaluations; try again in 10 s', undefined, { 'retry-after': '10' }));
    const t = makeTestApp({ readiness: { evaluationJson: busy, completionSeriesJson: busy, document: busy, scopeSummaryJson: busy, unitModelJson: busy, hostModelJson: busy, hostListJson: busy, forgetPageModels: busy, taskChecks: busy, scanQueueJson: busy } });
    const res = await t.app.request(`${ORIGIN}/`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(await res.text()).toContain(vi.page.errors.tooManyTitle);
  });
});
