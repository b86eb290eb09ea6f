/**
 * Faults the collector meets in the field: a full disk (a small tmpfs this test mounts), a data
 * directory that turned read-only, and each kind of damaged file. Each gets a clear answer,
 * nothing is acknowledged that is not on disk, and the collector recovers once the fault is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import type { RunningCollector } from '../../collector/server.js';
import { makeReport } from '../helpers/report-fixture.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { addDays } from '../../rules/deadline.js';

const SECRET = 'fault-enroll-secret-0123456789';
const TOKEN = 'fault-admin-token-0123456789ab';

const start = (dataDir: string, logs: string[] = []) =>
  startCollector(CollectorConfig.parse({ port: 0, dataDir, enrollSecret: SECRET, adminToken: TOKEN }), { log: (l) => logs.push(l) });

const call = (c: RunningCollector, path: string, body?: unknown, key = TOKEN) =>
  fetch(`${c.url}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const enroll = async (c: RunningCollector) => (await (await call(c, '/enroll', { secret: SECRET, unit: 'hp-vanphong', hostname: 'VP-PC01' })).json()) as { agentId: string; agentKey: string };

const req = systemRequirement({ root: true, commands: ['mount', 'umount'], install: 'run the tests as root (util-linux mount)' });

describe.skipIf(!req.ok)('a full disk and a read-only data directory (tmpfs)', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let mnt: string;
  beforeAll(async () => {
    dir = await makeTempDir('readiness-fault-');
    mnt = join(dir.path, 'mnt');
    await mkdir(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]);
  });
  afterAll(async () => {
    if (mnt) execFileSync('umount', ['-l', mnt]);
    await dir?.remove();
  });

  it('refuses reports and enrollments with 507 while the disk is full, stores nothing, and takes them once space is back', async () => {
    const data = join(mnt, 'full');
    let c = await start(data);
    const agent = await enroll(c);
    // Fill what is left of the 4 MiB.
    const filler = join(mnt, 'filler');
    const chunk = Buffer.alloc(64 * 1024, 1);
    let written = 0;
    try {
      for (;;) {
        await writeFile(filler, chunk, { flag: 'a' });
        written += chunk.length;
      }
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    expect(written).toBeGreaterThan(0);
    const report = makeReport(agent.agentId, { software: { source: 'registry', programs: Array.from({ length: 2000 }, (_, i) => ({ name: `program ${i}`, version: '1.0.0', publisher: 'Example' })) } });
    const refused = await call(c, '/reports', report, agent.agentKey);
    expect(refused.status).toBe(507);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('disk is full');
    expect(c.store.getHost(agent.agentId)!.reportCount).toBe(0);
    expect((await call(c, '/enroll', { secret: SECRET, unit: 'hp-vanphong', hostname: 'VP-PC02' })).status).toBe(507);
    expect(c.store.size).toBe(1);
    expect((await call(c, '/healthz')).status).toBe(200);

    await rm(filler);
    expect((await call(c, '/reports', report, agent.agentKey)).status).toBe(201);
    await c.close();
    // What was acknowledged is on disk: a restart has it, programs included, and nothing half-written.
    c = await start(data);
    const host = (await (await call(c, `/hosts/${agent.agentId}`)).json()) as { host: { reportCount: number; latest: { software: { programs: unknown[] } } } };
    expect(host.host.reportCount).toBe(1);
    expect(host.host.latest.software.programs).toHaveLength(2000);
    expect((await readdir(join(data, 'software'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await c.close();
  });

  it('answers 503 while the data directory is read-only and recovers when it is writable again', async () => {
    const data = join(mnt, 'ro');
    const c = await start(data);
    const agent = await enroll(c);
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    try {
      const res = await call(c, '/reports', makeReport(agent.agentId), agent.agentKey);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'storage_unavailable' });
      expect(c.store.getHost(agent.agentId)!.reportCount).toBe(0);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mnt]);
    }
    expect((await call(c, '/reports', makeReport(agent.agentId), agent.agentKey)).status).toBe(201);
    await c.close();
  });
});

describe('damaged files', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    dir = await makeTempDir('readiness-damaged-');
  });
  afterAll(() => dir?.remove());

  it('sets aside a damaged history day and secrets file, starts, answers every document and records today', async () => {
    const data = join(dir.path, 'data');
    let c = await start(data);
    const agent = await enroll(c);
    expect((await call(c, '/reports', makeReport(agent.agentId), agent.agentKey)).status).toBe(201);
    await c.close();
    const today = (await readdir(join(data, 'history'))).find((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n))!.slice(0, 10);
    const yesterday = addDays(today, -1);
    await writeFile(join(data, 'history', `${yesterday}.json`), '{"format": 1, "day": "trunc');
    await writeFile(join(data, 'history', `${yesterday}.hosts.json.gz`), 'not gzip');
    await writeFile(join(data, 'secrets.json'), '{"enrollSecret": ');

    const logs: string[] = [];
    c = await start(data, logs);
    // Today's evaluation reads yesterday for completedOn: the damaged day is set aside on the way.
    expect((await call(c, '/readiness')).status).toBe(200);
    for (const doc of ['summary.html', 'tracker.xlsx', 'hosts.csv', 'security.json']) expect((await call(c, `/readiness/${doc}`)).status).toBe(200);
    expect((await call(c, `/readiness?asOf=${yesterday}`)).status).toBe(404);
    await c.close();
    expect(logs.join('\n')).toMatch(/secrets\.json is damaged .* set aside/);
    expect(logs.join('\n')).toContain(`set aside the damaged history of ${yesterday}`);
    expect((await readdir(join(data, 'corrupt', 'history'))).sort()).toEqual([`${yesterday}.hosts.json.gz`, `${yesterday}.json`]);
    expect((await readdir(join(data, 'corrupt'))).some((n) => n.startsWith('secrets.json.'))).toBe(true);
    // Today's record was written again at close.
    expect(JSON.parse(await readFile(join(data, 'history', `${today}.json`), 'utf8')).day).toBe(today);
    // The agent's key still works: it never depended on the secrets file.
    c = await start(data);
    expect((await call(c, '/reports', makeReport(agent.agentId), agent.agentKey)).status).toBe(201);
    await c.close();
  });
});
