/**
 * `kill -9` the collector in the middle of ingest, restart it on the same data directory, and
 * check that every report it had acknowledged is still there (a resend is a duplicate) and
 * that the store loads.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startCollectorProcess } from '../helpers/cli.js';
import type { CollectorProcess } from '../helpers/cli.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { HostReport } from '../../schema/index.js';

const env = {
  READINESS_ENROLL_SECRET: 'crash-enroll-secret-0123456789',
  READINESS_ADMIN_TOKEN: 'crash-admin-token-0123456789ab',
};
const AGENTS = 20;
const WORKERS = 40;

const post = (url: string, path: string, body: unknown, key?: string) =>
  fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });

let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
let collector: CollectorProcess | undefined;
afterAll(async () => {
  await collector?.stop('SIGKILL');
  await dir?.remove();
});

describe('crash during ingest', () => {
  it('loses no acknowledged report when killed with SIGKILL', async () => {
    dir = await makeTempDir('readiness-crash-');
    const data = join(dir.path, 'data');
    collector = await startCollectorProcess(['--data', data], env);
    const url = collector.url;

    const agents: { agentId: string; agentKey: string }[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const res = await post(url, '/enroll', { secret: env.READINESS_ENROLL_SECRET, unit: 'hp-vanphong', room: 'phong-1', hostname: `PC-${i}` });
      agents.push((await res.json()) as { agentId: string; agentKey: string });
    }

    const acked: { report: HostReport; key: string }[] = [];
    let failures = 0;
    let stop = false;
    const worker = async (w: number) => {
      for (let n = 0; !stop && n < 10_000; n++) {
        const agent = agents[(w + n) % AGENTS]!;
        const report = makeReport(agent.agentId);
        try {
          const res = await post(url, '/reports', report, agent.agentKey);
          if (res.status === 201) acked.push({ report, key: agent.agentKey });
        } catch {
          failures++;
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    // Let ingest run, then kill without warning while requests are in flight.
    await new Promise((r) => setTimeout(r, 1500));
    await collector.stop('SIGKILL');
    stop = true;
    await load;
    console.log(`crash test: ${acked.length} reports acknowledged before SIGKILL, ${failures} workers cut off`);
    expect(acked.length).toBeGreaterThan(20);
    expect(failures).toBeGreaterThan(0);

    collector = await startCollectorProcess(['--data', data], env);
    expect(collector.output()).toContain(`with ${AGENTS} hosts`);
    for (const { report, key } of acked) {
      const res = await post(collector.url, '/reports', report, key);
      expect({ reportId: report.reportId, status: res.status }).toEqual({ reportId: report.reportId, status: 200 });
    }
  }, 90_000);
});
