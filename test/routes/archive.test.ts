/**
 * The archive routes in-process: "archive this" makes the same bytes as the document route
 * and keeps them; bad requests are refused with every problem and nothing kept; the listing
 * filters; and the unit filter that scopes the listing to a reader's units.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerOf, visibleEntries } from '../../collector/archive/scope.js';
import { addUsers } from '../helpers/access-fixture.js';
import { ArchiveStore, sha256 } from '../../collector/archive/store.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { ArchiveEntry } from '../../schema/index.js';
import type { Grant, ReadinessDocument } from '../../schema/index.js';
import { aboutDocument } from '../../collector/readiness-jobs.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-12-04T03:00:00Z');
let t: ReturnType<typeof makeTestApp>;
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let archive: ArchiveStore;

beforeAll(async () => {
  dir = await makeTempDir('readiness-archive-routes-');
  archive = new ArchiveStore(dir.path);
  const store = new MemoryStore();
  const readiness = new Readiness({ store, org: await loadOrgFile('examples/org.haiphong.yaml'), rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: null, now: () => NOW });
  t = makeTestApp({ store, now: () => NOW, ...readinessDeps(readiness), archive });
});
afterAll(() => dir.remove());

const json = (res: Response) => res.json() as Promise<Record<string, unknown>>;

describe('POST /archive', () => {
  it('keeps the document the document route would give, and lists it', async () => {
    const res = await t.post('/archive', { kind: 'tracker', format: 'csv', unit: 'hp-kv1' }, ADMIN_TOKEN);
    expect(res.status).toBe(201);
    const entry = ArchiveEntry.parse((await json(res)).entry);
    expect(entry).toMatchObject({ kind: 'tracker', format: 'csv', unitId: 'hp-kv1', asOf: '2026-12-04', lang: 'vi', period: null, origin: { type: 'request' }, fileName: 'theo-doi-lan-wan-hp-kv1-2026-12-04.csv' });
    const direct = new Uint8Array(await (await t.get('/readiness/tracker.csv?unit=hp-kv1', ADMIN_TOKEN)).arrayBuffer());
    const kept = new Uint8Array(await (await t.get(`/archive/${entry.id}/file`, ADMIN_TOKEN)).arrayBuffer());
    expect(sha256(kept)).toBe(entry.sha256);
    expect(Buffer.from(kept).toString('utf8')).toBe(Buffer.from(direct).toString('utf8'));

    // A document that cannot be made (a past day, and no history kept) is refused and nothing is kept.
    const past = await t.post('/archive', { kind: 'tracker', format: 'csv', unit: 'hp', asOf: '2026-12-01' }, ADMIN_TOKEN);
    expect([past.status, (await json(past)).error]).toEqual([404, expect.objectContaining({ message: expect.stringContaining('2026-12-01') })]);
    const listed = (await json(await t.get('/archive?unit=hp-kv1', ADMIN_TOKEN))).entries as unknown[];
    expect(listed).toEqual([{ ...entry, delivery: null }]);
    expect((await json(await t.get('/archive?unit=hp', ADMIN_TOKEN))).entries).toEqual([]);
    expect((await json(await t.get(`/archive/${entry.id}`, ADMIN_TOKEN))).entry).toEqual(entry);
  });

  it.each([
    [{ kind: 'tracker' }, 400, 'format'],
    [{ kind: 'budget', format: 'csv' }, 400, 'kind'],
    [{ kind: 'tracker', format: 'csv', asOf: '04/12/2026' }, 400, 'asOf'],
    [{ kind: 'tracker', format: 'csv', extra: 1 }, 400, ''],
    [{ kind: 'tracker', format: 'csv', unit: 'hp-kv9' }, 404, ''],
  ])('%j → %i, nothing kept', async (body, status, path) => {
    const before = (await archive.entries()).length;
    const res = await t.post('/archive', body, ADMIN_TOKEN);
    expect(res.status).toBe(status);
    if (path) expect(((await json(res)).error as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toContain(path);
    expect((await archive.entries()).length).toBe(before);
  });

  it('refuses the equipment review for a past day: it is made from the latest reports', async () => {
    const res = await t.post('/archive', { kind: 'equipment', format: 'json', unit: 'hp', asOf: '2026-12-01' }, ADMIN_TOKEN);
    expect(res.status).toBe(400);
    expect(((await json(res)).error as { message: string }).message).toBe(
      "the equipment document is made from the machines' latest reports, which the history does not keep; leave asOf out to make it for today (2026-12-04)",
    );
  });

  it('needs the admin token, and says so', async () => {
    expect((await t.post('/archive', { kind: 'tracker', format: 'csv' })).status).toBe(401);
    expect((await t.get('/archive')).status).toBe(401);
    expect((await t.get('/archive/not-an-id/file', ADMIN_TOKEN)).status).toBe(404);
  });
});

describe('which archived documents a reader sees', () => {
  // The example org: hp (city) above hp-kv1, hp-kv2, hp-kv3 (regional).
  const chain = (u: string) => (u === 'hp' ? ['hp'] : [u, 'hp']);
  const entries = [
    { unitId: 'hp', recursive: true },
    { unitId: 'hp', recursive: false },
    { unitId: 'hp-kv1', recursive: true },
    { unitId: 'hp-kv2', recursive: true },
    { unitId: null, recursive: true },
  ];
  const seen = (grant: Grant) => visibleEntries(entries, readerOf(grant, chain)).map((e) => `${e.unitId}${e.recursive ? '+' : ''}`);
  it.each<[string, Grant, string[]]>([
    ['an admin (every unit)', { role: 'admin', unit: null, recursive: true }, ['hp+', 'hp', 'hp-kv1+', 'hp-kv2+', 'null+']],
    ['a viewer of one regional unit', { role: 'viewer', unit: 'hp-kv1', recursive: true }, ['hp-kv1+']],
    ['a manager of the city and the units below it', { role: 'unit_manager', unit: 'hp', recursive: true }, ['hp+', 'hp', 'hp-kv1+', 'hp-kv2+']],
    ['a viewer of the city office alone', { role: 'viewer', unit: 'hp', recursive: false }, ['hp']],
  ])('%s', (_who, grant, expected) => {
    expect(seen(grant)).toEqual(expected);
  });

  it('a viewer of one unit lists, reads and archives only that unit\'s documents', async () => {
    const users = await addUsers(t.deps.access.store, [{ name: 'vp-kv2', role: 'viewer', unit: 'hp-kv2', recursive: true }]);
    const token = users['vp-kv2']!.token;
    const own = ArchiveEntry.parse((await json(await t.post('/archive', { kind: 'tracker', format: 'csv', unit: 'hp-kv2' }, ADMIN_TOKEN))).entry);
    const city = ArchiveEntry.parse((await json(await t.post('/archive', { kind: 'tracker', format: 'csv', unit: 'hp' }, ADMIN_TOKEN))).entry);
    const listed = ((await json(await t.get('/archive', token))).entries as ArchiveEntry[]).map((e) => e.id);
    expect(listed).toContain(own.id);
    expect(listed).not.toContain(city.id);
    expect(listed).toEqual([own.id]);
    expect((await t.get(`/archive/${own.id}/file`, token)).status).toBe(200);
    expect((await t.get(`/archive/${city.id}/file`, token)).status).toBe(404);
    expect((await t.get(`/archive/${city.id}`, token)).status).toBe(404);
    const mine = await t.post('/archive', { kind: 'summary', format: 'json' }, token);
    expect([mine.status, ArchiveEntry.parse((await json(mine)).entry).unitId]).toEqual([201, 'hp-kv2']);
    expect((await t.post('/archive', { kind: 'summary', format: 'json', unit: 'hp' }, token)).status).toBe(403);
  });
});

describe('archive ids', () => {
  it('are distinct for documents kept at the same moment, and sort in the order they were given', async () => {
    const store = new ArchiveStore(dir.path);
    const res = await t.get('/readiness/tracker.json?unit=hp', ADMIN_TOKEN);
    const body = new Uint8Array(await res.arrayBuffer());
    const doc = { about: aboutDocument(JSON.parse(Buffer.from(body).toString('utf8')) as ReadinessDocument), body, contentType: 'application/json', fileName: 'x.json', inline: true };
    const at = new Date('2026-12-04T03:00:00Z');
    const entries = await Promise.all(Array.from({ length: 20 }, () => store.put(doc, { format: 'json', origin: { type: 'request' } }, at)));
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(20);
    expect([...ids].sort()).toEqual(ids);
    const reread = new ArchiveStore(dir.path);
    expect((await reread.entries()).filter((e) => ids.includes(e.id)).map((e) => e.id)).toEqual(ids);
  });
});
