/**
 * `npm run bench:schedules`: the scheduled weekly LAN/WAN tracker and summary of a 20,000-host
 * fleet (bench/synthetic-fleet.ts), made by the scheduler at their time as the collector makes
 * them — evaluation, build and render on the evaluation worker thread, archive write on this
 * one — beside the same documents made on demand by `produceDocument` on this thread in the
 * same run (the baseline, the path before the worker). Prints each document's time, the ratio,
 * the archive's size and the longest event-loop stall while the scheduled runs were made. The documents' budget is
 * 10 s and 1 GB each (docs/performance.md).
 *
 * BENCH_HOSTS (default 20000), BENCH_RUNS (default 3) and BENCH_FORMAT (default xlsx).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ArchiveStore } from '../collector/archive/store.js';
import { CollectorConfig } from '../collector/config.js';
import { EvaluationWorker } from '../collector/evaluation/evaluation-worker.js';
import { HistoryStore } from '../collector/history-store.js';
import { Readiness } from '../collector/readiness.js';
import { produceDocument } from '../collector/readiness-documents.js';
import { weekdayOf, zonedInstant } from '../collector/schedule/calendar.js';
import { WEEKDAYS } from '../collector/schedule/config.js';
import { dayIn } from '../rules/deadline.js';
import { openScheduler } from '../collector/schedule/index.js';
import type { SchedulerClock } from '../collector/schedule/scheduler.js';
import { MemoryStore } from '../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../rules/load-pack.js';
import { ReportFormat } from '../schema/index.js';
import { median } from './lib.js';
import { syntheticHosts, syntheticOrg } from './synthetic-fleet.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FORMAT = ReportFormat.parse(process.env.BENCH_FORMAT ?? 'xlsx');
const KINDS = ['tracker', 'summary'] as const;

/** A clock the bench moves by hand; timers fire when it is moved past them. */
function manualClock(start: Date): SchedulerClock & { moveTo(at: Date): void } {
  let t = start.getTime();
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => new Date(t),
    setTimer(fn, ms) {
      const timer = { at: t + ms, fn };
      timers.push(timer);
      return { cancel: () => void (timers = timers.filter((x) => x !== timer)) };
    },
    moveTo(at) {
      t = at.getTime();
      const due = timers.filter((x) => x.at <= t);
      timers = timers.filter((x) => x.at > t);
      for (const x of due) x.fn();
    },
  };
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  // The worker evaluates on the real clock, so the runs are due today (on today's weekday), at 16:30 of the scheduler's clock.
  const started0 = new Date();
  const org = syntheticOrg(HOSTS);
  const day = dayIn(started0, org.timeZone);
  const clock = manualClock(zonedInstant(day, '16:00', org.timeZone));
  const store = new MemoryStore();
  for (const h of syntheticHosts(org, HOSTS, started0)) {
    await store.createAgent({ agentId: h.agentId, keyHash: 'a'.repeat(64), unit: h.unit, room: h.room, hostname: h.hostname, deviceKind: h.deviceKind, enrolledAt: started0.toISOString() });
    if (h.report) await store.addReport(h.report, new Date(started0.getTime() - h.ageHours * 3_600_000));
  }
  const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-schedules-'));
  let jobs: EvaluationWorker | null = null;
  try {
    // The org file on disk, as the worker loads it from the config (JSON is YAML).
    const orgFile = join(dir, 'org.json');
    await writeFile(orgFile, JSON.stringify(org));
    const readiness = new Readiness({ store, org, rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: new HistoryStore(join(dir, 'history')), now: () => new Date() });
    await readiness.snapshot();
    const archive = new ArchiveStore(dir);
    jobs = EvaluationWorker.start(CollectorConfig.parse({ dataDir: dir, org: orgFile }), { store }, (l) => console.error(l));
    // The worker's first job waits for its start-up copy of the fleet: not timed.
    await jobs.evaluationJson({ unitId: org.units[0]!.id, recursive: false });

    // On demand on this thread: the document route's path before the worker, no archive.
    const onDemand = new Map<string, number[]>();
    for (let i = 0; i < RUNS; i++) {
      for (const kind of KINDS) {
        const started = performance.now();
        await produceDocument(readiness, { kind, format: FORMAT, lang: 'vi', period: 'week', timeZone: org.timeZone }, new Date());
        onDemand.set(kind, [...(onDemand.get(kind) ?? []), performance.now() - started]);
      }
    }

    // Scheduled: one Friday per run and kind, the schedule due at 16:30, timed from the timer firing to the archived document.
    const scheduled = new Map<string, number[]>();
    let stallMs = 0;
    let archived = 0;
    let rss = 0;
    let week = 0;
    for (let i = 0; i < RUNS; i++) {
      for (const kind of KINDS) {
        // A new schedule each time (its own run record), first seen at 16:00, due at 16:30.
        const before = zonedInstant(day, '16:00', org.timeZone);
        week++;
        clock.moveTo(before);
        const config = CollectorConfig.parse({ schedules: [{ id: `${kind}-weekly-${week}`, kind, formats: [FORMAT], period: 'week', weekday: WEEKDAYS[weekdayOf(day)], time: '16:30' }] });
        const log: string[] = [];
        const scheduler = await openScheduler({ config, jobs, auditHead: async () => null, archive, dataDir: dir, timeZone: org.timeZone, unitIds: null, log: (l) => log.push(l), clock });
        await scheduler.start();
        await scheduler.idle();
        const stalls = monitorEventLoopDelay({ resolution: 10 });
        stalls.enable();
        const started = performance.now();
        clock.moveTo(new Date(before.getTime() + 31 * 60_000));
        await scheduler.idle();
        scheduled.set(kind, [...(scheduled.get(kind) ?? []), performance.now() - started]);
        stalls.disable();
        stallMs = Math.max(stallMs, stalls.max / 1e6);
        await scheduler.close();
        const made = (await archive.entries()).filter((e) => e.origin.type === 'schedule' && e.origin.scheduleId === `${kind}-weekly-${week}`);
        if (made.length !== 1) throw new Error(`expected one scheduled ${kind}, got ${made.length}: ${log.join('; ')}`);
        archived += made[0]!.sizeBytes;
        rss = Math.max(rss, process.resourceUsage().maxRSS / 1024);
      }
    }

    console.log(`bench:schedules — weekly ${KINDS.join(' and ')} (${FORMAT}) of ${HOSTS.toLocaleString('en')} hosts, ${RUNS} run(s), medians`);
    console.log(`1-minute load average on ${availableParallelism()} cores: ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`);
    console.log('document   on demand s   scheduled s (with archive write)   scheduled / on demand');
    for (const kind of KINDS) {
      const a = median(onDemand.get(kind)!) / 1000;
      const b = median(scheduled.get(kind)!) / 1000;
      console.log(`${kind.padEnd(9)}  ${a.toFixed(2).padStart(11)}   ${b.toFixed(2).padStart(31)}   ${(b / a).toFixed(2).padStart(21)}`);
    }
    console.log(`archived ${(archived / RUNS / 1024).toFixed(0)} KB per weekly pair of documents; peak RSS of the process (fleet included) ${rss.toFixed(0)} MB`);
    console.log(`longest event-loop stall while the scheduled runs were made: ${stallMs.toFixed(0)} ms (documents are made on the evaluation worker)`);
    const worst = Math.max(...KINDS.map((k) => median(scheduled.get(k)!)));
    // The process holds the fleet twice (the store on this thread, the worker's mirror) and the baseline's evaluations: its peak is not one document's.
    console.log(`target: each scheduled document within 10 s (${worst < 10_000 ? 'met' : 'NOT met'}); the process's peak RSS ${rss < 1024 ? 'is within' : 'is over'} 1 GB, the fleet held on both threads included`);
  } finally {
    await jobs?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:schedules failed: ${(err as Error).message}`);
  process.exit(1);
});
