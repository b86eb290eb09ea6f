/**
 * `npm run bench:ingest`: reports/s and p99 latency with 50 concurrent agents on loopback
 * against the collector with storage off (memory store), with 1,000 hosts stored, and with
 * `BENCH_HOSTS` hosts stored (20,000 by default; 100,000 for the national level) on the file
 * store and on PostgreSQL, all in this run; plus start-up time and peak RSS at that size.
 * The collector runs as its own process; this process is the load generator.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { makeReport } from '../test/helpers/report-fixture.js';
import { CLI, median, peakRssMb, percentile, startCollectorChild } from './lib.js';
import { HostReport } from '../schema/index.js';
import { policyBench } from './software-policy.js';
import type { CollectorChild } from './lib.js';
import { httpClient, seedHosts } from './seed.js';
import type { Agent } from './seed.js';
import { benchPostgres, migratedDatabase } from './postgres.js';

const CONCURRENCY = 50;
const WARMUP = 500;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 20_000);
const size = HOSTS.toLocaleString('en-US');
const env = { READINESS_ENROLL_SECRET: 'bench-enroll-secret-0123456789', READINESS_ADMIN_TOKEN: 'bench-admin-token-0123456789' };

const client = httpClient(CONCURRENCY);
const postReport = async (url: URL, body: string, key: string) => (await client.request(url, '/api/v1/reports', { method: 'POST', body, key })).status;

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  bytes: number;
}

/** One report per agent, as JSON with `%REPORT_ID%` where its id goes. */
type Template = (agentId: string) => string;

const smallReport: Template = (agentId) => {
  const report = makeReport(agentId);
  return JSON.stringify(report).replace(report.reportId, '%REPORT_ID%');
};

async function load(base: string, agents: Agent[], count: number, template: Template = smallReport): Promise<LoadResult> {
  const url = new URL(base);
  const latencies: number[] = [];
  let next = 0;
  let bytes = 0;
  // One template per agent; only the reportId changes, so the client spends little CPU per request.
  const templates = agents.map((a) => template(a.agentId));
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

/**
 * The collector evaluates the fleet for today's history once at start-up (then hourly); a
 * minute per 20,000 hosts is allowed for it (100,000 hosts on a loaded machine need minutes).
 */
async function historyRecorded(collector: CollectorChild): Promise<void> {
  const allowed = 60 * Math.max(1, Math.ceil(HOSTS / 20_000));
  const deadline = Date.now() + allowed * 1000;
  while (!/history for \S+ recorded/.test(collector.output())) {
    if (Date.now() > deadline) throw new Error(`the collector did not record its start-up history within ${allowed} s:\n${collector.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Accepting against rejecting a body near the 1 MiB limit, one request at a time (median of
 * `n`): a valid report with 5,000 programs, and one whose 20,000 programs are all invalid.
 */
async function rejectionCost(base: string, agent: Agent, n = 30) {
  const url = new URL(base);
  const programs = Array.from({ length: 5000 }, (_, i) => ({ name: `package-${i}-with-a-long-name`, version: '1.2.3-4ubuntu5', publisher: 'Debian Maintainers', installDate: null, systemComponent: false, scope: 'machine', arch: 'amd64' }));
  const report = makeReport(agent.agentId);
  const valid = JSON.stringify({ ...report, software: { source: 'dpkg', programs } }).replace(report.reportId, '%REPORT_ID%');
  const invalid = JSON.stringify({ ...report, software: { source: 'dpkg', programs: Array.from({ length: 20_000 }, () => ({ name: 1, version: 2, publisher: 3, arch: 4 })) } });
  const time = async (body: string, expect: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const status = await postReport(url, body.replace('%REPORT_ID%', randomUUID()), agent.agentKey);
      ms.push(performance.now() - t0);
      if (status !== expect) throw new Error(`expected ${expect}, got ${status}`);
    }
    return median(ms);
  };
  const accept = await time(valid, 201);
  const reject = await time(invalid, 400);
  console.log(
    `  1 MiB bodies one at a time (median of ${n}): accept a valid ${(valid.length / 1024).toFixed(0)} KB report ${accept.toFixed(1)} ms, reject an invalid ${(invalid.length / 1024).toFixed(0)} KB one ${reject.toFixed(1)} ms (${(reject - accept).toFixed(1)} ms more)`,
  );
}

async function phase(name: string, collector: CollectorChild, agents: Agent[], template: Template = smallReport, requests = REQUESTS, beforeStop?: () => Promise<void>) {
  // Measure steady-state ingest, not the start-up snapshot that runs once beside it.
  await historyRecorded(collector);
  await load(collector.url, agents, WARMUP, template);
  const result = await load(collector.url, agents, requests, template);
  await beforeStop?.();
  const rss = peakRssMb(collector.child.pid!);
  await collector.stop();
  console.log(
    `${name.padEnd(44)} ${result.perSecond.toFixed(0).padStart(6)} reports/s   p50 ${result.p50.toFixed(1).padStart(5)} ms   p99 ${result.p99.toFixed(1).padStart(6)} ms   peak RSS ${rss.toFixed(0)} MB`,
  );
  return { ...result, rss };
}

/** This machine's own report (its real installed-program list), as the agent writes it. */
async function machineReport(dir: string): Promise<HostReport> {
  const file = join(dir, 'machine-report.json');
  execFileSync(process.execPath, [CLI, 'agent', 'run', '--once', '--output', file, '--state', join(dir, 'agent.json')], { env: { ...process.env, READINESS_PROBE_GATEWAY: 'off' }, stdio: 'ignore' });
  return HostReport.parse(JSON.parse(await readFile(file, 'utf8')));
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'readiness-bench-ingest-'));
  // The per-agent report limit is for a fleet reporting hourly; a benchmark sends 100 a second per agent.
  const config = join(root, 'config.yaml');
  const open = { burst: 1_000_000, perMinute: 1_000_000 };
  await writeFile(config, JSON.stringify({ limits: { failedCredentials: open, enrollments: open, reports: open } }));
  const startCollector = (args: string[]) => startCollectorChild([...args, '--config', config], env);
  try {
    console.log(await policyBench());
    console.log(`bench:ingest — ${CONCURRENCY} concurrent agents, ${REQUESTS} reports per phase after ${WARMUP} warm-up, loopback; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
    const off = await startCollector(['--data', join(root, 'off'), '--store', 'memory']);
    const offAgents = await enrollOverHttp(off.url);
    const offResult = await phase('storage off (memory)', off, offAgents, smallReport, REQUESTS, () => rejectionCost(off.url, offAgents[0]!));

    const dir1k = join(root, 'k1');
    const agents1k = await seedHosts(dir1k, 1000, CONCURRENCY);
    const c1k = await startCollector(['--data', dir1k]);
    const r1k = await phase('file store, 1,000 hosts', c1k, agents1k);

    const dirBig = join(root, 'big');
    const seedStart = performance.now();
    const agentsBig = await seedHosts(dirBig, HOSTS, CONCURRENCY);
    console.log(`  (seeded ${size} hosts in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`);
    const cBig = await startCollector(['--data', dirBig]);
    const rssAfterLoad = peakRssMb(cBig.child.pid!);
    console.log(`start-up with ${size} hosts: ${(cBig.startMs / 1000).toFixed(2)} s to listening (store load ${(cBig.loadMs / 1000).toFixed(2)} s), peak RSS after load ${rssAfterLoad.toFixed(0)} MB`);
    const rBig = await phase(`file store, ${size} hosts`, cBig, agentsBig);

    // The same hosts on PostgreSQL (store migrate from the directory just measured).
    const pgServer = await benchPostgres();
    let rPg: Awaited<ReturnType<typeof phase>> | null = null;
    let pgStart: CollectorChild | null = null;
    if (pgServer) {
      try {
        const { url, seconds } = await migratedDatabase(pgServer, dirBig);
        console.log(`  (store migrate of ${size} hosts into PostgreSQL: ${seconds.toFixed(1)} s)`);
        const pgConfig = join(root, 'config-postgres.yaml');
        await writeFile(pgConfig, JSON.stringify({ store: { kind: 'postgres', url }, limits: { failedCredentials: open, enrollments: open, reports: open } }));
        pgStart = await startCollectorChild(['--data', join(root, 'pg'), '--config', pgConfig], env);
        const pgRss = peakRssMb(pgStart.child.pid!);
        console.log(`start-up with ${size} hosts on PostgreSQL: ${(pgStart.startMs / 1000).toFixed(2)} s to listening (store load ${(pgStart.loadMs / 1000).toFixed(2)} s), peak RSS after load ${pgRss.toFixed(0)} MB`);
        rPg = await phase(`PostgreSQL store, ${size} hosts`, pgStart, agentsBig, smallReport, REQUESTS, async () => console.log(`  PostgreSQL server processes: ${pgServer.rssMb().toFixed(0)} MB (PSS, shared buffers counted once)`));
      } finally {
        await pgServer.stop();
      }
    }

    const machine = await machineReport(root);
    const realistic: Template = (agentId) => JSON.stringify({ ...machine, agentId, reportId: '%REPORT_ID%' });
    const realisticRequests = Number(process.env.BENCH_REALISTIC_REQUESTS ?? 2000);
    const cReal = await startCollector(['--data', dirBig]);
    const rReal = await phase(`${size} hosts, this machine's report`, cReal, agentsBig, realistic, realisticRequests);
    console.log(`realistic report: ${machine.software?.programs.length ?? 0} installed programs, ${(rReal.bytes / 1024).toFixed(0)} KB, ${realisticRequests} reports after ${WARMUP} warm-up`);

    console.log(`report body: ${offResult.bytes} bytes`);
    console.log(`ratio ${size} hosts / storage off: ${(rBig.perSecond / offResult.perSecond).toFixed(2)} (target >= 0.5 at 20,000)`);
    console.log(`ratio ${size} hosts / 1,000 hosts: ${(rBig.perSecond / r1k.perSecond).toFixed(2)} (target >= 0.8 at 20,000)`);
    console.log(`start-up with ${size} hosts: file ${(cBig.startMs / 1000).toFixed(2)} s${pgStart ? `, PostgreSQL ${(pgStart.startMs / 1000).toFixed(2)} s` : ''} (target < 5 s at 20,000)`);
    if (rPg) console.log(`ratio PostgreSQL / file store at ${size} hosts: ${(rPg.perSecond / rBig.perSecond).toFixed(2)} reports/s, p99 ${(rPg.p99 / rBig.p99).toFixed(2)}`);
    console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
    if (HOSTS === 20_000) console.log('(the national size: BENCH_HOSTS=100000 npm run bench:ingest)');
  } finally {
    client.destroy();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:ingest failed: ${(err as Error).message}`);
  process.exit(1);
});
