/**
 * The audit chain on disk and `readiness audit verify`: an intact log verifies; a changed
 * line, a removed line, a tail rewritten with a recomputed chain (caught by the anchor in a
 * day's history record, and by a head printed on a document) each exit 1 naming the line or
 * the anchor. A torn last line left by a crash is cut off by the next writer. Two writers on
 * one data directory (the collector and the command line) never fork the chain.
 */
import { readFile, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessStore } from '../../collector/access/access-store.js';
import { historyAnchors, lineHash, verifyAuditFile } from '../../collector/access/audit-log.js';
import { HistoryStore } from '../../collector/history-store.js';
import { Readiness } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { EMPTY_RULE_SET } from '../../rules/compile.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { TEST_ACTOR } from '../helpers/access-fixture.js';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
afterEach(async () => dir?.remove());

/** Six audit lines, with the head after the fourth anchored in the history of 2025-12-04. */
async function logWithAnchor() {
  dir = await makeTempDir('readiness-audit-');
  const data = dir.path;
  const store = await new AccessStore({ dataDir: data }).load();
  const record = (i: number) => store.record({ ...TEST_ACTOR, action: 'host.move', target: `host-${i}`, details: { to: { unit: 'hp' } } });
  for (let i = 1; i <= 4; i++) await record(i);
  const readiness = new Readiness({ store: new MemoryStore(), org: null, rules: EMPTY_RULE_SET, history: new HistoryStore(join(data, 'history')), now: () => new Date('2025-12-04T03:00:00Z'), auditHead: () => store.audit.head() });
  await readiness.snapshot();
  for (let i = 5; i <= 6; i++) await record(i);
  const file = join(data, 'audit.log');
  const lines = () => readFile(file, 'utf8').then((t) => t.trimEnd().split('\n'));
  return { data, file, store, lines };
}

const verify = (data: string, ...anchors: string[]) => runCli(['audit', 'verify', '--data', data, ...anchors.flatMap((a) => ['--anchor', a])]);
/** The same check in-process, with the data directory's history anchors. */
const problems = async (data: string) => (await verifyAuditFile(join(data, 'audit.log'), await historyAnchors(data))).problems;

/** Rewrites lines from index `from` on, recomputing every `prev`, as someone covering tracks would. */
function rechain(lines: string[], from: number, change: (entry: Record<string, unknown>) => void): string[] {
  const out = [...lines];
  for (let i = from; i < out.length; i++) {
    const entry = JSON.parse(out[i]!) as Record<string, unknown>;
    if (i === from) change(entry);
    entry.prev = lineHash(out[i - 1]!);
    out[i] = JSON.stringify(entry);
  }
  return out;
}

describe('readiness audit verify', () => {
  it('passes an intact log and its history anchor', async () => {
    const { data, store } = await logWithAnchor();
    const res = await verify(data, (await store.audit.head()).hash);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('the audit log verifies: 6 lines');
    expect(res.stdout).toContain('2 anchors checked');
    expect(res.code).toBe(0);
  });

  it('names a changed line', async () => {
    const { data, file, lines } = await logWithAnchor();
    const l = await lines();
    l[1] = l[1]!.replace('host-2', 'host-X');
    await writeFile(file, l.join('\n') + '\n');
    expect(await problems(data)).toEqual(['line 2 was changed: line 3 records a different SHA-256 of it']);
  });

  it('names a removed line', async () => {
    const { data, file, lines } = await logWithAnchor();
    const l = await lines();
    l.splice(2, 1);
    await writeFile(file, l.join('\n') + '\n');
    expect(await problems(data)).toEqual(['line 3 is numbered 4: line 3 was removed']);
  });

  it('catches a tail rewritten with a recomputed chain by the history anchor and by a printed head', async () => {
    const { data, file, lines, store } = await logWithAnchor();
    const printed = (await store.audit.head()).hash;
    // Line 3 rewritten, every later line re-chained: the chain itself is consistent again.
    await writeFile(file, rechain(await lines(), 2, (e) => (e.target = 'host-forged')).join('\n') + '\n');
    expect((await verifyAuditFile(file, [])).problems).toEqual([]);
    const res = await verify(data, printed);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('broken: the anchor in the history of 2025-12-04 does not match line 4: the log was rewritten at or before line 4');
    expect(res.stdout).toContain('broken: the anchor in printed anchor 1');
  });

  it('catches lines cut off the end by the anchor', async () => {
    const { data, file, lines } = await logWithAnchor();
    await writeFile(file, (await lines()).slice(0, 3).join('\n') + '\n');
    expect(await problems(data)).toEqual(['the anchor in the history of 2025-12-04 names line 4, but the log ends at line 3: lines after 3 were removed']);
  });

  it('warns of a torn last line without failing, and the next write cuts it off', async () => {
    const { data, file } = await logWithAnchor();
    await appendFile(file, '{"seq":7,"at":"2025-');
    const torn = await verifyAuditFile(file, await historyAnchors(data));
    expect([torn.problems, torn.warnings]).toEqual([[], ['line 7 is incomplete (a write cut short by a crash, never acknowledged); the next write cuts it off']]);
    const fresh = await new AccessStore({ dataDir: data, log: () => {} }).load();
    await fresh.record({ ...TEST_ACTOR, action: 'session.login', target: 'root', details: {} });
    const after = await verifyAuditFile(file, await historyAnchors(data));
    expect([after.lines, after.problems, after.warnings]).toEqual([7, [], []]);
  });

  it('keeps one chain when two processes\' stores write at once', async () => {
    dir = await makeTempDir('readiness-audit-');
    const a = await new AccessStore({ dataDir: dir.path }).load();
    const b = await new AccessStore({ dataDir: dir.path }).load();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).record({ ...TEST_ACTOR, action: 'host.move', target: `h${i}`, details: {} })),
    );
    const result = await verifyAuditFile(join(dir.path, 'audit.log'), []);
    expect(result.problems).toEqual([]);
    expect(result.lines).toBe(20);
  });
});

describe('a log whose last line was changed', () => {
  it('goes on chaining after it, and verify names the line', async () => {
    const { data, file, lines } = await logWithAnchor();
    const l = await lines();
    l[5] = '{"forged": "Nguyễn"}';
    await writeFile(file, l.join('\n') + '\n');
    const store = await new AccessStore({ dataDir: data, log: () => {} }).load();
    const entry = await store.record({ ...TEST_ACTOR, action: 'session.login', target: 'root', details: {} });
    expect(entry.seq).toBe(7);
    expect(await problems(data)).toEqual(['line 6 is not an audit entry (seq): it was changed']);
  });
});
