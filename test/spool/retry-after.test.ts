/**
 * The agent against a collector that says "not now": a 429 with `Retry-After` keeps the report
 * in the spool and no attempt comes before the time it names; every send states the agent's
 * clock; re-enrolling presents the key the agent holds. A stand-in collector on 127.0.0.1
 * records what the agent sends.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineCollector } from '../../agent/collectors/types.js';
import type { Collector } from '../../agent/collectors/types.js';
import { enrollAgent } from '../../agent/enroll.js';
import { runLoop, runOnce } from '../../agent/run.js';
import { Spool } from '../../agent/spool/spool.js';
import { saveAgentState } from '../../agent/state.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const AGENT = '6f1c2a1e-8d7b-4c1a-9a52-0c8f3f7f2b10';
const KEY = `${AGENT}.held-secret-0123456789abcdefghijklmnop`;
const os = makeReport(AGENT).os!;
const collectors = [defineCollector({ section: 'os', collect: async () => os })] as Collector[];

interface Seen {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
}

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let server: Server;
let url: string;
let seen: Seen[];
/** How the stand-in answers `/reports`: 429 with Retry-After while `refuse` > 0. */
let refuse: number;

beforeEach(async () => {
  dir = await makeTempDir('readiness-retry-after-');
  seen = [];
  refuse = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ at: Date.now(), path: req.url!, headers: req.headers });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/v1/enroll') return res.end(JSON.stringify({ agentId: AGENT, agentKey: `${AGENT}.new-secret-0123456789abcdefghijklmnop`, status: 're-enrolled' }));
      if (req.url === '/api/v1/agent/config') return res.end(JSON.stringify({ intervalSeconds: 3600, probeCount: 1, targets: [], kmsAllowList: [] }));
      if (refuse > 0) {
        refuse--;
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
        return res.end(JSON.stringify({ error: { code: 'too_many_requests', message: 'agent sends reports too fast; try again in 1 s' } }));
      }
      res.statusCode = 201;
      res.end(JSON.stringify({ reportId: (JSON.parse(body) as { reportId: string }).reportId, status: 'stored' }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((ok) => server.close(ok));
  await dir.remove();
});

const state = () => ({ agentId: AGENT, agentKey: KEY, collectorUrl: url });

describe('the agent and Retry-After', () => {
  it('keeps the report in its spool on a 429 and says when it may try again', async () => {
    refuse = 1;
    const spool = await new Spool(join(dir.path, 'spool'), undefined, { log: () => {} }).open();
    const result = await runOnce({ state: state(), spool, collectors, log: () => {} });
    expect(result.deliveryError?.status).toBe(429);
    expect(result.deliveryError?.retryAfterSeconds).toBe(1);
    expect((await spool.entries()).map((e) => e.name)).toEqual([expect.stringContaining(result.report.reportId)]);
  });

  it('makes no attempt before Retry-After, however short its own backoff', async () => {
    refuse = 1;
    const spool = await new Spool(join(dir.path, 'spool'), undefined, { log: () => {} }).open();
    const controller = new AbortController();
    await runLoop({
      state: state(),
      spool,
      collectors,
      log: () => {},
      intervalSeconds: 3600,
      signal: controller.signal,
      backoff: { baseMs: 10, maxMs: 10 },
      onDelivery: (d) => d.pending === 0 && controller.abort(),
    });
    const reports = seen.filter((s) => s.path === '/api/v1/reports');
    expect(reports).toHaveLength(2);
    expect(reports[1]!.at - reports[0]!.at).toBeGreaterThanOrEqual(950);
    expect(await spool.entries()).toEqual([]);
  });

  it('states its clock on every send', async () => {
    const before = Date.now();
    await runOnce({ state: state(), collectors, log: () => {} });
    const sentAt = seen.find((s) => s.path === '/api/v1/reports')!.headers['x-readiness-sent-at'] as string;
    expect(Date.parse(sentAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(sentAt)).toBeLessThanOrEqual(Date.now());
  });

  it('presents the key it holds when it enrolls again with the same collector', async () => {
    const statePath = join(dir.path, 'agent.json');
    await saveAgentState(statePath, { ...state(), unit: 'hp-vanphong', room: null, enrolledAt: '2025-12-01T00:00:00.000Z' });
    const again = await enrollAgent({ collectorUrl: url, secret: 'enroll-secret-0123456789', unit: 'hp-vanphong', room: null, statePath });
    expect(seen.find((s) => s.path === '/api/v1/enroll')!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(again.status).toBe('re-enrolled');
    expect(again.agentKey).toContain('new-secret');
  });
});
