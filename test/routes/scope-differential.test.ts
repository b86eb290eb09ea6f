/**
 * Scope leaks, differentially: for every read route and every document kind and format, what
 * a viewer gets from the whole fleet equals what an admin gets, asking for the viewer's scope,
 * from a collector that holds only the hosts of the viewer's units (and, for a viewer whose
 * scope stops at a unit, an org file without the units below it). A leaked count, a leaked
 * host in "machines holding this back", a leaked progress line all make the two differ.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../collector/org-file.js';
import { HistoryStore } from '../../collector/history-store.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { equippedSource } from '../../collector/assets/equipment-source.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { ReportFormat, ReportKind } from '../../schema/index.js';
import type { HostReport, OrgFile } from '../../schema/index.js';
import { addUsers } from '../helpers/access-fixture.js';
import { probe, readyReport } from '../helpers/ready-report.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { makeTestApp } from '../helpers/test-app.js';
import { ScanStore } from '../../collector/scans/scan-store.js';
import { ScanService } from '../../collector/scans/service.js';

const DAY1 = new Date('2025-12-04T03:00:00Z');
const DAY2 = new Date('2025-12-05T03:00:00Z');

interface Host {
  agentId: string;
  unit: string;
  room: string | null;
  hostname: string;
  reports: [HostReport, HostReport];
}

/** Hosts in the city and two regional units; some fail WAN or LAN, some change between the days. */
function fleet(): Host[] {
  const hosts: Host[] = [];
  const add = (unit: string, room: string | null, i: number, failDay1: boolean, failDay2: boolean) => {
    const agentId = randomUUID();
    const bad = { probes: { results: [probe('gateway', 'lan', { received: 0, lossPct: 100, rtt: null }), probe('wan_endpoint', 'wan')] } };
    hosts.push({
      agentId,
      unit,
      room,
      hostname: `${unit.toUpperCase()}-PC${String(i).padStart(2, '0')}`,
      reports: [readyReport(agentId, '2025-12-04T02:00:00Z', failDay1 ? bad : {}), readyReport(agentId, '2025-12-05T02:00:00Z', failDay2 ? bad : {})],
    });
  };
  for (let i = 1; i <= 4; i++) add('hp', i % 2 ? 'phong-1' : 'van-phong', i, i === 1, i === 1 || i === 2);
  add('hp', null, 5, false, false);
  for (let i = 1; i <= 3; i++) add('hp-kv1', null, i, i === 1, false);
  for (let i = 1; i <= 3; i++) add('hp-kv2', null, i, i !== 3, i === 2);
  return hosts;
}

const org = await loadOrgFile('examples/org.haiphong.yaml');
const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
const dirs: Array<{ remove: () => Promise<void> }> = [];

/** Verdicts keyed by host id, shared by the main collector and each reference (as the access records are). */
const scanStore = new ScanStore({ dataDir: null });

/** A collector in-process on `hosts`, recording the history of both days. */
async function collector(hosts: Host[], orgFile: OrgFile, access?: ReturnType<typeof makeTestApp>['deps']['access']) {
  const dir = await makeTempDir('readiness-scope-');
  dirs.push(dir);
  let now = DAY1;
  const clock = () => now;
  const store = new MemoryStore();
  // The verdicts are recorded once both days are in the main collector's history: every
  // collector records its history without them, and reads them from then on.
  let recorded = false;
  const scanSource = { verdicts: () => (recorded ? scanStore.verdicts() : new Map()), verdictsAsOf: (day: string, tz: string) => (recorded ? scanStore.verdictsAsOf(day, tz) : new Map()) };
  const readiness = new Readiness({ store, org: orgFile, rules, history: new HistoryStore(dir.path), now: clock, scans: scanSource });
  // Documents read the equipment review beside the evaluation, as in the collector's worker (collector/evaluation/worker.ts).
  const jobs = inProcessJobs(equippedSource(readiness, dir.path));
  const base = makeTestApp({ store, now: clock, ...readinessDeps(readiness), readiness: jobs, ...(access ? { access } : {}) });
  const scans = new ScanService({ scans: scanStore, hosts: store, rules, org: readiness, audit: (f) => base.deps.access.store.record(f), now: clock });
  const t = makeTestApp({ store, now: clock, ...readinessDeps(readiness), readiness: jobs, access: base.deps.access, scans });
  for (const day of [0, 1] as const) {
    now = day === 0 ? DAY1 : DAY2;
    for (const h of hosts) {
      if (day === 0) await store.createAgent({ agentId: h.agentId, keyHash: '0'.repeat(64), unit: h.unit, room: h.room, hostname: h.hostname, deviceKind: 'workstation', enrolledAt: DAY1.toISOString() });
      await store.addReport(h.reports[day], now, { nextTrail: (host) => readiness.nextTrail(host, h.reports[day]) });
    }
    await readiness.snapshot();
  }
  recorded = true;
  return t;
}

/** The org file without the units that are neither visible nor above a visible one. */
function orgFor(visible: Set<string>): OrgFile {
  const keep = new Set(visible);
  for (const u of org!.units) if (visible.has(u.id)) for (let p = u.parent; p; p = org!.units.find((x) => x.id === p)?.parent ?? null) keep.add(p);
  return { ...org!, units: org!.units.filter((u) => keep.has(u.id)) };
}

const VIEWERS = [
  { name: 'kv1-clerk', unit: 'hp-kv1', recursive: false, visible: ['hp-kv1'] },
  { name: 'city-office', unit: 'hp', recursive: false, visible: ['hp'] },
  { name: 'city-leader', unit: 'hp', recursive: true, visible: ['hp', 'hp-kv1', 'hp-kv2', 'hp-kv3'] },
] as const;

let main: Awaited<ReturnType<typeof collector>>;
let hosts: Host[];
let tokens: Record<string, { token: string }>;

beforeAll(async () => {
  hosts = fleet();
  main = await collector(hosts, org!);
  tokens = await addUsers(main.deps.access.store, [{ name: 'root', role: 'admin', unit: null }, ...VIEWERS.map((v) => ({ name: v.name, role: 'viewer' as const, unit: v.unit, recursive: v.recursive }))]);
  // Verdicts on some hosts of each unit (the second day's reports), so scan reads have something to leak.
  const officer = { name: 'police.hp', role: 'security_officer' as const, grant: { role: 'security_officer' as const, unit: 'hp', recursive: true } };
  const by = { actor: { kind: 'cli' as const, name: 'test', role: null, via: 'test' }, address: 'local' };
  for (const [i, h] of hosts.entries()) {
    if (i % 3 === 2) continue;
    await main.deps.scans.record(h.agentId, main.deps.scans.parseRequest({ verdict: i % 3 ? 'fail' : 'pass' }), officer, by, { via: 'api' });
  }
});

afterAll(async () => {
  for (const d of dirs) await d.remove();
});

/**
 * What a document says: the bytes, except XLSX, whose zip entries carry the time they were
 * written (two requests a second apart differ there): its sheets' cells instead.
 */
async function content(res: Response, doc: string): Promise<unknown> {
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!doc.endsWith('.xlsx')) return bytes.toString('base64');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => ({ name: ws.name, rows: ws.getSheetValues().map((row) => JSON.stringify(row)) }));
}

describe.each(VIEWERS)('a viewer of $unit (recursive: $recursive)', (viewer) => {
  let reference: Awaited<ReturnType<typeof collector>>;
  const visible = new Set<string>(viewer.visible);
  const scopeQuery = `unit=${viewer.unit}${viewer.recursive ? '' : '&recursive=false'}`;
  const asViewer = (path: string) => main.get(path, tokens[viewer.name]!.token);
  // The reference shares the access records, so the audit head printed on documents is the same.
  const asReference = (path: string) => reference.get(path, tokens.root!.token);

  beforeAll(async () => {
    reference = await collector(hosts.filter((h) => visible.has(h.unit)), orgFor(visible), main.deps.access);
  });

  it.each([
    ['/hosts', '/hosts'],
    // Every host of the fleet reports the same serial number: each is a possible duplicate of every earlier one, across units too.
    ['/hosts/duplicates', `/hosts/duplicates?${scopeQuery}`],
    ['/units', `/units?${scopeQuery}`],
    ['/readiness', `/readiness?${scopeQuery}`],
    ['/readiness?asOf=2025-12-04', `/readiness?asOf=2025-12-04&${scopeQuery}`],
    ['/scans/queue', `/scans/queue?${scopeQuery}`],
  ])('GET %s equals the reference', async (path, referencePath) => {
    const [mine, theirs] = await Promise.all([asViewer(path), asReference(referencePath)]);
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    const body = (await mine.json()) as { duplicates?: unknown[] };
    expect(body).toEqual(await theirs.json());
    if (path === '/hosts/duplicates') expect(body.duplicates!.length).toBeGreaterThan(0);
  });

  it.each(['', '/scans'])('GET /hosts/:id%s shows each host of its units as the reference does, and refuses the others', async (tail) => {
    for (const h of hosts) {
      const mine = await asViewer(`/hosts/${h.agentId}${tail}`);
      if (!visible.has(h.unit)) {
        expect(mine.status).toBe(403);
        expect(await mine.text()).not.toContain(h.hostname);
        continue;
      }
      expect(await mine.json()).toEqual(await (await asReference(`/hosts/${h.agentId}${tail}`)).json());
    }
  });

  const documents = ReportKind.options.flatMap((kind) => ReportFormat.options.map((format) => `${kind}.${format}`));
  it.each(documents)('GET /readiness/%s equals the reference', async (doc) => {
    const query = doc.startsWith('progress') ? '?period=day' : '';
    const [mine, theirs] = await Promise.all([asViewer(`/readiness/${doc}${query}`), asReference(`/readiness/${doc}${query ? `${query}&` : '?'}${scopeQuery}`)]);
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(await content(mine, doc)).toEqual(await content(theirs, doc));
  });

  it('is refused units outside its scope, and more than its grant', async () => {
    for (const u of org!.units.filter((x) => !visible.has(x.id))) expect((await asViewer(`/readiness?unit=${u.id}`)).status).toBe(403);
    if (!viewer.recursive) expect((await asViewer(`/readiness?unit=${viewer.unit}&recursive=true`)).status).toBe(403);
  });
});

it('a city viewer without the units below sees a city figure apart from the city-wide one', async () => {
  const own = (await (await main.get('/readiness', tokens['city-office']!.token)).json()) as { ownOnly?: boolean; units: Array<{ unitId: string; childIds: string[]; rules: Array<{ expected: number }> }> };
  const all = (await (await main.get('/readiness?unit=hp', tokens.root!.token)).json()) as typeof own;
  expect(own.ownOnly).toBe(true);
  expect(own.units.map((u) => u.unitId)).toEqual(['hp']);
  expect(own.units[0]!.childIds).toEqual([]);
  // The city's own machines (the org file's 44 plus those outside rooms), not the 81 of the whole tree.
  expect(own.units[0]!.rules[0]!.expected).toBeLessThan(all.units[0]!.rules[0]!.expected);
});
