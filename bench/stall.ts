/**
 * `npm run bench:stall`: does heavy work hold the collector's event loop? With 20,000 hosts
 * stored and 50 agents reporting, download `hosts.xlsx` (the 20,000-host checklist) and
 * `/readiness` (the whole evaluation as JSON) while `/healthz` is polled; print `/healthz`
 * latency (p99, max) and ingest p99 during the downloads beside the same measured just before
 * without them, in one run. The collector runs as its own process; this one is the load.
 *
 * The agents are paced (each sends a report every AGENT_PAUSE_MS, 200 reports/s in all, 36× a
 * 20,000-host fleet reporting hourly) so the figures show stalls rather than a saturated CPU.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { makeReport } from '../test/helpers/report-fixture.js';
import { peakRssMb, percentile, startCollectorChild } from './lib.js';
import type { CollectorChild } from './lib.js';
import { httpClient, seedHosts } from './seed.js';
import type { Agent } from './seed.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 20_000);
const AGENTS = 50;
const AGENT_PAUSE_MS = 250;
const HEALTH_EVERY_MS = 20;
const BASELINE_MS = Number(process.env.BENCH_BASELINE_MS ?? 10_000);
const env = { READINESS_ENROLL_SECRET: 'bench-enroll-secret-0123456789', READINESS_ADMIN_TOKEN: 'bench-admin-token-0123456789' };

const client = httpClient(AGENTS + 8);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Window {
  health: number[];
  ingest: number[];
}

/** Runs the agents and the /healthz poller until `done` resolves; returns the latencies seen meanwhile. */
async function measure(url: URL, agents: Agent[], done: Promise<unknown>): Promise<Window> {
  const window: Window = { health: [], ingest: [] };
  let running = true;
  const finished = done.finally(() => (running = false));
  const templates = agents.map((a) => {
    const r = makeReport(a.agentId);
    return JSON.stringify(r).replace(r.reportId, '%ID%');
  });
  const agentLoops = agents.map(async (agent, i) => {
    await sleep((i * AGENT_PAUSE_MS) / agents.length);
    while (running) {
      const t0 = performance.now();
      const { status } = await client.request(url, '/api/v1/reports', { method: 'POST', body: templates[i]!.replace('%ID%', randomUUID()), key: agent.agentKey });
      window.ingest.push(performance.now() - t0);
      if (status !== 201) throw new Error(`a report got ${status}; the benchmark expects 201`);
      await sleep(AGENT_PAUSE_MS);
    }
  });
  const poller = (async () => {
    while (running) {
      const t0 = performance.now();
      await client.request(url, '/api/v1/healthz');
      window.health.push(performance.now() - t0);
      await sleep(HEALTH_EVERY_MS);
    }
  })();
  await Promise.all([finished, ...agentLoops, poller]);
  return window;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
};

/**
 * The collector's own event-loop delay since the last call (prom-client's histogram, reset at
 * each scrape): what the collector felt, without the load generator's own delays.
 */
async function loopDelay(url: URL): Promise<{ p99: number; max: number }> {
  const res = await fetch(new URL('/api/v1/metrics', url), { headers: { authorization: `Bearer ${env.READINESS_ADMIN_TOKEN}` } });
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^readiness_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000;
  return { p99: value('p99'), max: value('max') };
}

async function download(url: URL, path: string): Promise<{ path: string; seconds: number; mb: number }> {
  const t0 = performance.now();
  const { status, bytes } = await client.request(url, path, { key: env.READINESS_ADMIN_TOKEN, fresh: true });
  if (status !== 200) throw new Error(`${path} answered ${status}`);
  return { path, seconds: (performance.now() - t0) / 1000, mb: bytes / 1e6 };
}

async function historyRecorded(collector: CollectorChild): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!/history for \S+ recorded/.test(collector.output())) {
    if (Date.now() > deadline) throw new Error(`no start-up history within 120 s:\n${collector.output()}`);
    await sleep(100);
  }
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'readiness-bench-stall-'));
  let collector: CollectorChild | undefined;
  try {
    const config = join(root, 'config.yaml');
    const open = { burst: 1_000_000, perMinute: 1_000_000 };
    await writeFile(config, JSON.stringify({ limits: { failedCredentials: open, enrollments: open, reports: open } }));
    const data = join(root, 'data');
    const agents = await seedHosts(data, HOSTS, AGENTS);
    collector = await startCollectorChild(['--data', data, '--config', config], env);
    await historyRecorded(collector);
    const url = new URL(collector.url);
    console.log(`bench:stall — ${HOSTS} hosts stored, ${AGENTS} agents each reporting every ${AGENT_PAUSE_MS} ms, /healthz polled every ${HEALTH_EVERY_MS} ms`);

    await loopDelay(url);
    const baseline = await measure(url, agents, sleep(BASELINE_MS));
    const baselineLoop = await loopDelay(url);
    const downloads: Array<{ path: string; seconds: number; mb: number }> = [];
    const during = await measure(
      url,
      agents,
      Promise.all([download(url, '/api/v1/readiness/hosts.xlsx'), download(url, '/api/v1/readiness')]).then((d) => downloads.push(...d)),
    );
    const duringLoop = await loopDelay(url);
    const rss = peakRssMb(collector.child.pid!);

    const [bh, dh, bi, di] = [stats(baseline.health), stats(during.health), stats(baseline.ingest), stats(during.ingest)];
    const row = (name: string, h: ReturnType<typeof stats>, i: ReturnType<typeof stats>, l: { p99: number; max: number }) =>
      `${name.padEnd(22)} /healthz p99 ${h.p99.toFixed(1).padStart(6)} ms  max ${h.max.toFixed(1).padStart(6)} ms (${h.n} polls)   ingest p99 ${i.p99.toFixed(1).padStart(6)} ms (${i.n} reports)   collector event-loop delay p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms`;
    console.log(row('without downloads', bh, bi, baselineLoop));
    console.log(row('during the downloads', dh, di, duringLoop));
    for (const d of downloads) console.log(`  ${d.path}: ${d.mb.toFixed(1)} MB in ${d.seconds.toFixed(1)} s`);
    console.log(`/healthz max during downloads: ${dh.max.toFixed(1)} ms (target < 100 ms)`);
    console.log(`ingest p99 during / without: ${(di.p99 / bi.p99).toFixed(2)} (target <= 1.5)`);
    console.log(`collector peak RSS ${rss.toFixed(0)} MB`);
  } catch (err) {
    console.error(`collector output:\n${collector?.output().split('\n').slice(-20).join('\n')}`);
    throw err;
  } finally {
    await collector?.stop();
    client.destroy();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:stall failed: ${(err as Error).message}`);
  process.exit(1);
});
