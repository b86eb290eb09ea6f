/**
 * The collector goes away and comes back on the same data directory: reports pile up in the
 * agent's spool, and every one arrives exactly once when it is back. Real HTTP on 127.0.0.1.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../agent/build-report.js';
import { defineCollector } from '../../agent/collectors/types.js';
import type { Collector } from '../../agent/collectors/types.js';
import { enrollAgent } from '../../agent/enroll.js';
import { runLoop, runOnce } from '../../agent/run.js';
import type { RunOptions } from '../../agent/run.js';
import type { DeliveryResult } from '../../agent/spool/deliver.js';
import { Spool } from '../../agent/spool/spool.js';
import type { AgentState } from '../../agent/state.js';
import { CollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import type { RunningCollector } from '../../collector/server.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const secrets = { enrollSecret: 'outage-enroll-secret-0123456789', adminToken: 'outage-admin-token-0123456789' };
const os = makeReport('6f1c2a1e-8d7b-4c1a-9a52-0c8f3f7f2b10').os!;
const collectors = [defineCollector({ section: 'os', collect: async () => os })] as Collector[];

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let collector: RunningCollector | null;
let state: AgentState;
let spool: Spool;
let logs: string[];

const start = async (port = 0) => {
  const config = CollectorConfig.parse({ host: '127.0.0.1', port, dataDir: join(dir.path, 'data'), ...secrets });
  collector = await startCollector(config, { log: () => {} });
  return collector;
};
const stop = async () => {
  await collector?.close();
  collector = null;
};
const options = (): RunOptions => ({ state, spool, collectors, log: (l) => logs.push(l), configCachePath: join(dir.path, 'agent-config.json') });
const stored = async () => (await collector!.store.readHost(state.agentId))!;

beforeEach(async () => {
  dir = await makeTempDir('readiness-outage-');
  logs = [];
  const running = await start();
  state = await enrollAgent({ collectorUrl: running.url, secret: secrets.enrollSecret, unit: 'hp-vanphong', room: 'phong-1', statePath: join(dir.path, 'agent.json') });
  spool = await new Spool(join(dir.path, 'spool'), undefined, { log: (l) => logs.push(l) }).open();
});
afterEach(async () => {
  await stop();
  await dir.remove();
});

describe('collector down, then back', () => {
  it('spools each report while it is down and delivers all of them, once each, when it is back', async () => {
    const first = await runOnce(options());
    expect(first.ack?.status).toBe('stored');
    const { port } = collector!;
    await stop();

    const whileDown: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = await runOnce(options());
      whileDown.push(r.report.reportId);
      expect(r.ack).toBeNull();
      expect(r.deliveryError?.retryable).toBe(true);
      expect(r.deliveryError?.message).toContain('cannot reach the collector');
      expect(r.delivery?.pending).toBe(i);
    }
    expect(logs.join('\n')).toContain('no config from the collector this run');

    await start(port);
    const back = await runOnce(options());
    expect(back.ack?.status).toBe('stored');
    expect(back.delivery?.delivered.map((a) => a.reportId)).toEqual([...whileDown, back.report.reportId]);
    expect(back.delivery?.pending).toBe(0);

    const host = await stored();
    expect(host.reportCount).toBe(5);
    const ids = [first.report.reportId, ...whileDown, back.report.reportId];
    expect([...host.recentReportIds].sort()).toEqual([...ids].sort());
    expect(host.latest?.reportId).toBe(back.report.reportId);
    expect(await spool.entries()).toEqual([]);
  });

  it('bounded spool: drops the oldest while the collector is down, and the reports that arrive count every drop', async () => {
    const { port } = collector!;
    await stop();
    const one = await buildReport({ agentId: state.agentId, context: { now: new Date(), config: null, replayDir: null }, collectors });
    const small = await new Spool(join(dir.path, 'small-spool'), { maxAgeMs: 86_400_000, maxBytes: Math.floor(Buffer.byteLength(JSON.stringify(one)) * 2.5) }, { log: (l) => logs.push(l) }).open();
    for (let i = 0; i < 5; i++) await runOnce({ ...options(), spool: small });
    expect(await small.entries()).toHaveLength(2);
    expect(logs.join('\n')).toContain('dropped 1 spooled report(s), oldest first');
    const waiting = await Promise.all((await small.entries()).map((e) => small.read(e)));

    await start(port);
    const back = await runOnce({ ...options(), spool: small });
    const delivered = back.delivery!.delivered.map((a) => a.reportId);
    expect(delivered).toHaveLength(2);
    expect(delivered.at(-1)).toBe(back.report.reportId);
    expect((await stored()).reportCount).toBe(2);
    // Six reports were made; the two that arrived, plus what the agent still holds for the
    // next report, account for every one of the four lost.
    const arrived = [...waiting, back.report].filter((r) => delivered.includes(r!.reportId));
    const carried = arrived.reduce((sum, r) => sum + r!.spoolDropped, 0);
    expect(carried).toBeGreaterThan(0);
    expect(carried + (await small.dropped())).toBe(6 - 2);
  });

  it('sends the report without a copy on disk, and says so, when the spool cannot be written', async () => {
    await rm(spool.dir, { recursive: true });
    await writeFile(spool.dir, 'a file where the spool directory should be');
    const r = await runOnce(options());
    expect(r.ack?.status).toBe('stored');
    expect(r.delivery).toBeNull();
    expect(logs.join('\n')).toContain(`cannot write the report to the spool ${spool.dir}`);
  });

  it('treats a resend after a lost acknowledgement as harmless: the collector says duplicate, the spool lets go', async () => {
    const r = await runOnce(options());
    expect(r.ack?.status).toBe('stored');
    // As if the ack had been lost on the way back: the same report is still in the spool.
    await spool.add(r.report);
    const next = await runOnce(options());
    expect(next.delivery?.delivered.map((a) => a.status)).toEqual(['duplicate', 'stored']);
    expect((await stored()).reportCount).toBe(2);
    expect(await spool.entries()).toEqual([]);
  });

  it('retries with backoff between runs and empties the spool soon after the collector is back', async () => {
    const { port } = collector!;
    await stop();
    const controller = new AbortController();
    const deliveries: DeliveryResult[] = [];
    const loop = runLoop({
      ...options(),
      intervalSeconds: 3600,
      signal: controller.signal,
      backoff: { baseMs: 100, maxMs: 300 },
      onDelivery: (d) => {
        deliveries.push(d);
        if (d.pending === 0) controller.abort();
      },
    });
    await new Promise((r) => setTimeout(r, 700));
    const attemptsWhileDown = deliveries.length;
    expect(attemptsWhileDown).toBeGreaterThanOrEqual(2);
    expect(deliveries.every((d) => d.pending === 1 && d.error?.retryable)).toBe(true);
    expect(logs.join('\n')).toMatch(/next delivery attempt in 0\.\d s/);

    await start(port);
    const timeout = setTimeout(() => controller.abort(), 5000);
    await loop;
    clearTimeout(timeout);
    expect(deliveries.at(-1)).toMatchObject({ pending: 0, error: null });
    expect((await stored()).reportCount).toBe(1);
    expect(await spool.entries()).toEqual([]);
  });
});
