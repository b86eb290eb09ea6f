/**
 * `npm run bench:rules`: evaluating 20,000 hosts (`BENCH_HOSTS`; 100,000 for the national level) against the default pack with every roll-up
 * (rooms, units, cities, the Supreme Procuracy), beside a baseline measured in the same run:
 * merely resolving every registered fact of every host. Also: one city, the daily history
 * snapshot (time and bytes), a past day replayed from it, the JSON size, the probe-rule trail
 * per report, and peak RSS. Medians of several runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from '../collector/history-store.js';
import { Readiness } from '../collector/readiness.js';
import { MemoryStore } from '../collector/store/memory-store.js';
import { PostgresStore } from '../collector/store/postgres/postgres-store.js';
import { PostgresHistoryStore } from '../collector/store/postgres/history.js';
import type { HostRecord } from '../collector/store/types.js';
import { benchPostgres } from './postgres.js';
import { HostFacts } from '../rules/evaluate-host.js';
import { FACTS } from '../rules/facts/index.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../rules/load-pack.js';
import { buildOrgModel, placeOf } from '../rules/org-model.js';
import { median } from './lib.js';
import { randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { SeriesStore } from '../collector/availability/series-store.js';
import { AvailabilityTracker } from '../collector/availability/tracker.js';
import { availabilityOf } from '../collector/availability/answer.js';
import { seriesOnDisk, withAvailability } from '../collector/availability-source.js';
import { produceDocument } from '../collector/readiness-documents.js';
import type { DocumentRequest } from '../collector/readiness-documents.js';
import type { HostReport } from '../schema/index.js';
import { syntheticHosts, syntheticOrg } from './synthetic-fleet.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BUDGET_MS = 1000;

interface Timing {
  wall: number;
  /** CPU time of this process over the same runs (GC threads included). */
  cpu: number;
}

/** Medians of wall and CPU time over `runs` runs. */
async function time(runs: number, task: () => Promise<unknown> | unknown): Promise<Timing> {
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await task();
    const used = process.cpuUsage(cpuStarted);
    samples.push(performance.now() - started);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  return { wall: median(samples), cpu: median(cpuSamples) };
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const timed = (t: Timing) => `${ms(t.wall)} (${ms(t.cpu)} CPU)`;
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

async function main(): Promise<void> {
  let now = new Date('2025-12-09T03:00:00Z');
  const org = syntheticOrg(HOSTS);
  const setupStarted = performance.now();
  const fleet = syntheticHosts(org, HOSTS, now);
  const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  const store = new MemoryStore();
  const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-rules-'));
  const readiness = new Readiness({ store, org, rules, history: new HistoryStore(dir), now: () => now });

  // Ingest through the store as the collector does, trail included; the trail's cost is timed.
  let trailMs = 0;
  let trails = 0;
  for (const h of fleet) {
    await store.createAgent({ agentId: h.agentId, keyHash: 'a'.repeat(64), unit: h.unit, room: h.room, hostname: h.hostname, deviceKind: h.deviceKind, enrolledAt: now.toISOString() });
    if (!h.report) continue;
    const report = h.report;
    await store.addReport(report, new Date(now.getTime() - h.ageHours * 3_600_000), {
      nextTrail: (host) => {
        const started = performance.now();
        const trail = readiness.nextTrail(host, report);
        trailMs += performance.now() - started;
        trails++;
        return trail;
      },
    });
  }
  const fleetRss = process.memoryUsage().rss;
  console.log(`rules bench: ${HOSTS} hosts in ${org.units.length} units, ${rules.rules.length} rules, set up in ${ms(performance.now() - setupStarted)}; ${RUNS} runs each, medians of wall time (CPU time of this process)`);
  console.log(`  load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);

  const model = buildOrgModel(org, []);
  const baseline = await time(RUNS, () => {
    let resolved = 0;
    for (const h of store.listHosts()) {
      const facts = new HostFacts({ report: h.latest, place: placeOf(model, h.unit, h.room, h.deviceKind), now });
      for (let i = 0; i < FACTS.length; i++) if (facts.get(i) !== undefined) resolved++;
    }
    return resolved;
  });
  const whole = await time(RUNS, () => readiness.evaluate({}));
  const city = await time(RUNS, () => readiness.evaluate({ unitId: 'c01' }));
  // What one evaluation holds on to (with --expose-gc): the heap after it minus before it.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const evaluation = await readiness.evaluate({});
  gc?.();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  // Null: longer than V8's longest string (2^29 - 24 characters, ~512 MiB), which the
  // whole-fleet evaluation of a large synthetic fleet (most hosts failing something) passes.
  let jsonLength: number | null = null;
  const jsonMs = await time(3, () => {
    try {
      jsonLength = JSON.stringify(evaluation).length;
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      jsonLength = null;
    }
  });

  // Record "yesterday", then replay it as a past day.
  now = new Date('2025-12-08T03:00:00Z');
  const snapshotMs = await time(3, () => readiness.snapshot());
  const written = (await readiness.snapshot())!;
  now = new Date('2025-12-09T03:00:00Z');
  const replay = await time(RUNS, () => readiness.evaluate({ asOf: '2025-12-08' }));
  const blocking = evaluation.units[0]!.rules.reduce((n, r) => n + r.blockingHosts.length, 0);

  // The same fleet in PostgreSQL: what a collector on it loads at start-up, and the evaluation
  // over the view it loaded (evaluations read each store's in-memory view, never the database).
  const pgServer = await benchPostgres();
  let pgLines: string[] = [];
  if (pgServer) {
    try {
      const url = await pgServer.createDatabase();
      const writer = new PostgresStore(url, { log: () => {} });
      await writer.load();
      const records = (await Promise.all(store.listHosts().map((h) => store.readHost(h.agentId)))) as HostRecord[];
      const copyStarted = performance.now();
      await writer.importHosts(records);
      const copyMs = performance.now() - copyStarted;
      await writer.close();
      let loaded: PostgresStore | null = null;
      const load = await time(3, async () => {
        await loaded?.close();
        loaded = new PostgresStore(url, { log: () => {} });
        await loaded.load();
      });
      const pgHistory = await new PostgresHistoryStore(url, { log: () => {} }).open();
      const onPg = new Readiness({ store: loaded!, org, rules, history: pgHistory, now: () => now });
      const wholePg = await time(RUNS, () => onPg.evaluate({}));
      // The same day's snapshot into the database, and the same past day replayed from it.
      now = new Date('2025-12-08T03:00:00Z');
      const snapshotPg = await time(3, () => onPg.snapshot());
      now = new Date('2025-12-09T03:00:00Z');
      const replayPg = await time(RUNS, () => onPg.evaluate({ asOf: '2025-12-08' }));
      const serverMb = pgServer.rssMb();
      await pgHistory.close();
      await (loaded as PostgresStore | null)?.close();
      pgLines = [
        `  PostgreSQL: copy ${records.length} hosts in   ${ms(copyMs)}; load them at start-up ${timed(load)}`,
        `  PostgreSQL: evaluate the whole fleet            ${timed(wholePg)}  (${(wholePg.wall / whole.wall).toFixed(2)}x the memory store's)`,
        `  PostgreSQL: daily snapshot (evaluate + write)   ${timed(snapshotPg)}  (${(snapshotPg.wall / snapshotMs.wall).toFixed(2)}x the file history's)`,
        `  PostgreSQL: replay a past day from the history  ${timed(replayPg)}  (${(replayPg.wall / replay.wall).toFixed(2)}x the file history's)`,
        `  PostgreSQL server's memory (PSS of its processes) ${serverMb.toFixed(0)} MB`,
      ];
    } finally {
      await pgServer.stop();
    }
  }
  const avail = await availabilityBench(org, fleet, dir, readiness);
  await rm(dir, { recursive: true, force: true });

  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`  baseline: resolve all ${FACTS.length} facts of every host   ${timed(baseline)}`);
  console.log(`  evaluate the whole fleet with roll-ups          ${timed(whole)}  (${(whole.wall / baseline.wall).toFixed(2)}x baseline; budget ${BUDGET_MS} ms: ${whole.wall < BUDGET_MS ? 'met' : 'MISSED'})`);
  console.log(`  evaluate one city (c01) and its regional units  ${timed(city)}`);
  const jsonSize = jsonLength === null ? "more than V8's longest string (~512 MiB): JSON.stringify fails" : mb(jsonLength);
  console.log(`  evaluation as JSON                              ${jsonSize} in ${timed(jsonMs)} (${blocking} blocking host entries at the top unit)`);
  if (gc) console.log(`  heap held by one whole-fleet evaluation         ${mb(retained)}`);
  console.log(`  daily snapshot (evaluate + write)               ${timed(snapshotMs)}; ${mb(written.dayBytes)} day record + ${mb(written.hostsBytes)} host rows (gzip) per day`);
  console.log(`  replay a past day from the history              ${timed(replay)}`);
  console.log(`  probe-rule trail per stored report              ${((trailMs / trails) * 1000).toFixed(0)} µs`);
  console.log(`  RSS with the fleet's reports in memory          ${mb(fleetRss)}; peak RSS ${rss.toFixed(0)} MB`);
  console.log(`  history for 400 days at this size               ${mb(400 * (written.dayBytes + written.hostsBytes))}`);
  for (const line of pgLines) console.log(line);
  console.log(`  probe-only report into the live status          ${avail.perReportUs.toFixed(1)} µs each (one 5-minute round of ${HOSTS} reports: ${ms(avail.roundMs)}; about ${((avail.roundMs * 288) / 1000).toFixed(0)} s a day)`);
  console.log(`  availability series: a month of ${avail.units} units  ${avail.transitions} changes, ${(avail.bytes / 1024).toFixed(0)} KiB on disk = ${(avail.bytes / 31 / 1024).toFixed(1)} KiB a day`);
  console.log(`  the month's availability (GET /availability)    ${timed(avail.month)}  (${(avail.month.wall / baseline.wall).toFixed(2)}x baseline; budget ${BUDGET_MS} ms: ${avail.month.wall < BUDGET_MS ? 'met' : 'MISSED'}); ${mb(avail.jsonBytes)} as JSON`);
  for (const d of avail.documents) {
    console.log(`  the month's availability document, ${d.label.padEnd(22)} ${timed(d.timing)}  (${(d.timing.wall / baseline.wall).toFixed(2)}x baseline; budget ${BUDGET_MS} ms: ${d.timing.wall < BUDGET_MS ? 'met' : 'MISSED'}); ${d.rows} rows, ${mb(d.bytes)}`);
  }
  console.log(`  load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (HOSTS === 20_000) console.log('  (the national size: BENCH_HOSTS=100000 npm run bench:rules)');
  if (whole.wall >= BUDGET_MS || avail.month.wall >= BUDGET_MS || avail.documents.some((d) => d.timing.wall >= BUDGET_MS)) process.exitCode = 1;
}

/**
 * Availability for a month of 5-minute probe-only reports of the whole fleet: one round of
 * reports through the live status (its cost per report), then a month of each unit's series on
 * disk as the tracker writes it (two WAN outages and one LAN outage a day per unit, a quarter of
 * them crossing midnight, one unit silent for an hour a day), then the month's answer of
 * `GET /availability` for every unit, from those series alone.
 */
async function availabilityBench(org: ReturnType<typeof syntheticOrg>, fleet: ReturnType<typeof syntheticHosts>, dir: string, readiness: Readiness) {
  const series = new SeriesStore(join(dir, 'availability')).load();
  const roundAt = new Date('2025-12-31T03:00:00Z');
  const tracker = new AvailabilityTracker(new SeriesStore(null), { hysteresis: 2, freshMs: 600_000, now: () => roundAt });
  const probe = (scope: 'lan' | 'wan') => ({ kind: 'tcp' as const, scope, role: scope === 'lan' ? 'lan_server' : 'wan_endpoint', target: scope === 'lan' ? '10.0.0.10' : '172.16.0.10', startedAt: roundAt.toISOString(), sent: 3, received: 3, lossPct: 0, rtt: { minMs: 1, medianMs: 1, p95Ms: 1, maxMs: 1 }, jitterMs: 0, error: null, detail: {} });
  const reports = fleet.map((h) => ({ h, r: { schemaVersion: 1, reportId: randomUUID(), agentId: h.agentId, agentVersion: 'bench', collectedAt: roundAt.toISOString(), spoolDropped: 0, errors: [], probeOnly: true, probes: { results: [probe('lan'), probe('wan')] } } as unknown as HostReport }));
  const started = performance.now();
  for (const { h, r } of reports) await tracker.record(h.agentId, h.unit, r, roundAt);
  const roundMs = performance.now() - started;

  const units = org.units.map((u) => ({ id: u.id, name: u.name }));
  let transitions = 0;
  const at = (day: number, minute: number) => new Date(Date.parse('2025-11-30T17:00:00Z') + (day * 1440 + minute) * 60_000).toISOString();
  for (const [i, u] of units.entries()) {
    for (const scope of ['lan', 'wan'] as const) {
      await series.append(u.id, scope, { at: at(0, 0), state: 'up', machines: 10, targets: [] });
      transitions++;
    }
    for (let d = 0; d < 31; d++) {
      const outages = [[180 + (i % 60), 17, 'wan'], [900 + (i % 120), 43, 'wan'], [600, 5, 'lan']] as const;
      // A quarter of the units lose the WAN across midnight too.
      const extra = i % 4 === 0 ? [[1430, 25, 'wan'] as const] : [];
      for (const [start, minutes, scope] of [...outages, ...extra]) {
        await series.append(u.id, scope, { at: at(d, start), state: 'down', machines: 9, targets: ['172.16.0.10'] });
        await series.append(u.id, scope, { at: at(d, start + minutes), state: 'up', machines: 10, targets: [] });
        transitions += 2;
      }
      if (i === 1) {
        await series.append(u.id, 'wan', { at: at(d, 1200), state: 'unknown', machines: 0, targets: [] });
        await series.append(u.id, 'wan', { at: at(d, 1260), state: 'up', machines: 10, targets: [] });
        transitions += 2;
      }
    }
  }
  const bytes = (await readdir(join(dir, 'availability'))).length ? (await Promise.all((await readdir(join(dir, 'availability'))).map(async (f) => (await stat(join(dir, 'availability', f))).size))).reduce((a, b) => a + b, 0) : 0;
  const reread = new SeriesStore(join(dir, 'availability')).load();
  const nowMs = Date.parse('2026-01-01T03:00:00Z');
  let jsonBytes = 0;
  const month = await time(RUNS, () => {
    const answer = availabilityOf({ series: reread, status: (u) => tracker.status(u) }, units, ['lan', 'wan'], { from: '2025-12-01', to: '2025-12-31', timeZone: 'Asia/Ho_Chi_Minh', nowMs });
    jsonBytes = JSON.stringify(answer).length;
  });
  // The month's availability document as the worker makes it (collector/availability-source.ts):
  // the series read from the data directory, today's evaluation for the units in scope, the
  // figures, the document and its bytes. For the whole fleet (every unit's outage log, the days
  // as a sheet) and for one regional unit (the letter to the carrier, printed).
  const source = withAvailability(readiness, seriesOnDisk(dir), (scope) => readiness.listUnits(scope));
  const monthDoc = (format: DocumentRequest['format'], unitId: string | null) => produceDocument(source, { kind: 'availability', format, unitId, asOf: '2025-12-31', lang: 'vi', period: 'month', timeZone: 'Asia/Ho_Chi_Minh' }, new Date(nowMs));
  const documents: Array<{ label: string; timing: Timing; bytes: number; rows: number }> = [];
  const regional = org.units.find((u) => u.parent !== null && org.units.some((p) => p.id === u.parent && p.parent !== null)) ?? org.units.at(-1)!;
  for (const [label, format, unitId] of [['whole fleet, XLSX', 'xlsx', null], ['whole fleet, JSON', 'json', null], [`one unit (${regional.id}), HTML`, 'html', regional.id]] as const) {
    let bytes = 0;
    let rows = 0;
    const timing = await time(RUNS, async () => {
      const out = await monthDoc(format, unitId);
      bytes = out.body.byteLength;
      rows = out.document.parts.reduce((n, p) => n + p.rows.length, 0);
    });
    documents.push({ label, timing, bytes, rows });
  }
  return { perReportUs: (roundMs / reports.length) * 1000, roundMs, units: units.length, transitions, bytes, month, jsonBytes, documents };
}

main().catch((err: Error) => {
  console.error(`bench:rules failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
