/**
 * `npm run bench:rules`: evaluating 20,000 hosts against the default pack with every roll-up
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
import type { HostRecord } from '../collector/store/types.js';
import { benchPostgres } from './postgres.js';
import { HostFacts } from '../rules/evaluate-host.js';
import { FACTS } from '../rules/facts/index.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../rules/load-pack.js';
import { buildOrgModel, placeOf } from '../rules/org-model.js';
import { median } from './lib.js';
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
  let json = '';
  const jsonMs = await time(3, () => (json = JSON.stringify(evaluation)));

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
      const onPg = new Readiness({ store: loaded!, org, rules, history: null, now: () => now });
      const wholePg = await time(RUNS, () => onPg.evaluate({}));
      await (loaded as PostgresStore | null)?.close();
      pgLines = [
        `  PostgreSQL: copy ${records.length} hosts in   ${ms(copyMs)}; load them at start-up ${timed(load)}`,
        `  PostgreSQL: evaluate the whole fleet            ${timed(wholePg)}  (${(wholePg.wall / whole.wall).toFixed(2)}x the memory store's)`,
      ];
    } finally {
      await pgServer.stop();
    }
  }
  await rm(dir, { recursive: true, force: true });

  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`  baseline: resolve all ${FACTS.length} facts of every host   ${timed(baseline)}`);
  console.log(`  evaluate the whole fleet with roll-ups          ${timed(whole)}  (${(whole.wall / baseline.wall).toFixed(2)}x baseline; budget ${BUDGET_MS} ms: ${whole.wall < BUDGET_MS ? 'met' : 'MISSED'})`);
  console.log(`  evaluate one city (c01) and its regional units  ${timed(city)}`);
  console.log(`  evaluation as JSON                              ${mb(json.length)} in ${timed(jsonMs)} (${blocking} blocking host entries at the top unit)`);
  if (gc) console.log(`  heap held by one whole-fleet evaluation         ${mb(retained)}`);
  console.log(`  daily snapshot (evaluate + write)               ${timed(snapshotMs)}; ${mb(written.dayBytes)} day record + ${mb(written.hostsBytes)} host rows (gzip) per day`);
  console.log(`  replay a past day from the history              ${timed(replay)}`);
  console.log(`  probe-rule trail per stored report              ${((trailMs / trails) * 1000).toFixed(0)} µs`);
  console.log(`  RSS with the fleet's reports in memory          ${mb(fleetRss)}; peak RSS ${rss.toFixed(0)} MB`);
  console.log(`  history for 400 days at this size               ${mb(400 * (written.dayBytes + written.hostsBytes))}`);
  for (const line of pgLines) console.log(line);
  console.log(`  load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (whole.wall >= BUDGET_MS) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(`bench:rules failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
