/**
 * The on-disk spool: one durable file per report, oldest first, bounded by age and size with
 * every drop counted, corrupt files set aside, nothing lost across a restart.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from '../../agent/spool/spool.js';
import { deliverSpool } from '../../agent/spool/deliver.js';
import { CollectorError } from '../../agent/client.js';
import type { HostReport, ReportAck } from '../../schema/index.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const agentId = '6f1c2a1e-8d7b-4c1a-9a52-0c8f3f7f2b10';
const now = new Date('2025-12-20T08:00:00Z');
const at = (iso: string, extra: Partial<HostReport> = {}) => makeReport(agentId, { collectedAt: iso, ...extra });

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let logs: string[];
const open = (limits = { maxAgeMs: 7 * 86_400_000, maxBytes: 50 * 1024 * 1024 }) =>
  new Spool(join(dir.path, 'spool'), limits, { log: (l) => logs.push(l), now: () => now }).open();

beforeEach(async () => {
  dir = await makeTempDir('readiness-spool-');
  logs = [];
});
afterEach(async () => dir.remove());

describe('Spool', () => {
  it('keeps one file per report, lists them oldest first, and still has them after a restart', async () => {
    const spool = await open();
    const late = at('2025-12-20T07:00:00Z');
    const early = at('2025-12-19T07:00:00Z');
    await spool.add(late);
    await spool.add(early);

    const again = await open();
    const entries = await again.entries();
    expect(entries.map((e) => e.name)).toEqual([
      `${Date.parse(early.collectedAt)}-${early.reportId}.json`,
      `${Date.parse(late.collectedAt)}-${late.reportId}.json`,
    ]);
    expect(await again.read(entries[0]!)).toEqual(early);
  });

  it('removes what a write cut short by a crash left behind, and lists only reports', async () => {
    const spool = await open();
    await spool.add(at('2025-12-20T07:00:00Z'));
    await writeFile(join(spool.dir, '.1766214000000-x.json.4242.1.tmp'), '{"half":');
    await writeFile(join(spool.dir, 'notes.txt'), 'not a report');
    await open();
    expect((await readdir(spool.dir)).sort()).toEqual([expect.stringMatching(/^\d{13}-.*\.json$/), 'notes.txt']);
    expect(await spool.entries()).toHaveLength(1);
  });

  it('sets a corrupt file aside with a warning and counts it, without stopping', async () => {
    const spool = await open();
    const good = at('2025-12-20T07:00:00Z');
    await spool.add(good);
    const badName = `${Date.parse('2025-12-19T07:00:00Z')}-00000000-0000-4000-8000-000000000000.json`;
    await writeFile(join(spool.dir, badName), '{"schemaVersion": 1, "reportId": ');

    const delivered: string[] = [];
    const result = await deliverSpool(spool, async (r) => (delivered.push(r.reportId), { reportId: r.reportId, status: 'stored' }));
    expect(delivered).toEqual([good.reportId]);
    expect(result.pending).toBe(0);
    expect(await readdir(join(spool.dir, 'corrupt'))).toEqual([badName, `${badName}.reason.txt`]);
    expect(await readFile(join(spool.dir, 'corrupt', `${badName}.reason.txt`), 'utf8')).toContain('it is not a valid report');
    expect(logs.join('\n')).toContain(`spooled report ${badName} moved to`);
    expect(await spool.dropped()).toBe(1);
  });

  it('drops the oldest reports past the size bound, keeps the newest, and counts each drop', async () => {
    const size = Buffer.byteLength(JSON.stringify(at('2025-12-20T07:00:00Z')));
    const spool = await open({ maxAgeMs: 7 * 86_400_000, maxBytes: Math.floor(size * 2.5) });
    const reports = ['01', '02', '03', '04'].map((h) => at(`2025-12-20T${h}:00:00Z`));
    for (const r of reports) await spool.add(r);
    const kept = await Promise.all((await spool.entries()).map((e) => spool.read(e)));
    expect(kept.map((r) => r!.reportId)).toEqual([reports[2]!.reportId, reports[3]!.reportId]);
    expect(await spool.dropped()).toBe(2);
    expect(logs.some((l) => l.includes('dropped 1 spooled report(s), oldest first'))).toBe(true);
  });

  it('drops reports older than the age bound, and what they carried counts too', async () => {
    const spool = await open({ maxAgeMs: 2 * 86_400_000, maxBytes: 50 * 1024 * 1024 });
    await spool.add(at('2025-12-10T08:00:00Z', { spoolDropped: 3 }));
    await spool.add(at('2025-12-17T08:00:00Z'));
    const fresh = at('2025-12-19T08:00:00Z');
    await spool.add(fresh);
    expect((await spool.entries()).map((e) => e.name)).toEqual([`${Date.parse(fresh.collectedAt)}-${fresh.reportId}.json`]);
    // Two reports dropped, one of which stood for three earlier drops.
    expect(await spool.dropped()).toBe(5);
  });

  it('takes a count off once a report carrying it is spooled, keeping drops that came after', async () => {
    const spool = await open();
    await spool.addDropped(4);
    await spool.addDropped(-3);
    expect(await spool.dropped()).toBe(1);
    await spool.addDropped(-9);
    expect(await spool.dropped()).toBe(0);
  });
});

describe('deliverSpool', () => {
  const ack = (r: HostReport): ReportAck => ({ reportId: r.reportId, status: 'stored' });

  it('sends oldest first and removes each report only once it is acknowledged', async () => {
    const spool = await open();
    const reports = ['03', '01', '02'].map((h) => at(`2025-12-20T${h}:00:00Z`));
    for (const r of reports) await spool.add(r);
    const order: string[] = [];
    const result = await deliverSpool(spool, async (r) => {
      order.push(r.collectedAt);
      expect((await spool.entries()).some((e) => e.name.endsWith(`${r.reportId}.json`))).toBe(true);
      return ack(r);
    });
    expect(order).toEqual(['2025-12-20T01:00:00Z', '2025-12-20T02:00:00Z', '2025-12-20T03:00:00Z']);
    expect(result).toMatchObject({ pending: 0, rejected: [], error: null });
    expect(result.delivered).toHaveLength(3);
  });

  it.each([
    { why: 'the collector is unreachable', error: new CollectorError('cannot reach the collector at http://127.0.0.1:9 (ECONNREFUSED)', null) },
    { why: 'the collector fails (503)', error: new CollectorError('the collector refused POST /reports: HTTP 503', 503) },
    { why: 'the collector is busy (429)', error: new CollectorError('the collector refused POST /reports: too many requests', 429) },
    { why: 'the agent key is unknown (401): every report would fail alike', error: new CollectorError('this agent key is not known', 401) },
  ])('stops and keeps the rest when $why', async ({ error }) => {
    const spool = await open();
    const reports = ['01', '02', '03'].map((h) => at(`2025-12-20T${h}:00:00Z`));
    for (const r of reports) await spool.add(r);
    let calls = 0;
    const result = await deliverSpool(spool, async (r) => {
      if (++calls === 2) throw error;
      return ack(r);
    });
    expect(result.delivered.map((a) => a.reportId)).toEqual([reports[0]!.reportId]);
    expect(result).toMatchObject({ pending: 2, rejected: [], error });
  });

  it('sets a report the collector refuses for good aside with its reason, and goes on', async () => {
    const spool = await open();
    const reports = ['01', '02', '03'].map((h) => at(`2025-12-20T${h}:00:00Z`, { spoolDropped: 0 }));
    for (const r of reports) await spool.add(r);
    const refusal = new CollectorError('the collector refused POST /reports: the report is invalid (1 problem); nothing was stored: os.hostname: too long', 400);
    const result = await deliverSpool(spool, async (r) => {
      if (r.reportId === reports[1]!.reportId) throw refusal;
      return ack(r);
    });
    expect(result.delivered.map((a) => a.reportId)).toEqual([reports[0]!.reportId, reports[2]!.reportId]);
    expect(result.rejected).toEqual([{ reportId: reports[1]!.reportId, error: refusal }]);
    expect(result.pending).toBe(0);
    const aside = await readdir(join(spool.dir, 'rejected'));
    expect(aside).toHaveLength(2);
    const reason = await readFile(join(spool.dir, 'rejected', aside.find((n) => n.endsWith('.reason.txt'))!), 'utf8');
    expect(reason).toContain('the collector refused it for good (HTTP 400)');
    expect(reason).toContain('os.hostname: too long');
    expect(await spool.dropped()).toBe(1);
  });
});
