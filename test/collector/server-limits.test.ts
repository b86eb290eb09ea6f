/**
 * The HTTP server and the worker thread under a real socket: slow clients are cut off at the
 * header timeout, connections beyond the cap are refused, documents and evaluations come from
 * the worker (which sees each stored report) and too many at once get 503 with Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { join } from 'node:path';
import { CollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import type { RunningCollector } from '../../collector/server.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { Evaluation } from '../../schema/index.js';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let running: RunningCollector;
const logs: string[] = [];

beforeAll(async () => {
  dir = await makeTempDir('readiness-server-');
  const config = CollectorConfig.parse({
    port: 0,
    dataDir: join(dir.path, 'data'),
    enrollSecret: 'server-enroll-secret-0123456789',
    adminToken: 'server-admin-token-0123456789',
    server: { headersTimeoutMs: 1000, maxConnections: 16 },
    documents: { maxJobs: 1 },
  });
  running = await startCollector(config, { log: (l) => logs.push(l) });
});
afterAll(async () => {
  await running?.close();
  await dir?.remove();
});

/** Opens a socket, sends `partial` and resolves with how long the server kept it open. */
const heldFor = (partial: string, limitMs: number) =>
  new Promise<number>((resolve) => {
    const started = Date.now();
    const socket = connect(running.port, '127.0.0.1', () => socket.write(partial));
    socket.on('error', () => {});
    // Read whatever the server says (a 408), so the end of the stream is seen.
    socket.resume();
    socket.on('close', () => resolve(Date.now() - started));
    setTimeout(() => (socket.destroy(), resolve(Infinity)), limitMs);
  });

describe('the collector server', () => {
  it('closes a connection that trickles its headers once the header timeout passes', async () => {
    const held = await heldFor('POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nX-Slow: ', 6000);
    expect(held).toBeGreaterThanOrEqual(900);
    expect(held).toBeLessThan(4000);
  });

  it('refuses connections beyond the cap and serves again once they close', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 16 }, () => new Promise<ReturnType<typeof connect>>((ok) => { const s = connect(running.port, '127.0.0.1', () => ok(s)); s.on('error', () => {}); })),
    );
    await new Promise((r) => setTimeout(r, 100));
    const extra = await heldFor('GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n', 3000);
    expect(extra).toBeLessThan(1000);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${running.url}/api/v1/healthz`)).status).toBe(200);
  });

  it('answers evaluations from the worker, which sees every stored report', async () => {
    const enrolled = await fetch(`${running.url}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: 'server-enroll-secret-0123456789', unit: 'hp-vanphong', hostname: 'VP-PC01' }),
    });
    const { agentId, agentKey } = (await enrolled.json()) as { agentId: string; agentKey: string };
    const sent = await fetch(`${running.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentKey}` },
      body: JSON.stringify(makeReport(agentId)),
    });
    expect(sent.status).toBe(201);
    const res = await fetch(`${running.url}/api/v1/readiness`, { headers: { authorization: 'Bearer server-admin-token-0123456789' } });
    expect(res.headers.get('content-type')).toContain('application/json');
    // Streamed from the worker's chunks: whole, its length announced, and exactly JSON.stringify's text.
    const body = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.byteLength);
    const evaluation = JSON.parse(body.toString('utf8')) as Evaluation;
    expect(JSON.stringify(evaluation)).toBe(body.toString('utf8'));
    expect(evaluation.hosts.map((h) => [h.agentId, h.lastSeen !== null])).toEqual([[agentId, true]]);
    const xlsx = await fetch(`${running.url}/api/v1/readiness/hosts.xlsx`, { headers: { authorization: 'Bearer server-admin-token-0123456789' } });
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('bounds the jobs running or waiting: beyond it 503 with Retry-After', async () => {
    const first = running.jobs.document({ kind: 'summary', format: 'xlsx', lang: 'vi', period: 'day' }, new Date());
    const second = running.jobs.document({ kind: 'summary', format: 'html', lang: 'vi', period: 'day' }, new Date());
    await expect(second).rejects.toMatchObject({ status: 503, headers: { 'retry-after': '10' } });
    expect((await first).body.byteLength).toBeGreaterThan(1000);
  });
});
