/**
 * Host lifecycle without ghosts and without impersonation: re-enrollment with the held key keeps
 * the host; a claim of another host's identity makes a new host listed as a possible duplicate;
 * merge (same unit only) and retire take hosts out of the count, visibly; a unit manager
 * retires and merges within its units only, and its retirements are marked self-certified.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { realIdentifier } from '../../collector/host-identity.js';
import { makeReport } from '../helpers/report-fixture.js';
import { ADMIN_TOKEN, ENROLL_SECRET, makeTestApp } from '../helpers/test-app.js';
import { addUsers } from '../helpers/access-fixture.js';
import type { Evaluation, ReadinessDocument } from '../../schema/index.js';

const NOW = new Date('2025-12-05T08:00:00Z');

async function app() {
  const store = new MemoryStore();
  const clock = { now: NOW };
  const readiness = new Readiness({ store, org: null, rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: null, now: () => clock.now });
  const t = makeTestApp({ store, now: () => clock.now, ...readinessDeps(readiness) });
  const call = (method: string, path: string, body?: unknown, token = ADMIN_TOKEN) =>
    t.app.request(`/api/v1${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const enrollWith = (key: string | null, unit = 'hp-vanphong', hostname = 'VP-PC01') =>
    t.app.request('/api/v1/enroll', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ secret: ENROLL_SECRET, unit, room: 'phong-1', hostname }),
    });
  return { ...t, store, call, enrollWith, clock };
}

const hardware = (serial: string, uuid: string) => ({
  system: { manufacturer: 'Dell Inc.', model: 'OptiPlex 7090', serial, uuid, virtual: false },
  bios: { vendor: 'Dell Inc.', version: '1.2.3', releaseDate: '2021-05-01' },
  cpu: { manufacturer: 'Intel', brand: 'Core i5', cores: 12, physicalCores: 6, speedGHz: 3.1 },
  memory: { totalBytes: 8 * 1024 ** 3 },
  disks: [],
  filesystems: [],
});

describe('re-enrollment', () => {
  it('keeps the host when the agent presents its key, revokes the old key and logs it', async () => {
    const t = await app();
    const first = await t.enroll();
    await t.sendReport(makeReport(first.agentId), first.agentKey);
    const res = await t.enrollWith(first.agentKey);
    expect(res.status).toBe(200);
    const again = (await res.json()) as { agentId: string; agentKey: string; status: string };
    expect(again.status).toBe('re-enrolled');
    expect(again.agentId).toBe(first.agentId);
    expect(t.store.size).toBe(1);
    expect((await t.sendReport(makeReport(first.agentId), first.agentKey)).status).toBe(401);
    expect((await t.sendReport(makeReport(first.agentId), again.agentKey)).status).toBe(201);
    expect(t.store.getHost(first.agentId)!.events!.map((e) => e.kind)).toEqual(['enrolled', 're-enrolled']);
    expect(t.store.getHost(first.agentId)!.reportCount).toBe(2);
  });

  it('refuses a forged key for an existing host, and never hands the host over', async () => {
    const t = await app();
    const first = await t.enroll();
    const forged = `${first.agentId.toUpperCase()}.not-the-secret-at-all-0123456789abcdef`;
    const res = await t.enrollWith(forged);
    expect(res.status).toBe(401);
    expect((await t.sendReport(makeReport(first.agentId), first.agentKey)).status).toBe(201);
  });
});

describe('identity claims', () => {
  it('makes a claimant a new host listed as a possible duplicate, never a takeover', async () => {
    const t = await app();
    const real = await t.enroll();
    await t.sendReport(makeReport(real.agentId, { hardware: hardware('5CG1234XYZ', '4C4C4544-0042-3510-8051-B7C04F4E5A31') }), real.agentKey);
    t.clock.now = new Date(NOW.getTime() + 60_000);
    const claimant = (await (await t.enrollWith(null)).json()) as { agentId: string; agentKey: string };
    await t.sendReport(makeReport(claimant.agentId, { hardware: hardware('5CG1234XYZ', '4c4c4544-0042-3510-8051-b7c04f4e5a31') }), claimant.agentKey);
    expect(t.store.size).toBe(2);
    // The real agent still reports as itself.
    expect((await t.sendReport(makeReport(real.agentId, { hardware: hardware('5CG1234XYZ', '4C4C4544-0042-3510-8051-B7C04F4E5A31') }), real.agentKey)).status).toBe(201);
    const list = (await (await t.call('GET', '/hosts/duplicates?unit=hp-vanphong')).json()) as {
      duplicates: Array<{ agentId: string; possibleDuplicateOf: Array<{ agentId: string; matchedOn: string[] }> }>;
    };
    expect(list.duplicates.map((d) => d.agentId)).toEqual([claimant.agentId]);
    expect(list.duplicates[0]!.possibleDuplicateOf.map((d) => [d.agentId, d.matchedOn.sort()])).toEqual([[real.agentId, ['hardware UUID', 'network card and host name', 'serial number']]]);
  });

  it.each([['To be filled by O.E.M.'], ['Default string'], ['00000000-0000-0000-0000-000000000000'], ['FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'], ['0'], ['03000200-0400-0500-0006-000700080009'], ['']])(
    'never counts the placeholder %j as identity',
    (value) => expect(realIdentifier(value)).toBeNull(),
  );

  it('does not pair two cheap PCs that share placeholder serials and UUIDs', async () => {
    const t = await app();
    for (const name of ['PC-A', 'PC-B']) {
      const a = (await (await t.enrollWith(null, 'hp-vanphong', name)).json()) as { agentId: string; agentKey: string };
      const report = makeReport(a.agentId, { hardware: hardware('To be filled by O.E.M.', '03000200-0400-0500-0006-000700080009') });
      await t.sendReport({ ...report, os: { ...report.os!, hostname: name } }, a.agentKey);
    }
    expect(((await (await t.call('GET', '/hosts/duplicates')).json()) as { duplicates: unknown[] }).duplicates).toEqual([]);
  });
});

describe('merge and retire', () => {
  it('merges within a unit only, the folded host retired as merged', async () => {
    const t = await app();
    const ghost = await t.enroll();
    await t.sendReport(makeReport(ghost.agentId), ghost.agentKey);
    const live = await t.enroll();
    const elsewhere = await t.enroll('hp-kv1', null);
    const across = await t.call('POST', `/hosts/${ghost.agentId}/merge`, { into: elsewhere.agentId });
    expect(across.status).toBe(409);
    expect(((await across.json()) as { error: { message: string } }).error.message).toContain('different units');
    const res = await t.call('POST', `/hosts/${ghost.agentId}/merge`, { into: live.agentId.toUpperCase() });
    expect(res.status).toBe(200);
    const kept = t.store.getHost(live.agentId)!;
    expect(kept.reportCount).toBe(1);
    expect(t.store.getHost(ghost.agentId)!.retired?.mergedInto).toBe(live.agentId);
    expect((await t.sendReport(makeReport(ghost.agentId), ghost.agentKey)).status).toBe(401);
    expect((await t.call('POST', `/hosts/${ghost.agentId}/merge`, { into: live.agentId })).status).toBe(409);
  });

  it('retires a host: out of expected and reporting, listed with its reason in the evaluation and the documents', async () => {
    const t = await app();
    const keep = await t.enroll();
    const gone = await t.enroll();
    await t.sendReport(makeReport(keep.agentId), keep.agentKey);
    await t.sendReport(makeReport(gone.agentId), gone.agentKey);
    expect((await t.call('DELETE', `/hosts/${gone.agentId}`, {})).status).toBe(400);
    const res = await t.call('DELETE', `/hosts/${gone.agentId}`, { reason: 'máy hỏng, đã thanh lý' });
    expect(res.status).toBe(200);
    expect((await t.call('DELETE', `/hosts/${gone.agentId}`, { reason: 'again' })).status).toBe(409);

    const units = (await (await t.call('GET', '/units')).json()) as { units: Array<{ id: string; enrolled: number; expectedWorkstations: number }> };
    expect(units.units.find((u) => u.id === 'hp-vanphong')).toMatchObject({ enrolled: 1, expectedWorkstations: 1 });
    const evaluation = (await (await t.call('GET', '/readiness')).json()) as Evaluation;
    expect(evaluation.hosts.map((h) => h.agentId)).toEqual([keep.agentId]);
    expect(evaluation.units[0]!.rules[0]!.expected).toBe(1);
    expect(evaluation.retiredHosts).toEqual([
      { agentId: gone.agentId, hostname: 'VP-PC01', unitId: 'hp-vanphong', roomId: 'phong-1', retiredAt: NOW.toISOString(), reason: 'máy hỏng, đã thanh lý', mergedInto: null, by: 'bootstrap-token', selfCertified: false },
    ]);
    for (const kind of ['summary', 'tracker']) {
      const doc = (await (await t.call('GET', `/readiness/${kind}.json`)).json()) as ReadinessDocument;
      const part = doc.parts.find((p) => p.id === 'retired');
      expect(part?.rows.map((r) => r.reason)).toEqual(['máy hỏng, đã thanh lý']);
    }
    const html = await (await t.call('GET', '/readiness/summary.html?lang=en')).text();
    expect(html).toContain('Machines taken out of the count');
    // It keeps no key and takes no report, not even by import.
    expect((await t.sendReport(makeReport(gone.agentId), gone.agentKey)).status).toBe(401);
    const imported = await t.call('POST', '/import', { report: makeReport(gone.agentId) });
    expect(imported.status).toBe(409);
    // The host list still shows it, marked.
    const hosts = (await (await t.call('GET', '/hosts')).json()) as { hosts: Array<{ agentId: string; retired: { reason: string } | null }> };
    expect(hosts.hosts.find((h) => h.agentId === gone.agentId)?.retired?.reason).toBe('máy hỏng, đã thanh lý');
  });
});

describe('who retires and merges', () => {
  async function withUsers() {
    const t = await app();
    const users = await addUsers(t.deps.access.store, [
      { name: 'mgr.kv1', role: 'unit_manager', unit: 'hp-kv1' },
      { name: 'clerk.kv1', role: 'viewer', unit: 'hp-kv1' },
      { name: 'clerk.kv2', role: 'viewer', unit: 'hp-kv2' },
    ]);
    const hosts = { kv1: await t.enroll('hp-kv1', null), kv1b: await t.enroll('hp-kv1', null), kv2: await t.enroll('hp-kv2', null) };
    return { t, hosts, token: (name: string) => users[name]!.token };
  }
  const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

  it("lets a unit manager retire its own unit's host, marked self-certified in the documents and the audit log", async () => {
    const { t, hosts, token } = await withUsers();
    const res = await t.call('DELETE', `/hosts/${hosts.kv1.agentId}`, { reason: 'máy hỏng' }, token('mgr.kv1'));
    expect(res.status).toBe(200);
    expect(t.store.getHost(hosts.kv1.agentId)!.retired).toMatchObject({ reason: 'máy hỏng', by: 'mgr.kv1', role: 'unit_manager', selfCertified: true });
    const evaluation = (await (await t.call('GET', '/readiness?unit=hp-kv1', undefined, token('clerk.kv1'))).json()) as Evaluation;
    expect(evaluation.retiredHosts).toMatchObject([{ agentId: hosts.kv1.agentId, by: 'mgr.kv1', selfCertified: true }]);
    const doc = (await (await t.call('GET', '/readiness/summary.json?unit=hp-kv1', undefined, token('clerk.kv1'))).json()) as ReadinessDocument;
    expect(doc.facts).toEqual(expect.arrayContaining([{ label: 'Số máy đã loại khỏi danh sách theo dõi', value: 1 }, { label: 'Trong đó do chính đơn vị tự loại', value: 1 }]));
    expect(doc.parts.find((p) => p.id === 'retired')!.rows).toMatchObject([{ by: 'mgr.kv1 (do chính đơn vị tự loại)', reason: 'máy hỏng', retiredAt: NOW.toISOString() }]);
    const audit = await t.deps.access.store.audit.read({ afterSeq: null, limit: 1000 });
    expect(audit.filter((l) => l.action === 'host.retire')).toMatchObject([{ target: hosts.kv1.agentId, actor: { name: 'mgr.kv1' }, details: { reason: 'máy hỏng', selfCertified: true } }]);
    // Another unit's documents know nothing of it.
    const other = (await (await t.call('GET', '/readiness/summary.json?unit=hp-kv2', undefined, token('clerk.kv2'))).json()) as ReadinessDocument;
    expect(other.parts.some((p) => p.id === 'retired')).toBe(false);
  });

  it("refuses a unit manager another unit's host, and a viewer every host", async () => {
    const { t, hosts, token } = await withUsers();
    const outside = await t.call('DELETE', `/hosts/${hosts.kv2.agentId}`, { reason: 'not mine' }, token('mgr.kv1'));
    expect(outside.status).toBe(403);
    expect(await message(outside)).toBe('this host is outside your scope (unit hp-kv1 only (not the units below it))');
    const viewer = await t.call('DELETE', `/hosts/${hosts.kv1.agentId}`, { reason: 'a clerk tries' }, token('clerk.kv1'));
    expect(viewer.status).toBe(403);
    expect(await message(viewer)).toContain('your role (viewer) may not retire hosts');
    expect((await t.call('POST', `/hosts/${hosts.kv1.agentId}/merge`, { into: hosts.kv1b.agentId }, token('clerk.kv1'))).status).toBe(403);
    expect([hosts.kv1, hosts.kv2].map((h) => t.store.getHost(h.agentId)!.retired ?? null)).toEqual([null, null]);
  });

  it('merges only when both hosts are in the caller\'s scope, before saying anything of the other', async () => {
    const { t, hosts, token } = await withUsers();
    const across = await t.call('POST', `/hosts/${hosts.kv1.agentId}/merge`, { into: hosts.kv2.agentId }, token('mgr.kv1'));
    expect(across.status).toBe(403);
    expect(await message(across)).toBe(`the host ${hosts.kv2.agentId} named in "into" is outside your scope (unit hp-kv1 only (not the units below it))`);
    expect(t.store.getHost(hosts.kv1.agentId)!.retired ?? null).toBeNull();
    const res = await t.call('POST', `/hosts/${hosts.kv1.agentId}/merge`, { into: hosts.kv1b.agentId }, token('mgr.kv1'));
    expect(res.status).toBe(200);
    expect(t.store.getHost(hosts.kv1.agentId)!.retired).toMatchObject({ mergedInto: hosts.kv1b.agentId, by: 'mgr.kv1', selfCertified: true });
    const audit = await t.deps.access.store.audit.read({ afterSeq: null, limit: 1000 });
    expect(audit.filter((l) => l.action === 'host.merge')).toMatchObject([{ target: hosts.kv1.agentId, details: { into: hosts.kv1b.agentId, selfCertified: true } }]);
  });

  it("lists possible duplicates within the caller's scope only, never matched against another unit's host", async () => {
    const { t, hosts, token } = await withUsers();
    const same = hardware('5CG1234XYZ', '4c4c4544-0042-3510-8051-b7c04f4e5a31');
    await t.sendReport(makeReport(hosts.kv1.agentId, { hardware: same }), hosts.kv1.agentKey);
    t.clock.now = new Date(NOW.getTime() + 60_000);
    // A later host of hp-kv2 claims the hp-kv1 machine's identity.
    const claimant = (await (await t.enrollWith(null, 'hp-kv2', 'KV2-PC')).json()) as { agentId: string; agentKey: string };
    await t.sendReport(makeReport(claimant.agentId, { hardware: same }), claimant.agentKey);
    const list = async (tok: string, query = '') => ((await (await t.call('GET', `/hosts/duplicates${query}`, undefined, tok)).json()) as { duplicates: Array<{ agentId: string }> }).duplicates;
    expect((await list(ADMIN_TOKEN)).map((d) => d.agentId)).toEqual([claimant.agentId]);
    expect(await list(token('clerk.kv2'))).toEqual([]);
    expect(await list(token('mgr.kv1'))).toEqual([]);
    expect((await t.call('GET', '/hosts/duplicates?unit=hp-kv2', undefined, token('mgr.kv1'))).status).toBe(403);
  });
});
