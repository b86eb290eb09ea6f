/**
 * JSON written in chunks (util/json-chunks.ts) is byte for byte `JSON.stringify`'s: on a real
 * whole-fleet evaluation (Vietnamese names, evidence nested in results, roll-ups), compact and
 * indented, with chunk bounds small enough that every host and field boundary splits a chunk;
 * and on the odd values JSON.stringify treats specially.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticHosts, syntheticOrg } from '../../bench/synthetic-fleet.js';
import { HistoryStore } from '../../collector/history-store.js';
import { Readiness } from '../../collector/readiness.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import type { Evaluation } from '../../schema/index.js';
import { buildDocument, renderDocument } from '../../reports/index.js';
import { chunksStream, joinChunks, jsonChunks } from '../../util/json-chunks.js';

const utf8 = (chunks: Uint8Array[]) => Buffer.from(joinChunks(chunks));
const expected = (v: unknown, indent?: number) => Buffer.from(JSON.stringify(v, null, indent), 'utf8');

let dir: string;
let readiness: Readiness;
let evaluation: Evaluation;

beforeAll(async () => {
  const now = new Date('2025-12-09T03:00:00Z');
  const org = syntheticOrg(300);
  const store = new MemoryStore();
  dir = await mkdtemp(join(tmpdir(), 'readiness-json-chunks-'));
  readiness = new Readiness({ store, org, rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: new HistoryStore(dir), now: () => now });
  for (const h of syntheticHosts(org, 300, now)) {
    await store.createAgent({ agentId: h.agentId, keyHash: 'a'.repeat(64), unit: h.unit, room: h.room, hostname: `máy-${h.hostname}-Phòng Kế toán`, deviceKind: h.deviceKind, enrolledAt: now.toISOString() });
    if (h.report) await store.addReport(h.report, new Date(now.getTime() - h.ageHours * 3_600_000));
  }
  evaluation = await readiness.evaluate({});
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('jsonChunks', () => {
  it('writes a whole-fleet evaluation exactly as JSON.stringify does, in chunks of the bound', () => {
    expect(evaluation.hosts.length).toBe(300);
    expect(evaluation.hosts.some((h) => h.results.some((r) => r.evidence.length > 0))).toBe(true);
    const whole = expected(evaluation);
    expect(whole.toString('utf8')).toMatch(/Phòng Kế toán/);
    // The default bound (1 MiB) and ones that split the document at nearly every piece.
    for (const chunkChars of [undefined, 4096, 64, 1]) {
      const chunks = jsonChunks(evaluation, chunkChars === undefined ? {} : { chunkChars });
      expect(utf8(chunks).equals(whole)).toBe(true);
      if (chunkChars !== undefined) {
        // A chunk is under two bounds of characters (three bytes each at most), or one value of its own (a host, a unit...;
        // with a bound of 1, each key is one too).
        const values = new Set(Object.values(evaluation).flatMap((v) => (v !== null && typeof v === 'object' ? Object.values(v as object) : [])).map((v) => JSON.stringify(v)));
        if (chunkChars >= 64) for (const c of chunks) expect(c.byteLength < 6 * chunkChars || values.has(Buffer.from(c).toString('utf8'))).toBe(true);
        if (chunkChars <= 64) expect(chunks.length).toBeGreaterThan(evaluation.hosts.length);
      }
      // Each chunk owns its buffer, so the worker can transfer them all.
      expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
      for (const c of chunks) expect(c.byteLength).toBe(c.buffer.byteLength);
    }
  });

  it('writes the indented form of the CLI exactly, at every depth', () => {
    for (const depth of [0, 1, 2, 3, 5]) {
      expect(utf8(jsonChunks(evaluation, { indent: 2, depth, chunkChars: 512 })).equals(expected(evaluation, 2))).toBe(true);
      expect(utf8(jsonChunks(evaluation, { depth, chunkChars: 512 })).equals(expected(evaluation))).toBe(true);
    }
  });

  it('treats the values JSON.stringify treats specially the same way', () => {
    const odd = {
      skipped: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Symbol('s'), NaN, -0, Infinity, null, 'tiếng Việt \u2028 \u0000 "q" \\', [], {}, [[]], { a: undefined }],
      when: new Date('2025-12-09T03:00:00Z'),
      own: { toJSON: () => ({ replaced: true }) },
      gone: { toJSON: () => undefined },
      boxed: [new String('s'), new Number(1), new Boolean(false)],
      nullProto: Object.assign(Object.create(null) as object, { x: 1 }),
      emptyAfterSkips: { a: undefined, b: () => 2 },
      '\u00e9 "key"': 1,
      nested: { deep: { deeper: { deepest: [1, { z: [2] }] } } },
    };
    for (const indent of [undefined, 2, 4]) {
      for (const depth of [0, 1, 2, 4, 10]) {
        for (const chunkChars of [1, 7, 1 << 20]) expect(utf8(jsonChunks(odd, { indent, depth, chunkChars })).toString('utf8')).toBe(JSON.stringify(odd, null, indent));
      }
    }
    for (const v of [1, 'ă', null, [], {}, [1, [2]]]) expect(utf8(jsonChunks(v, { chunkChars: 1 })).toString('utf8')).toBe(JSON.stringify(v));
    expect(jsonChunks(undefined)).toEqual([]);
  });

  it('streams the chunks in order, one per read', async () => {
    const chunks = jsonChunks(evaluation, { chunkChars: 2048 });
    const count = chunks.length;
    const read: Uint8Array[] = [];
    for await (const c of chunksStream(chunks) as unknown as AsyncIterable<Uint8Array>) read.push(c);
    expect(read.length).toBe(count);
    expect(utf8(read).equals(expected(evaluation))).toBe(true);
  });

  it('writes the JSON document format row by row, as JSON.stringify and a newline', async () => {
    const doc = buildDocument('hosts', { evaluation }, { lang: 'vi', printedAt: '2025-12-09T03:00:00.000Z' });
    expect(doc.parts.reduce((n, p) => n + p.rows.length, 0)).toBeGreaterThan(300);
    expect(Buffer.from(await renderDocument(doc, 'json')).equals(Buffer.from(`${JSON.stringify(doc)}\n`, 'utf8'))).toBe(true);
    expect(utf8(jsonChunks(doc, { depth: 4, chunkChars: 256 })).equals(expected(doc))).toBe(true);
  });

  it('is what the in-process evaluation job answers', async () => {
    const chunks = await inProcessJobs(readiness).evaluationJson({ unitId: null, recursive: true });
    const again = await readiness.evaluate({});
    expect(utf8(chunks).equals(expected(again))).toBe(true);
  });
});
