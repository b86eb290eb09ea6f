import { describe, expect, it } from 'vitest';
import { CollectorConfig } from '../../collector/config.js';
import { makeReport } from '../helpers/report-fixture.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';

describe('readers: /hosts, /hosts/:id, /healthz, /agent/config, unknown routes', () => {
  it('lists hosts with first and last seen for the admin', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    await t.sendReport(makeReport(agentId), agentKey);
    const res = await t.get('/hosts', ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const { hosts } = (await res.json()) as { hosts: Record<string, unknown>[] };
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({ agentId, hostname: 'VP-PC01', unit: 'hp-vanphong', room: 'phong-1', reportCount: 1, lastSeen: '2025-12-05T08:00:00.000Z' });
  });

  it('shows one host with its latest report and without its key hash', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const report = makeReport(agentId);
    await t.sendReport(report, agentKey);
    const res = await t.get(`/hosts/${agentId}`, ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const { host } = (await res.json()) as { host: Record<string, any> };
    expect(host.latest.reportId).toBe(report.reportId);
    expect(host.firstSeen).toBe('2025-12-05T08:00:00.000Z');
    expect(host).not.toHaveProperty('keyHash');
  });

  it.each([
    ['/hosts', undefined, 401],
    ['/hosts', 'wrong-token-wrong-token', 401],
    ['/hosts/00000000-0000-4000-8000-000000000000', ADMIN_TOKEN, 404],
    ['/no-such-thing', ADMIN_TOKEN, 404],
  ])('GET %s with token %s answers %i', async (path, token, status) => {
    const res = await makeTestApp().get(path, token);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it('does not let an agent key read hosts', async () => {
    const t = makeTestApp();
    const { agentKey } = await t.enroll();
    expect((await t.get('/hosts', agentKey)).status).toBe(401);
  });

  it('answers healthz without credentials, telling only an admin how many hosts it holds', async () => {
    const t = makeTestApp();
    await t.enroll();
    const res = await t.get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(await (await t.get('/healthz', ADMIN_TOKEN)).json()).toEqual({ status: 'ok', hosts: 1 });
  });

  it('gives an agent its interval and its unit\'s targets, and refuses one without a key', async () => {
    const t = makeTestApp({
      targetsForUnit: (unit) => (unit === 'hp-vanphong' ? [{ kind: 'icmp', scope: 'lan', role: 'gateway', target: '192.0.2.1' }] : []),
    });
    const { agentKey } = await t.enroll();
    const res = await t.get('/agent/config', agentKey);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ intervalSeconds: 3600, targets: [{ role: 'gateway', target: '192.0.2.1' }] });
    expect((await t.get('/agent/config')).status).toBe(401);
  });
});

describe('POST /api/v1/import', () => {
  it('stores a report of a device never enrolled, in the unit given, once', async () => {
    const t = makeTestApp();
    const report = makeReport('33333333-3333-4333-8333-333333333333');
    const missingUnit = await t.post('/import', { report }, ADMIN_TOKEN);
    expect(missingUnit.status).toBe(400);
    const ok = await t.post('/import', { report, unit: 'hp-khuvuc-1', room: 'phong-hs' }, ADMIN_TOKEN);
    expect(ok.status).toBe(201);
    expect(t.deps.store.getHost(report.agentId)).toMatchObject({ unit: 'hp-khuvuc-1', room: 'phong-hs', reportCount: 1 });
    expect((await t.post('/import', { report, unit: 'hp-khuvuc-1' }, ADMIN_TOKEN)).status).toBe(200);
  });

  it('places a device never enrolled as the kind given (a workstation unless told), and refuses a kind it does not know', async () => {
    const t = makeTestApp();
    const server = makeReport('44444444-4444-4444-8444-444444444444');
    expect((await t.post('/import', { report: server, unit: 'hp-khuvuc-1', deviceKind: 'server' }, ADMIN_TOKEN)).status).toBe(201);
    expect(t.deps.store.getHost(server.agentId)).toMatchObject({ deviceKind: 'server' });
    const plain = makeReport('55555555-5555-4555-8555-555555555555');
    expect((await t.post('/import', { report: plain, unit: 'hp-khuvuc-1' }, ADMIN_TOKEN)).status).toBe(201);
    expect(t.deps.store.getHost(plain.agentId)).toMatchObject({ deviceKind: 'workstation' });
    const bad = await t.post('/import', { report: makeReport('66666666-6666-4666-8666-666666666666'), unit: 'hp-khuvuc-1', deviceKind: 'printer' }, ADMIN_TOKEN);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['deviceKind']);
  });

  it('validates the imported report like the ingest and needs the admin token', async () => {
    const t = makeTestApp();
    const report = { ...makeReport('33333333-3333-4333-8333-333333333333'), collectedAt: 'soon' };
    const res = await t.post('/import', { report, unit: 'hp-khuvuc-1' }, ADMIN_TOKEN);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('report.collectedAt');
    expect((await t.post('/import', { report, unit: 'hp-khuvuc-1' })).status).toBe(401);
  });

  it('answers 413 to an import over the report size limit', async () => {
    const t = makeTestApp({ config: CollectorConfig.parse({ maxReportBytes: 4096 }) });
    const programs = Array.from({ length: 200 }, (_, i) => ({ name: `Program ${i}`, version: '1.0', publisher: 'Vendor' }));
    const report = makeReport('33333333-3333-4333-8333-333333333333', { software: { source: 'registry', programs } });
    const res = await t.post('/import', { report, unit: 'hp-khuvuc-1' }, ADMIN_TOKEN);
    expect(res.status).toBe(413);
    expect(t.deps.store.getHost(report.agentId)).toBeUndefined();
  });
});
