/**
 * `npm run bench:rollup`: the Supreme Procuracy as a parent of 34 province collectors of 600
 * hosts each (docs/rollup.md), beside a baseline measured in the same run: the same 20,400 hosts
 * evaluated locally by one collector. Each province's snapshot is made as a child makes it (its
 * own evaluation → `snapshotFigures`), validated as `POST /rollup` validates it and kept by the
 * parent's `ReceivedSnapshots`; the parent then evaluates with the children read from its data
 * directory (as its evaluation worker does) and renders the tracker. Printed: the parent's
 * evaluation and tracker (HTML, XLSX) time beside the local fleet's, as ratios; snapshot size.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from '../collector/history-store.js';
import { childInputs, Readiness } from '../collector/readiness.js';
import { produceDocument } from '../collector/readiness-documents.js';
import type { DocumentRequest } from '../collector/readiness-documents.js';
import { ReceivedSnapshots } from '../collector/rollup/received.js';
import { snapshotFigures } from '../collector/rollup/snapshot.js';
import { MemoryStore } from '../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../rules/load-pack.js';
import { OrgFile, RollupSnapshot } from '../schema/index.js';
import { median } from './lib.js';
import { CITIES, syntheticHosts, syntheticOrg } from './synthetic-fleet.js';

const PER_CHILD = Number(process.env.BENCH_CHILD_HOSTS ?? 600);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function time(runs: number, task: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

async function main(): Promise<void> {
  const now = new Date('2025-12-09T03:00:00Z');
  const hosts = PER_CHILD * CITIES;
  const org = syntheticOrg(hosts);
  const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-rollup-'));
  try {
    // The local fleet: one collector with every host (the baseline), and the provinces' own evaluations.
    const store = new MemoryStore();
    for (const h of syntheticHosts(org, hosts, now)) {
      await store.createAgent({ agentId: h.agentId, keyHash: 'a'.repeat(64), unit: h.unit, room: h.room, hostname: h.hostname, deviceKind: h.deviceKind, enrolledAt: now.toISOString() });
      if (h.report) await store.addReport(h.report, new Date(now.getTime() - h.ageHours * 3_600_000), {});
    }
    const local = new Readiness({ store, org, rules, history: new HistoryStore(join(dir, 'local-history')), now: () => now });

    // The parent: the supreme unit and the 34 provinces it has child tokens for, no hosts of its own.
    const parentOrg = OrgFile.parse({
      name: 'VKSND tối cao',
      units: org.units.filter((u) => u.level !== 'regional').map((u) => ({ id: u.id, name: u.name, level: u.level, ...(u.parent ? { parent: u.parent } : {}) })),
    });
    const parentData = join(dir, 'parent');
    const received = await new ReceivedSnapshots(parentData, () => {}).load();
    let bytes = 0;
    const snapshotStarted = performance.now();
    for (const city of parentOrg.units.filter((u) => u.level === 'city')) {
      // As a province collector makes its snapshot, and as the parent's route takes it in.
      const figures = snapshotFigures(await local.evaluate({ unitId: city.id, children: false }));
      const text = JSON.stringify({ id: randomUUID(), sequence: 1, unit: city.id, takenAt: new Date(now.getTime() - 600_000).toISOString(), ...figures });
      bytes = Math.max(bytes, Buffer.byteLength(text));
      await received.accept(RollupSnapshot.parse(JSON.parse(text)), { id: city.id, name: city.name }, now);
    }
    const snapshotsMs = performance.now() - snapshotStarted;
    const parent = new Readiness({ store: new MemoryStore(), org: parentOrg, rules, history: new HistoryStore(join(parentData, 'history')), now: () => now, children: childInputs({ rollup: { staleHours: 26 } }, parentData) });

    console.log(`rollup bench: the supreme level with ${CITIES} child snapshots of ${PER_CHILD} hosts each (largest ${(bytes / 1024).toFixed(0)} KB), beside ${hosts} local hosts; ${RUNS} runs each, medians`);
    console.log(`  load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
    console.log(`  ${CITIES} snapshots made by the provinces' evaluations and kept by the parent: ${ms(snapshotsMs)}`);

    const tracker = (format: 'html' | 'xlsx'): DocumentRequest => ({ kind: 'tracker', format, unitId: null, recursive: true, lang: 'vi', period: 'day', auditHead: null });
    const rows: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
      ['evaluation, whole tree', () => local.evaluate({}), () => parent.evaluate({})],
      ['tracker.html', () => produceDocument(local, tracker('html'), now), () => produceDocument(parent, tracker('html'), now)],
      ['tracker.xlsx', () => produceDocument(local, tracker('xlsx'), now), () => produceDocument(parent, tracker('xlsx'), now)],
      ['history snapshot (the day record)', () => local.snapshot(), () => parent.snapshot()],
    ];
    // The figures add up: the parent's top unit counts every host the local collector does.
    const [mine, theirs] = [await local.evaluate({}), await parent.evaluate({})];
    const top = (e: typeof mine) => e.units.find((u) => u.unitId === 'vkstc')!.rules.map((r) => [r.expected, r.passing, r.failing]);
    const same = JSON.stringify(top(mine)) === JSON.stringify(top(theirs));
    console.log(`  the parent's top unit equals the local fleet's, rule by rule (expected, passing, failing): ${same ? 'yes' : 'NO'}`);
    console.log(`  ${'what'.padEnd(36)} ${'local hosts'.padStart(12)} ${'34 children'.padStart(12)}  ratio`);
    for (const [what, baseline, rolled] of rows) {
      const a = await time(RUNS, baseline);
      const b = await time(RUNS, rolled);
      console.log(`  ${what.padEnd(36)} ${ms(a).padStart(12)} ${ms(b).padStart(12)}  ${(b / a).toFixed(2)}`);
    }
    if (!same) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
