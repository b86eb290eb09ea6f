/**
 * `npm run bench:dashboard`: server time, the longest event-loop hold and the size of the
 * dashboard's pages for 20,000 hosts in 273 units (bench/synthetic-fleet.ts, the default rule
 * pack, a daily history of BENCH_HISTORY_DAYS days), through the collector's own app in
 * process, as an admin, with evaluations and completion series made on the collector's
 * evaluation worker thread as `npm start` makes them (collector/evaluation/): the hold is what
 * the request thread pays, reading the worker's answer included. Pages: the overview of the whole fleet, a city's unit page, machine
 * pages of machines taken at random, and the machines list filtered to one status. Each is
 * measured cold (its evaluation not cached yet) and then BENCH_RUNS times warm (the cache the
 * dashboard keeps between pages); beside each, a baseline in the same run: a static page of
 * the same size served by a bare Hono app. Targets: p95 under 200 ms, no hold over 100 ms,
 * pages under 300 KB.
 */
import { joinChunks } from '../util/json-chunks.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { AccessStore } from '../collector/access/access-store.js';
import { createAccessControl } from '../collector/access/access-control.js';
import { hashPassword } from '../collector/access/password.js';
import { createApp } from '../collector/app.js';
import { openRemediation } from '../collector/remediation/index.js';
import { openAvailability } from '../collector/availability/index.js';
import { CollectorConfig } from '../collector/config.js';
import { HistoryStore } from '../collector/history-store.js';
import { createLimits } from '../collector/limits.js';
import { createMetrics } from '../collector/metrics.js';
import { EvaluationWorker } from '../collector/evaluation/evaluation-worker.js';
import { Readiness, readinessDeps } from '../collector/readiness.js';
import { MemoryStore } from '../collector/store/memory-store.js';
import { ScanStore } from '../collector/scans/scan-store.js';
import { ScanService } from '../collector/scans/service.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../rules/load-pack.js';
import { percentile } from './lib.js';
import { syntheticHosts, syntheticOrg } from './synthetic-fleet.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const HISTORY_DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? 14);
const TARGET_P95_MS = 200;
const TARGET_HOLD_MS = 100;
const TARGET_KB = 300;

interface Sample {
  ms: number;
  holdMs: number;
  bytes: number;
  status: number;
}

/**
 * One request through `fetch`, timed to the last byte, with the longest stretch the event loop
 * could not turn meanwhile: a chain of setImmediate ticks records the largest gap between two.
 */
async function measure(fetch: (path: string) => Response | Promise<Response>, path: string): Promise<Sample> {
  let last = performance.now();
  let holdMs = 0;
  let on = true;
  const tick = () => {
    const t = performance.now();
    holdMs = Math.max(holdMs, t - last);
    last = t;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  const started = performance.now();
  const res = await fetch(path);
  const bytes = (await res.arrayBuffer()).byteLength;
  const ms = performance.now() - started;
  // Let the ticks see the end of the last stretch.
  await new Promise((ok) => setImmediate(ok));
  on = false;
  return { ms, holdMs, bytes, status: res.status };
}

/**
 * The memory store, with what the file store reads from disk for a machine page: the host's
 * installed programs (800, as a Windows office PC has), which the store never keeps in memory.
 */
class BenchStore extends MemoryStore {
  private readonly programs = Array.from({ length: 800 }, (_, i) => ({
    name: `${['Microsoft Visual C++', 'Bkav Pro', 'Google Chrome', 'Mozilla Firefox', 'Adobe Acrobat Reader', 'UniKey', 'Zalo', 'VGCA Token Manager'][i % 8]} ${2005 + (i % 20)} Redistributable (x${i % 2 ? 64 : 86}) - ${i}`,
    version: `${i % 17}.${i % 9}.${i}`,
    publisher: ['Microsoft Corporation', 'Bkav Corporation', 'Google LLC', 'Mozilla', 'Adobe Inc.', 'Ban Cơ yếu Chính phủ'][i % 6]!,
    installDate: `20${20 + (i % 5)}-0${1 + (i % 9)}-1${i % 10}`,
    systemComponent: false,
    scope: 'machine' as const,
    arch: 'x64',
  }));

  override async readHost(agentId: string) {
    const record = await super.readHost(agentId);
    if (!record?.latest?.software) return record;
    return { ...record, latest: { ...record.latest, software: { ...record.latest.software, programs: this.programs } } };
  }
}

const fmt = (n: number) => n.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const setupStarted = performance.now();
  // The worker evaluates at the real time, so the fleet and its history end now.
  const end = new Date();
  let now = new Date(end.getTime() - HISTORY_DAYS * 86_400_000);
  const org = syntheticOrg(HOSTS);
  const fleet = syntheticHosts(org, HOSTS, end);
  const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  const store = new BenchStore();
  const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-dashboard-'));
  const history = new HistoryStore(join(dir, 'history'));
  const readiness = new Readiness({ store, org, rules, history, now: () => now });
  for (const h of fleet) {
    await store.createAgent({ agentId: h.agentId, keyHash: 'a'.repeat(64), unit: h.unit, room: h.room, hostname: h.hostname, deviceKind: h.deviceKind, enrolledAt: now.toISOString() });
    if (h.report) await store.addReport(h.report, new Date(end.getTime() - h.ageHours * 3_600_000), { nextTrail: (host, r) => readiness.nextTrail(host, r) });
  }
  // A daily history: one snapshot a day before "today" (each one evaluates the whole fleet).
  for (let d = 0; d < HISTORY_DAYS; d++) {
    await readiness.snapshot();
    now = new Date(now.getTime() + 86_400_000);
  }
  const access = createAccessControl({ store: await new AccessStore({ dataDir: null, now: () => now }).load(), bootstrapToken: 'bench-bootstrap-token-0123456789' });
  const by = { actor: { kind: 'cli' as const, name: 'bench', role: null, via: 'bench' }, address: 'local' };
  await access.store.addUser({ name: 'bench', role: 'admin', unit: null, recursive: true, passwordHash: await hashPassword('bench-password-0123') }, by);
  const { token } = await access.store.createToken({ user: 'bench', label: 'bench', expiresAt: null }, by);
  now = end;
  const orgFile = join(dir, 'org.json');
  await writeFile(orgFile, JSON.stringify(org));
  const config = CollectorConfig.parse({ dataDir: dir, org: orgFile });
  const jobs = EvaluationWorker.start(config, { store }, (line) => console.error(line));
  const app = createApp({
    store,
    access,
    config,
    now: () => now,
    metrics: createMetrics(store, () => now),
    enrollSecret: 'bench-enroll-secret-0123456789',
    limits: createLimits(config),
    ...readinessDeps(readiness),
    readiness: jobs,
    history,
    // No verdicts: the dashboard's pages do not read them.
    scans: new ScanService({ scans: new ScanStore({ dataDir: null }), hosts: store, rules, org: readiness, audit: (f) => access.store.record(f), now: () => now }),
    remediation: openRemediation({ dataDir: null, rules, store, org: readiness, access: access.store, jobs, now: () => now, log: () => {} }),
    availability: openAvailability({ dataDir: null, rules, agent: config.agent, now: () => now }),
  });
  // The worker's copy of the fleet, sent at start (as when the collector starts), before anything is timed.
  const syncStarted = performance.now();
  await jobs.evaluationJson({ unitId: null, recursive: true });
  const syncS = (performance.now() - syncStarted) / 1000;
  const get = (path: string) => app.request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } });
  const setupS = (performance.now() - setupStarted) / 1000;

  const rnd = (() => {
    let a = 7;
    return () => ((a = (a * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  })();
  const reported = fleet.filter((h) => h.report);
  const pages: Array<{ name: string; path: () => string }> = [
    { name: 'overview, whole fleet', path: () => '/' },
    { name: 'unit page (city c01)', path: () => '/units/c01' },
    { name: 'machine page (random)', path: () => `/hosts/${reported[Math.floor(rnd() * reported.length)]!.agentId}` },
    { name: 'machines, status=fail', path: () => '/hosts?status=fail' },
  ];

  console.log(`bench:dashboard — ${HOSTS.toLocaleString('en')} hosts in ${org.units.length} units, ${rules.rules.length} rules, ${HISTORY_DAYS} days of history; set up in ${setupS.toFixed(1)} s, the worker's first evaluation (with its copy of the fleet) ${syncS.toFixed(1)} s`);
  console.log(`in-process through the collector's app as an admin (personal token); ${RUNS} warm requests per page after one cold; dashboard cache ${config.dashboard.cacheSeconds} s`);
  console.log(`1-minute load average on ${availableParallelism()} cores before: ${loadavg()[0]!.toFixed(1)}`);
  // The machine's own noise: the longest the event loop waits while this thread does nothing (other processes, GC of this heap).
  const idle = await measure(() => new Promise<Response>((ok) => setTimeout(() => ok(new Response('')), 10_000)), 'idle');
  console.log(`event loop idle for 10 s (no request): longest hold ${idle.holdMs.toFixed(1)} ms`);
  console.log('page                      cold ms  cold hold   p50 ms   p95 ms  max hold      KB | static p95  ratio | targets');

  const failures: string[] = [];
  for (const page of pages) {
    const cold = await measure(get, page.path());
    if (cold.status !== 200) throw new Error(`${page.name} answered ${cold.status}`);
    const warm: Sample[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(await measure(get, page.path()));
    const times = warm.map((s) => s.ms).sort((a, b) => a - b);
    const holds = warm.map((s) => s.holdMs);
    const kb = Math.max(...warm.map((s) => s.bytes), cold.bytes) / 1024;
    // The baseline: the same number of bytes from a bare Hono app, measured the same way.
    const body = 'x'.repeat(Math.round(kb * 1024));
    const bare = new Hono().get('/static', (c) => c.html(body));
    const statics: number[] = [];
    for (let i = 0; i < RUNS; i++) statics.push((await measure((p) => bare.request(`http://localhost${p}`), '/static')).ms);
    statics.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    const hold = Math.max(...holds);
    const met = [p95 < TARGET_P95_MS ? 'p95 met' : 'p95 NOT met', hold < TARGET_HOLD_MS ? 'hold met' : 'hold NOT met', kb < TARGET_KB ? 'size met' : 'size NOT met'];
    if (met.some((m) => m.includes('NOT'))) failures.push(page.name);
    console.log(
      `${page.name.padEnd(24)} ${fmt(cold.ms)}  ${fmt(cold.holdMs)}  ${fmt(percentile(times, 50))}  ${fmt(p95)}  ${fmt(hold)}  ${fmt(kb)} | ${fmt(percentile(statics, 95))}  ${(p95 / percentile(statics, 95)).toFixed(0).padStart(5)}× | ${met.join(', ')}`,
    );
  }
  // What each page reads on the request thread: its model, made on the worker (dashboard/page-models.ts), against the
  // whole-fleet evaluation the pages read before (the API's, with evidence, still answers GET /readiness).
  const decoder = new TextDecoder();
  const sample = reported[0]!;
  const models: Array<[string, () => Promise<Uint8Array>]> = [
    ['overview (scope summary, whole fleet)', () => jobs.scopeSummaryJson({ unitId: null, recursive: true })],
    ['unit page model (c01)', () => jobs.unitModelJson({ unitId: 'c01', recursive: true, focus: 'c01', lang: 'vi' })],
    ['machine page model (one machine)', () => jobs.hostModelJson({ unitId: sample.unit, agentId: sample.agentId })],
    ['machines list model (status=fail, page 1)', () => jobs.hostListJson({ unitId: null, recursive: true, lang: 'vi', filter: { verdict: 'fail', sort: 'unit', descending: false, page: 1, perPage: 50 } })],
    ['whole-fleet evaluation with evidence (the API\'s)', async () => joinChunks(await jobs.evaluationJson({ unitId: null, recursive: true }))],
  ];
  for (const [name, make] of models) {
    const evalStarted = performance.now();
    const bytes = await make();
    const evalMs = performance.now() - evalStarted;
    const parseStarted = performance.now();
    JSON.parse(decoder.decode(bytes));
    const parseMs = performance.now() - parseStarted;
    console.log(`${name}: ${evalMs.toFixed(0)} ms on the worker; reading its ${(bytes.byteLength / 1024).toFixed(1)} KB answer on the request thread ${parseMs.toFixed(1)} ms`);
  }
  // The same evaluation on the request thread, as before the worker: the baseline of the cold figures.
  const inlineStarted = performance.now();
  await readiness.evaluate({});
  console.log(`the same evaluation on the request thread (no worker): ${(performance.now() - inlineStarted).toFixed(0)} ms`);
  await jobs.close();
  console.log(`heap used at the end: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB; 1-minute load average after: ${loadavg()[0]!.toFixed(1)}`);
  await rm(dir, { recursive: true, force: true });
  if (failures.length) console.log(`warm targets not met for: ${failures.join(', ')}`);
}

main().catch((err: Error) => {
  console.error(`bench:dashboard failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
