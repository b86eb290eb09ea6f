/**
 * The `Store` contract, run against every store: the file store always, the PostgreSQL store
 * on a throwaway server (skipped with a message when PostgreSQL is not installed, unless
 * CI=true). What only one store has (file names, program files, rows) is tested beside it:
 * test/collector/file-store.test.ts and test/collector/postgres-store.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostSummary, Store } from '../../collector/store/types.js';
import { makeReport } from '../helpers/report-fixture.js';
import { fileKind, HOST_A, HOST_B, postgresKind, testAgent } from '../helpers/store-kinds.js';
import type { StoreBacking } from '../helpers/store-kinds.js';

const agent = testAgent;
const [A, B] = [HOST_A, HOST_B];
const by = { at: '2025-12-06T00:00:00.000Z', by: 'admin', role: 'admin' as const };

for (const kind of [fileKind, postgresKind]) {
  const req = kind.requirement();
  describe.skipIf(!req.ok)(`Store contract: ${kind.name}`, () => {
    let started: Awaited<ReturnType<typeof kind.start>>;
    let backing: StoreBacking;
    let store: Store;
    beforeAll(async () => {
      started = await kind.start();
    }, 120_000);
    afterAll(() => started?.stop());
    beforeEach(async () => {
      backing = await started.backing();
      store = await backing.open();
    });
    afterEach(() => backing.remove());

    it('keeps enrolled agents and their latest report across a reload', async () => {
      await store.createAgent(agent(A));
      const report = makeReport(A);
      expect(await store.addReport(report, new Date('2025-12-02T10:00:00Z'))).toBe('stored');

      const reopened = await backing.open();
      const host = reopened.getHost(A)!;
      expect(reopened.size).toBe(1);
      expect(host.lastSeen).toBe('2025-12-02T10:00:00.000Z');
      expect(host.firstSeen).toBe('2025-12-02T10:00:00.000Z');
      expect(host.reportCount).toBe(1);
      expect(host.latest?.reportId).toBe(report.reportId);
      expect(host.events?.map((e) => e.kind)).toEqual(['enrolled']);
    });

    it('stores a reportId once and answers the second time as a duplicate, also after a reload', async () => {
      await store.createAgent(agent(A));
      const report = makeReport(A);
      const [first, second] = await Promise.all([store.addReport(report, new Date()), store.addReport(report, new Date())]);
      expect([first, second].sort()).toEqual(['duplicate', 'stored']);
      const reopened = await backing.open();
      expect(await reopened.addReport(report, new Date())).toBe('duplicate');
      expect(reopened.getHost(A)!.reportCount).toBe(1);
      expect((await reopened.readHost(A))!.recentReportIds).toEqual([report.reportId]);
    });

    it('does not let an older report from a spool replace a newer latest, and counts it', async () => {
      await store.createAgent(agent(A));
      const newer = makeReport(A, { collectedAt: '2025-12-05T00:00:00.000Z' });
      const older = makeReport(A, { collectedAt: '2025-12-01T00:00:00.000Z' });
      await store.addReport(newer, new Date('2025-12-05T00:00:01Z'));
      await store.addReport(older, new Date('2025-12-05T00:00:02Z'));
      expect(store.getHost(A)!.latest?.reportId).toBe(newer.reportId);
      expect(store.getHost(A)!.reportCount).toBe(2);
      expect(store.getHost(A)!.lastSeen).toBe('2025-12-05T00:00:02.000Z');
    });

    it('orders reports by the instant corrected for clock skew, and keeps the clock reading', async () => {
      await store.createAgent(agent(A));
      const honest = makeReport(A, { collectedAt: '2025-12-05T10:00:00.000Z' });
      // A machine an hour ahead says 10:30, which was 09:30 on the collector's clock.
      const ahead = makeReport(A, { collectedAt: '2025-12-05T10:30:00.000Z' });
      await store.addReport(honest, new Date('2025-12-05T10:00:01Z'), { clockSkewSeconds: 0 });
      await store.addReport(ahead, new Date('2025-12-05T10:00:02Z'), { clockSkewSeconds: 3600 });
      const host = (await backing.open()).getHost(A)!;
      expect(host.latest?.reportId).toBe(honest.reportId);
      expect(host.clock).toEqual({ skewSeconds: 3600, measuredAt: '2025-12-05T10:00:02.000Z' });
    });

    it('keeps the program list out of the in-memory view and gives it back whole from readHost', async () => {
      await store.createAgent(agent(A));
      const programs = [{ name: 'UltraViewer', version: '6.6', publisher: 'DucFabulous' }];
      const report = makeReport(A, { software: { source: 'registry', programs } });
      await store.addReport(report, new Date());
      expect(store.getHost(A)!.latest?.software?.programs).toEqual([]);
      const full = await (await backing.open()).readHost(A);
      expect(full?.latest?.software?.programs).toEqual([expect.objectContaining(programs[0])]);
      // A later report without a software section leaves no stale list behind.
      await store.addReport(makeReport(A, { collectedAt: new Date(Date.now() + 1000).toISOString() }), new Date(Date.now() + 2000));
      expect((await store.readHost(A))?.latest?.software).toBeUndefined();
      expect(await store.readHost(B)).toBeUndefined();
    });

    it('keeps strings exactly as reported, NUL and Vietnamese included', async () => {
      await store.createAgent({ ...agent(A), hostname: 'MÁY-KẾ-TOÁN' });
      const report = makeReport(A, { software: { source: 'registry', programs: [{ name: 'odd\u0000name', publisher: 'Công ty Bkav' }] } });
      expect(await store.addReport(report, new Date())).toBe('stored');
      const full = await (await backing.open()).readHost(A);
      expect(full?.hostname).toBe('MÁY-KẾ-TOÁN');
      expect(full?.latest?.software?.programs[0]).toMatchObject({ name: 'odd\u0000name', publisher: 'Công ty Bkav' });
    });

    it('refuses a report from an agent that is not enrolled, or retired', async () => {
      await expect(store.addReport(makeReport(A), new Date())).rejects.toThrow(/not enrolled/);
      await store.createAgent(agent(A));
      await store.retireHost(A, { ...by, reason: 'máy hỏng', mergedInto: null });
      await expect(store.addReport(makeReport(A), new Date())).rejects.toThrow(/retired/);
      expect(store.getHost(A)!.reportCount).toBe(0);
    });

    it('moves, re-keys and retires a host, each kept across a reload with its event', async () => {
      await store.createAgent(agent(A));
      expect((await store.moveHost(A, { unit: 'hp-kv1', room: null }))?.unit).toBe('hp-kv1');
      const rekeyed = await store.rekeyHost(A, { keyHash: 'b'.repeat(64), unit: 'hp-kv2', room: 'p2', hostname: 'KV2-PC01', deviceKind: 'laptop', at: '2025-12-03T00:00:00.000Z' });
      expect(rekeyed).toMatchObject({ keyHash: 'b'.repeat(64), unit: 'hp-kv2', room: 'p2', hostname: 'KV2-PC01', deviceKind: 'laptop' });
      const retired = await store.retireHost(A, { ...by, reason: 'thanh lý', mergedInto: null, selfCertified: true });
      expect(retired?.retired).toMatchObject({ reason: 'thanh lý', by: 'admin', selfCertified: true, mergedInto: null });
      expect(retired?.keyHash).not.toBe('b'.repeat(64));
      const host = (await backing.open()).getHost(A)!;
      expect(host.events?.map((e) => e.kind)).toEqual(['enrolled', 'moved', 're-enrolled', 'retired']);
      expect(host.retired?.reason).toBe('thanh lý');
      expect(await store.moveHost(B, { unit: 'x', room: null })).toBeUndefined();
      expect(await store.rekeyHost(B, { keyHash: 'c'.repeat(64), unit: 'x', room: null, hostname: 'h', deviceKind: 'server', at: by.at })).toBeUndefined();
      expect(await store.retireHost(B, { ...by, reason: 'x', mergedInto: null })).toBeUndefined();
    });

    it('merges: into keeps its report and trail, gains history and report ids; from is retired as merged', async () => {
      await store.createAgent({ ...agent(A), enrolledAt: '2025-11-01T00:00:00.000Z' });
      await store.createAgent(agent(B));
      const fromReport = makeReport(A, { collectedAt: '2025-12-02T00:00:00.000Z' });
      const intoReport = makeReport(B, { collectedAt: '2025-12-04T00:00:00.000Z' });
      await store.addReport(fromReport, new Date('2025-12-02T00:00:01Z'));
      await store.addReport(intoReport, new Date('2025-12-04T00:00:01Z'), { nextTrail: (_h, r) => ({ reportId: r.reportId, rules: {} }) });
      const merged = await store.mergeHosts(A, B, by);
      expect(merged).toMatchObject({ agentId: B, enrolledAt: '2025-11-01T00:00:00.000Z', firstSeen: '2025-12-02T00:00:01.000Z', reportCount: 2 });
      expect(merged?.latest?.reportId).toBe(intoReport.reportId);
      expect(merged?.ruleTrail?.reportId).toBe(intoReport.reportId);
      const reopened = await backing.open();
      expect(reopened.getHost(A)!.retired).toMatchObject({ mergedInto: B, reason: `merged into ${B}` });
      expect((await reopened.readHost(B))!.recentReportIds.sort()).toEqual([fromReport.reportId, intoReport.reportId].sort());
      expect(await store.mergeHosts(A, '33333333-3333-4333-8333-333333333333', by)).toBeUndefined();
    });

    it('runs derived values inside the write and tells change listeners after each commit', async () => {
      const seen: HostSummary[] = [];
      store.onHostChange((h) => seen.push(h));
      await store.createAgent(agent(A));
      const report = makeReport(A, { software: { source: 'registry', programs: [{ name: 'Bkav Pro' }] } });
      await store.addReport(report, new Date(), {
        nextTrail: (_h, r) => ({ reportId: r.reportId, rules: { 'lan-reach': { stable: 'pass', recent: 'pp' } } }),
        softwareMatches: (_h, r) => ({ reportId: r.reportId, policy: 'p1', programsKnown: true, found: [{ id: 'bkav', program: 'Bkav Pro' }], antivirus: [] }),
      });
      expect(seen.map((h) => [h.agentId, h.reportCount])).toEqual([
        [A, 0],
        [A, 1],
      ]);
      const host = (await backing.open()).getHost(A)!;
      expect(host.ruleTrail).toEqual({ reportId: report.reportId, rules: { 'lan-reach': { stable: 'pass', recent: 'pp' } } });
      expect(host.softwareMatches).toMatchObject({ reportId: report.reportId, found: [{ id: 'bkav', program: 'Bkav Pro' }] });
    });

    it('stores each of many concurrent reports of many hosts exactly once', async () => {
      const ids = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
      for (const id of ids) await store.createAgent(agent(id));
      const reports = ids.flatMap((id) => Array.from({ length: 5 }, () => makeReport(id)));
      const outcomes = await Promise.all([...reports, ...reports].map((r) => store.addReport(r, new Date())));
      expect(outcomes.filter((o) => o === 'stored')).toHaveLength(reports.length);
      const reopened = await backing.open();
      for (const id of ids) expect(reopened.getHost(id)!.reportCount).toBe(5);
    });
  });
}
