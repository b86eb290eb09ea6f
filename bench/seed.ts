/**
 * A data directory with `n` enrolled hosts that have reported, written straight to disk as the
 * file store keeps them (no HTTP), and a keep-alive HTTP client for the load: shared by
 * `bench:ingest` and `bench:stall`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { hashSecret } from '../collector/auth.js';
import type { HostRecord } from '../collector/store/types.js';
import { makeReport } from '../test/helpers/report-fixture.js';

export interface Agent {
  agentId: string;
  agentKey: string;
}

/** Writes `n` enrolled hosts with a stored report; the first `withKeys` get keys the load uses. */
export async function seedHosts(dir: string, n: number, withKeys: number): Promise<Agent[]> {
  const hosts = join(dir, 'hosts');
  await mkdir(hosts, { recursive: true });
  const agents: Agent[] = [];
  const batch: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const agentId = randomUUID();
    const secret = randomUUID();
    if (i < withKeys) agents.push({ agentId, agentKey: `${agentId}.${secret}` });
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

export function httpClient(maxSockets: number) {
  const pool = new http.Agent({ keepAlive: true, maxSockets });
  /**
   * Resolves with the status once the whole answer is read (and thrown away). `fresh`: on a
   * connection of its own (a long download). A kept-alive socket the collector closed as idle
   * just as it was reused is retried once on a new one: that race is the client's, not a
   * collector failure.
   */
  const request = async (url: URL, path: string, opts: { method?: string; body?: string; key?: string; fresh?: boolean } = {}) => {
    try {
      return await once(url, path, opts);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
      return once(url, path, { ...opts, fresh: true });
    }
  };
  const once = (url: URL, path: string, opts: { method?: string; body?: string; key?: string; fresh?: boolean }) =>
    new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}) };
      if (opts.body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) });
      const req = http.request({ host: url.hostname, port: url.port, path, method: opts.method ?? 'GET', agent: opts.fresh ? false : pool, headers }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      });
      req.on('error', reject);
      req.end(opts.body);
    });
  return { request, destroy: () => pool.destroy() };
}
