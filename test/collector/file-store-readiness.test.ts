/**
 * What the rule engine needs from the file store: the probe-rule trail written with the report
 * in the same write, host moves that survive a reload, and a read-only load for readers beside
 * a running collector.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../collector/store/file-store.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import type { NewAgent, Store } from '../../collector/store/types.js';
import type { RuleTrail } from '../../schema/index.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const A = '11111111-1111-4111-8111-111111111111';
const agent: NewAgent = { agentId: A, keyHash: 'a'.repeat(64), unit: 'hp', room: 'phong-1', hostname: 'P1-PC01', deviceKind: 'workstation', enrolledAt: '2025-12-01T00:00:00.000Z' };
const trail = (reportId: string, recent: string): RuleTrail => ({ reportId, rules: { 'lan-gateway': { stable: 'pass', recent } } });

let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(() => dir.remove());

describe.each<[string, () => Store, boolean]>([
  ['FileStore', () => new FileStore(dir.path), true],
  ['MemoryStore', () => new MemoryStore(), false],
])('%s', (_name, open, durable) => {
  it('keeps the trail the report derived, and passes the previous one in', async () => {
    const store = open();
    await store.load();
    await store.createAgent(agent);
    const first = makeReport(A, { collectedAt: '2025-12-02T10:00:00.000Z' });
    const second = makeReport(A, { collectedAt: '2025-12-02T11:00:00.000Z' });
    const seen: Array<RuleTrail | undefined> = [];
    await store.addReport(first, new Date('2025-12-02T10:00:00Z'), { nextTrail: (host) => (seen.push(host.ruleTrail), trail(first.reportId, 'p')) });
    await store.addReport(second, new Date('2025-12-02T11:00:00Z'), { nextTrail: (host) => (seen.push(host.ruleTrail), trail(second.reportId, 'pf')) });
    expect(seen).toEqual([undefined, trail(first.reportId, 'p')]);
    expect(store.getHost(A)!.ruleTrail).toEqual(trail(second.reportId, 'pf'));
    if (durable) {
      const reopened = new FileStore(dir.path);
      await reopened.load();
      expect(reopened.getHost(A)!.ruleTrail).toEqual(trail(second.reportId, 'pf'));
    }
  });

  it('does not advance the trail for a resent older report or a duplicate', async () => {
    const store = open();
    await store.load();
    await store.createAgent(agent);
    const newer = makeReport(A, { collectedAt: '2025-12-02T11:00:00.000Z' });
    const older = makeReport(A, { collectedAt: '2025-12-02T09:00:00.000Z' });
    let calls = 0;
    const nextTrail = () => (calls++, trail(newer.reportId, 'p'));
    await store.addReport(newer, new Date(), { nextTrail });
    expect(await store.addReport(older, new Date(), { nextTrail })).toBe('stored');
    expect(await store.addReport(newer, new Date(), { nextTrail })).toBe('duplicate');
    expect(calls).toBe(1);
  });

  it('moves a host and keeps the move', async () => {
    const store = open();
    await store.load();
    await store.createAgent(agent);
    await store.addReport(makeReport(A), new Date());
    const moved = await store.moveHost(A, { unit: 'hp-kv1', room: null });
    expect([moved?.unit, moved?.room, moved?.reportCount]).toEqual(['hp-kv1', null, 1]);
    expect(await store.moveHost('00000000-0000-4000-8000-000000000000', { unit: 'hp', room: null })).toBeUndefined();
    if (durable) {
      const reopened = new FileStore(dir.path);
      await reopened.load();
      expect([reopened.getHost(A)!.unit, reopened.getHost(A)!.room]).toEqual(['hp-kv1', null]);
    }
  });
});

describe('FileStore read-only', () => {
  it('loads beside a running collector without touching its files', async () => {
    const store = new FileStore(dir.path);
    await store.load();
    await store.createAgent(agent);
    const hosts = join(dir.path, 'hosts');
    // A write in progress and a damaged file: the collector's business, not a reader's.
    await writeFile(join(hosts, `.${A}.json.999.1.tmp`), '{"half');
    await writeFile(join(hosts, '22222222-2222-4222-8222-222222222222.json'), '{"damaged":');
    const reader = new FileStore(dir.path, { readOnly: true });
    await reader.load();
    expect(reader.size).toBe(1);
    expect(reader.warnings).toEqual([expect.stringContaining('skipped 22222222-2222-4222-8222-222222222222.json')]);
    expect((await readdir(hosts)).sort()).toEqual([`.${A}.json.999.1.tmp`, '22222222-2222-4222-8222-222222222222.json', `${A}.json`].sort());
  });
});
