/**
 * `npm run bench:ingest`: reports/s and p99 latency with 50 concurrent agents on loopback
 * against the collector with storage off (memory store), with 1,000 hosts stored, and with
 * 20,000 hosts stored, all in this run; plus start-up time and peak RSS with 20,000 hosts.
 * The collector runs as its own process; this process is the load generator.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { hashSecret } from '../collector/auth.js';
import type { HostRecord } from '../collector/store/types.js';
import { makeReport } from '../test/helpers/report-fixture.js';
import { peakRssMb, percentile, startCollectorChild } from './lib.js';
import { policyBench } from './software-policy.js';
import type { CollectorChild } from './lib.js';

const CONCURRENCY = 50;
const WARMUP = 500;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const env = { READINESS_ENROLL_SECRET: 'bench-enroll-secret-0123456789', READINESS_ADMIN_TOKEN: 'bench-admin-token-0123456789' };

interface Agent {
  agentId: string;
  agentKey: string;
}

/** Writes `n` enrolled hosts with a stored report, the first 50 with keys the load uses. */
async function seed(dir: string, n: number): Promise<Agent[]> {
  const hosts = join(dir, 'hosts');
  await mkdir(hosts, { recursive: true });
  const agents: Agent[] = [];
  const batch: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const agentId = randomUUID();
    const secret = randomUUID();
    if (i < CONCURRENCY) agents.push({ agentId, agentKey: `${agentId}.${secret}` });
    const report = makeReport(agentId);
    const record: HostRecord = {
      agentId,
      keyHash: hashSecret(secret),
      unit: `hp-khuvuc-${i % 12}`,
      room: `phong-${i % 7}`,
      hostname: `PC-${i}`,
      deviceKind: 'workstation',
      enrolledAt: report.collectedAt,
      firstSeen: report.collectedAt,
      lastSeen: report.collectedAt,
      reportCount: 1,
      recentReportIds: [report.reportId],
      latest: report,
    };
    batch.push(writeFile(join(hosts, `${agentId}.json`), JSON.stringify(record)));
    if (batch.length >= 256) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  return agents;
}

const agentPool = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function postReport(url: URL, body: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: '/api/v1/reports', method: 'POST', agent: agentPool, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${key}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  bytes: number;
}

async function load(base: string, agents: Agent[], count: number): Promise<LoadResult> {
  const url = new URL(base);
  const latencies: number[] = [];
  let next = 0;
  let bytes = 0;
  // One template per agent; only the reportId changes, so the client spends little CPU per request.
  const templates = agents.map((a) => {
    const report = makeReport(a.agentId);
    return JSON.stringify(report).replace(report.reportId, '%REPORT_ID%');
  });
  const started = performance.now();
  await Promise.all(
    agents.map(async (agent, i) => {
      while (next < count) {
        next++;
        const body = templates[i]!.replace('%REPORT_ID%', randomUUID());
        bytes = body.length;
        const t0 = performance.now();
        const status = await postReport(url, body, agent.agentKey);
        latencies.push(performance.now() - t0);
        if (status !== 201) throw new Error(`the collector answered ${status}; the benchmark expects 201`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), bytes };
}

async function enrollOverHttp(base: string): Promise<Agent[]> {
  const agents: Agent[] = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const res = await fetch(`${base}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: env.READINESS_ENROLL_SECRET, unit: 'hp-vanphong', hostname: `PC-${i}` }),
    });
    agents.push((await res.json()) as Agent);
  }
  return agents;
}

/** The collector evaluates the fleet for today's history once at start-up (then hourly). */
async function historyRecorded(collector: CollectorChild): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!/history for \S+ recorded/.test(collector.output())) {
    if (Date.now() > deadline) throw new Error(`the collector did not record its start-up history within 60 s:\n${collector.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function phase(name: string, collector: CollectorChild, agents: Agent[]) {
  // Measure steady-state ingest, not the start-up snapshot that runs once beside it.
  await historyRecorded(collector);
  await load(collector.url, agents, WARMUP);
  const result = await load(collector.url, agents, REQUESTS);
  const rss = peakRssMb(collector.child.pid!);
  await collector.stop();
  console.log(
    `${name.padEnd(26)} ${result.perSecond.toFixed(0).padStart(6)} reports/s   p50 ${result.p50.toFixed(1).padStart(5)} ms   p99 ${result.p99.toFixed(1).padStart(6)} ms   peak RSS ${rss.toFixed(0)} MB`,
  );
  return { ...result, rss };
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'readiness-bench-ingest-'));
  try {
    console.log(await policyBench());
    console.log(`bench:ingest — ${CONCURRENCY} concurrent agents, ${REQUESTS} reports per phase after ${WARMUP} warm-up, loopback`);
    const off = await startCollectorChild(['--data', join(root, 'off'), '--store', 'memory'], env);
    const offResult = await phase('storage off (memory)', off, await enrollOverHttp(off.url));

    const dir1k = join(root, 'k1');
    const agents1k = await seed(dir1k, 1000);
    const c1k = await startCollectorChild(['--data', dir1k], env);
    const r1k = await phase('file store, 1,000 hosts', c1k, agents1k);

    const dir20k = join(root, 'k20');
    const seedStart = performance.now();
    const agents20k = await seed(dir20k, 20_000);
    console.log(`  (seeded 20,000 hosts in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);
    const c20k = await startCollectorChild(['--data', dir20k], env);
    const rssAfterLoad = peakRssMb(c20k.child.pid!);
    console.log(`start-up with 20,000 hosts: ${(c20k.startMs / 1000).toFixed(2)} s to listening (store load ${(c20k.loadMs / 1000).toFixed(2)} s), peak RSS after load ${rssAfterLoad.toFixed(0)} MB`);
    const r20k = await phase('file store, 20,000 hosts', c20k, agents20k);

    console.log(`report body: ${offResult.bytes} bytes`);
    console.log(`ratio 20,000 hosts / storage off: ${(r20k.perSecond / offResult.perSecond).toFixed(2)} (target >= 0.5)`);
    console.log(`ratio 20,000 hosts / 1,000 hosts: ${(r20k.perSecond / r1k.perSecond).toFixed(2)} (target >= 0.8)`);
    console.log(`start-up with 20,000 hosts: ${(c20k.startMs / 1000).toFixed(2)} s (target < 5 s)`);
  } finally {
    agentPool.destroy();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:ingest failed: ${(err as Error).message}`);
  process.exit(1);
});
