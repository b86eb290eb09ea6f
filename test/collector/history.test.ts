/**
 * The daily history, as a contract run against both places it is kept (the files beside the
 * file store, the PostgreSQL store's table on a throwaway server: skipped with a message when
 * PostgreSQL is not installed, unless CI=true): a fleet changes over four days, the service
 * records each day, and `asOf` for each past day replays exactly what the live evaluation said
 * that day; a day reads back as written; retention; a damaged day passed over. What only
 * PostgreSQL has (several collectors writing one history) is tested at the end.
 */
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { DailyHistory } from '../../collector/history-store.js';
import { HistoryStore } from '../../collector/history-store.js';
import { parseOrgFile } from '../../collector/org-file.js';
import { Readiness } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { Evaluation } from '../../schema/index.js';
import type { HistoryDay, HistoryHosts, HostReport } from '../../schema/index.js';
import { fileHistory, postgresHistory } from '../helpers/history-kinds.js';
import type { HistoryBacking, HistoryKind } from '../helpers/history-kinds.js';
import { probe, readyReport } from '../helpers/ready-report.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

const ORG = parseOrgFile(
  stringify({
    name: 'test',
    units: [
      {
        id: 'hp',
        name: 'VKSND thành phố Hải Phòng',
        level: 'city',
        targets: [{ kind: 'icmp', scope: 'lan', role: 'gateway', target: '192.0.2.1' }],
        rooms: [{ id: 'phong-1', name: 'Phòng 1', expectedWorkstations: 2, needs: ['signing_token'] }],
      },
      { id: 'hp-kv1', name: 'VKSND khu vực 1', level: 'regional', parent: 'hp', expectedWorkstations: 1 },
    ],
  }),
  'org.yaml',
);

/** 10:00 in Hải Phòng on `day`. */
const at = (day: string) => new Date(`${day}T03:00:00Z`);
const lossy = (collectedAt: string) =>
  readyReport(B, collectedAt, { probes: { results: [probe('gateway', 'lan', { lossPct: 30, received: 7 }), probe('lan_server', 'lan'), probe('wan_endpoint', 'wan'), probe('wan_dns', 'wan')] } });

/** Past days carry statuses, not evidence: compare without it. */
/** What the history keeps: no evidence, and no identity (IP, MAC, serial) of the machines. */
const withoutEvidence = (e: Evaluation) => ({
  ...e,
  generatedAt: '-',
  hosts: e.hosts.map((h) => ({ ...h, identity: null, results: h.results.map((r) => ({ ...r, evidence: [] })) })),
});

function historyContract(kind: HistoryKind) {
  let started: Awaited<ReturnType<HistoryKind['start']>>;
  let backing: HistoryBacking;
  let history: DailyHistory;
  let now = at('2025-12-08');
  let store: MemoryStore;
  let readiness: Readiness;
  const live = new Map<string, Evaluation>();

  async function send(report: HostReport, minutesLater = 0) {
    const received = new Date(now.getTime() + minutesLater * 60_000);
    await store.addReport(report, received, { nextTrail: (host) => readiness.nextTrail(host, report) });
  }

  /** Evaluates today, records it, and keeps what the live evaluation said. */
  async function endOfDay(day: string) {
    live.set(day, await readiness.evaluate({}));
    await readiness.snapshot();
  }

  beforeAll(async () => {
    started = await kind.start();
    backing = await started.backing();
    history = await backing.open();
    store = new MemoryStore();
    readiness = new Readiness({ store, org: ORG, rules: await loadRuleSet([DEFAULT_PACK_FILE]), history, now: () => now, retainDays: 32 });
    for (const [agentId, unit, room] of [[A, 'hp', 'phong-1'], [B, 'hp', 'phong-1'], [C, 'hp-kv1', null]] as const) {
      await store.createAgent({ agentId, keyHash: 'a'.repeat(64), unit, room, hostname: `PC-${agentId[0]}`, deviceKind: 'workstation', enrolledAt: now.toISOString() });
    }

    // Day 1: A is ready; B loses packets to the gateway.
    await send(readyReport(A, now.toISOString()));
    await send(lossy(now.toISOString()));
    await endOfDay('2025-12-08');
    // Day 2: B's LAN is fixed; two good reports in a row flip it (hysteresis).
    now = at('2025-12-09');
    await send(readyReport(B, now.toISOString()));
    await send(readyReport(B, new Date(now.getTime() + 3_600_000).toISOString()), 60);
    await endOfDay('2025-12-09');
    // Day 3: C in khu vực 1 reports for the first time.
    now = at('2025-12-10');
    await send(readyReport(C, now.toISOString()));
    await endOfDay('2025-12-10');
    now = at('2025-12-11');
  }, 120_000);
  afterAll(async () => {
    await backing?.remove();
    await started?.stop();
  });

  describe('asOf replay', () => {
    it.each(['2025-12-08', '2025-12-09', '2025-12-10'])('answers %s with what the live evaluation said that day', async (day) => {
      const past = Evaluation.parse(await readiness.evaluate({ asOf: day }));
      expect(withoutEvidence(past)).toEqual(withoutEvidence(live.get(day)!));
    });

    it('tells the story of the LAN rule in Phòng 1 day by day', async () => {
      const lan = async (day: string) => {
        const e = await readiness.evaluate({ asOf: day });
        return e.units.find((u) => u.unitId === 'hp')!.rooms[0]!.rules.find((r) => r.ruleId === 'lan-gateway')!;
      };
      expect(await lan('2025-12-08')).toMatchObject({ passing: 1, failing: 1, status: 'at_risk', completedOn: null, daysLeft: 2 });
      expect(await lan('2025-12-09')).toMatchObject({ passing: 2, failing: 0, status: 'done', completedOn: '2025-12-09' });
      expect(await lan('2025-12-10')).toMatchObject({ passing: 2, status: 'done', completedOn: '2025-12-09' });
      // Today, live: still complete since the 9th.
      expect((await readiness.evaluate({})).units[0]!.rooms[0]!.rules[0]).toMatchObject({ status: 'done', completedOn: '2025-12-09' });
    });

    it('keeps per-host statuses for past days, so two days can be compared host by host', async () => {
      const status = async (day: string) => (await readiness.evaluate({ asOf: day })).hosts.find((h) => h.agentId === B)!.results[0]!.status;
      expect([await status('2025-12-08'), await status('2025-12-09')]).toEqual(['fail', 'pass']);
      const hostsOn = async (day: string) => (await readiness.evaluate({ asOf: day, unitId: 'hp-kv1' })).hosts.map((h) => [h.agentId, h.stale]);
      expect(await hostsOn('2025-12-09')).toEqual([[C, true]]);
      expect(await hostsOn('2025-12-10')).toEqual([[C, false]]);
    });

    it('answers a day with no record from the latest day before it, judged at that day', async () => {
      now = at('2025-12-14');
      const e = await readiness.evaluate({ asOf: '2025-12-12' });
      expect(e.asOf).toBe('2025-12-12');
      expect(e.units[0]!.rules.find((r) => r.ruleId === 'lan-gateway')!.daysLeft).toBe(-2);
      now = at('2025-12-11');
    });

    it.each([
      ['a day before the history starts', { asOf: '2025-12-01' }, 404, 'no history on or before 2025-12-01: the history starts on 2025-12-08'],
      ['a day in the future', { asOf: '2025-12-12' }, 400, 'asOf 2025-12-12 is in the future (today is 2025-12-11 in Asia/Ho_Chi_Minh)'],
      ['a malformed day', { asOf: '11/12/2025' }, 400, 'asOf must be a day written YYYY-MM-DD'],
      ['a unit that did not exist that day', { asOf: '2025-12-08', unitId: 'hp-kv9' }, 404, 'unit "hp-kv9" did not exist on 2025-12-08'],
      ['a unit that does not exist today', { unitId: 'hp-kv9' }, 404, 'no unit "hp-kv9"'],
    ])('refuses %s', async (_name, opts, status, message) => {
      await expect(readiness.evaluate(opts)).rejects.toMatchObject({ status, message: expect.stringContaining(message) });
    });
  });

  describe('completion over time', () => {
    it('gives one point per recorded day and today, per unit and rule', async () => {
      const points = await readiness.completionSeries({ unitId: 'hp', from: '2025-12-01', to: '2025-12-11' });
      const lan = points.filter((p) => p.unitId === 'hp' && p.ruleId === 'lan-gateway').map((p) => [p.day, p.completionPct]);
      expect(lan).toEqual([
        ['2025-12-08', 33.3],
        ['2025-12-09', 66.7],
        ['2025-12-10', 100],
        ['2025-12-11', 100],
      ]);
      expect(new Set(points.map((p) => p.unitId))).toEqual(new Set(['hp', 'hp-kv1']));
    });

    it('can be asked for one regional unit over past days only', async () => {
      const points = await readiness.completionSeries({ unitId: 'hp-kv1', from: '2025-12-09', to: '2025-12-10' });
      expect(points.filter((p) => p.ruleId === 'firewall-on').map((p) => [p.day, p.unitId, p.completionPct])).toEqual([
        ['2025-12-09', 'hp-kv1', 0],
        ['2025-12-10', 'hp-kv1', 100],
      ]);
    });
  });

  describe('the stored days', () => {
    it('reads every day back as it was written, from a second instance on the same backing', async () => {
      const again = await backing.open();
      expect(await again.days()).toEqual(['2025-12-08', '2025-12-09', '2025-12-10']);
      for (const day of await again.days()) {
        const record = (await again.readDay(day))!;
        const hosts = (await again.readHosts(day))!;
        expect(record).toEqual(await history.readDay(day));
        expect(hosts).toEqual(await history.readHosts(day));
        expect([record.day, hosts.day]).toEqual([day, day]);
        // The host rows are kept as the gzipped JSON the file store writes, in either place.
        expect(JSON.parse((await gunzipAsync((await backing.hostBytes(day))!)).toString('utf8'))).toEqual(hosts);
      }
      expect((await again.readHosts('2025-12-09'))!.hosts.map((h) => h[0]).sort()).toEqual([A, B, C]);
    });

    if (kind === fileHistory) {
      it('holds two small files per day', async () => {
        expect((await readdir((history as HistoryStore).dir)).sort()).toEqual([
          '2025-12-08.hosts.json.gz',
          '2025-12-08.json',
          '2025-12-09.hosts.json.gz',
          '2025-12-09.json',
          '2025-12-10.hosts.json.gz',
          '2025-12-10.json',
        ]);
      });
    }

    it('keeps only the retained days', async () => {
      now = at('2026-01-10');
      await readiness.snapshot();
      // 32 days kept: 2025-12-10 is the 32nd day before 2026-01-10 and stays; older days go.
      expect(await (await backing.open()).days()).toEqual(['2025-12-10', '2026-01-10']);
      now = at('2025-12-11');
    });

    it('passes over a day whose host rows are damaged: an earlier day answers, or none', async () => {
      await backing.damageHosts('2025-12-10');
      now = at('2026-01-10');
      await expect(readiness.evaluate({ asOf: '2025-12-10' })).rejects.toThrow('no history on or before 2025-12-10');
      now = at('2025-12-11');
    });
  });

  if (kind === postgresHistory) {
    describe('several collectors writing one history', () => {
      const snapshotAt = async (writtenAt: string, hostCount: number): Promise<[HistoryDay, HistoryHosts]> => {
        const record = { ...(await history.readDay('2026-01-10'))!, day: '2026-01-11', writtenAt };
        const hosts = { ...(await history.readHosts('2026-01-10'))!, day: '2026-01-11' };
        return [record, { ...hosts, hosts: hosts.hosts.slice(0, hostCount) }];
      };

      it('keeps one row per day: the snapshot taken last stands whole, whichever write lands last', async () => {
        const [first, second] = [await backing.open(), await backing.open()];
        const [early, earlyHosts] = await snapshotAt('2026-01-11T01:00:00.000Z', 1);
        const [late, lateHosts] = await snapshotAt('2026-01-11T01:05:00.000Z', 3);
        // Both at once, then the older one again after the newer: the newer stays.
        const written = await Promise.all([first.write(early, earlyHosts), second.write(late, lateHosts)]);
        expect(written.map((w) => w.day)).toEqual(['2026-01-11', '2026-01-11']);
        const resent = await first.write(early, earlyHosts);
        expect(resent.superseded).toBe(true);
        const reader = await backing.open();
        expect((await reader.days()).filter((d) => d === '2026-01-11')).toHaveLength(1);
        expect((await reader.readDay('2026-01-11'))!.writtenAt).toBe('2026-01-11T01:05:00.000Z');
        // The record and the host rows of one snapshot, never one of each.
        expect((await reader.readHosts('2026-01-11'))!.hosts).toHaveLength(3);
        // The same snapshot written again (a retried job) changes nothing and is not refused.
        expect((await second.write(late, lateHosts)).superseded).toBeUndefined();
        expect((await reader.readHosts('2026-01-11'))!.hosts).toHaveLength(3);
      });
    });
  }
}

const gunzipAsync = promisify(gunzip);

for (const kind of [fileHistory, postgresHistory]) {
  const req = kind.requirement();
  describe.skipIf(!req.ok)(`history contract: ${kind.name}`, () => historyContract(kind));
}
