/**
 * The audit log: one JSON line per change of state, each carrying the SHA-256 of the line
 * before it, so a changed or removed line breaks the chain. Whoever can edit the file could
 * recompute the whole chain, so its head is also written outside it (each day's history
 * record, every printed document's footer) and `readiness audit verify` checks those anchors.
 *
 * A line is acknowledged once it is fsynced. A crash mid-append can leave a last line without
 * its newline: it was never acknowledged, and the next writer cuts it off before appending.
 * Appends happen under the access lock (lock.ts), so the collector and the command line never
 * interleave lines; the cached head is re-read whenever the file changed under us.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { AuditEntry, HistoryDay } from '../../schema/index.js';
import type { Actor } from '../../schema/index.js';
import { syncDirectory } from '../../util/durable-write.js';

/** The `prev` of the first line, and the head of an empty log. */
export const GENESIS = '0'.repeat(64);

export const lineHash = (line: string): string => createHash('sha256').update(line).digest('hex');

export interface AuditHead {
  /** Lines in the log (the seq of the last one). */
  seq: number;
  /** SHA-256 of the last line, or GENESIS. */
  hash: string;
}

export type AuditFields = { actor: Actor; address: string; action: string; target: string | null; details?: Record<string, unknown> };

/** Reads the last complete line of a file and whether a torn fragment follows it. */
async function readTail(file: string, size: number): Promise<{ last: string | null; completeBytes: number }> {
  const handle = await open(file, 'r');
  try {
    let end = size;
    let carry = Buffer.alloc(0);
    // Back from the end in 64 KiB steps until a full line (or the start) is found.
    for (let pos = size; pos > 0; ) {
      const from = Math.max(0, pos - 65536);
      const chunk = Buffer.alloc(pos - from);
      await handle.read(chunk, 0, chunk.length, from);
      carry = Buffer.concat([chunk, carry]);
      pos = from;
      const text = carry;
      const lastNl = text.lastIndexOf(0x0a);
      if (lastNl < 0) continue;
      // Bytes after the last newline are a torn write.
      end = from + lastNl + 1;
      const prevNl = text.lastIndexOf(0x0a, lastNl - 1);
      if (prevNl >= 0 || from === 0) return { last: text.subarray(prevNl + 1, lastNl).toString('utf8'), completeBytes: end };
    }
    return { last: null, completeBytes: 0 };
  } finally {
    await handle.close();
  }
}

export interface AuditLog {
  /** Appends one line; the caller holds the access lock. Resolves once it is on disk. */
  appendLocked(fields: AuditFields, at: Date): Promise<AuditEntry>;
  /** The head as of now (re-read if another process appended). */
  head(): Promise<AuditHead>;
  /** Lines after `afterSeq` (at most `limit`), or the last `limit` lines when `afterSeq` is null. */
  read(opts: { afterSeq: number | null; limit: number }): Promise<AuditEntry[]>;
}

const entryOf = (fields: AuditFields, at: Date, head: AuditHead): AuditEntry => ({
  seq: head.seq + 1,
  at: at.toISOString(),
  actor: fields.actor,
  address: fields.address,
  action: fields.action,
  target: fields.target,
  details: fields.details ?? {},
  prev: head.hash,
});

/** Keeps lines in memory: tests and the storage-off benchmark baseline. */
export function memoryAuditLog(): AuditLog {
  const lines: string[] = [];
  let head: AuditHead = { seq: 0, hash: GENESIS };
  return {
    async appendLocked(fields, at) {
      const entry = entryOf(fields, at, head);
      const line = JSON.stringify(entry);
      lines.push(line);
      head = { seq: entry.seq, hash: lineHash(line) };
      return entry;
    },
    head: async () => head,
    async read({ afterSeq, limit }) {
      const picked = afterSeq === null ? lines.slice(-limit) : lines.slice(afterSeq, afterSeq + limit);
      return picked.map((l) => AuditEntry.parse(JSON.parse(l)));
    },
  };
}

export function fileAuditLog(file: string, log: (line: string) => void): AuditLog {
  // What we last saw of the file: another process may append, and we notice by its size or inode.
  let seen: { ino: number; size: number; head: AuditHead } | null = null;

  const current = async (repair: boolean): Promise<{ ino: number; size: number; head: AuditHead }> => {
    const st = await stat(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (!st) return (seen = { ino: 0, size: 0, head: { seq: 0, hash: GENESIS } });
    if (seen && seen.ino === st.ino && seen.size === st.size) return seen;
    const { last, completeBytes } = await readTail(file, st.size);
    let size = st.size;
    if (completeBytes < st.size && repair) {
      log(`audit: cutting off an incomplete last line of ${file} (${st.size - completeBytes} bytes, a write cut short by a crash; it was never acknowledged)`);
      const handle = await open(file, 'r+');
      try {
        await handle.truncate(completeBytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      size = completeBytes;
    }
    let head: AuditHead = { seq: 0, hash: GENESIS };
    if (last !== null) {
      let seq: number | null = null;
      try {
        const parsed = AuditEntry.safeParse(JSON.parse(last));
        if (parsed.success) seq = parsed.data.seq;
      } catch {
        // handled below
      }
      if (seq === null) {
        // Someone changed the last line. Go on chaining after it (refusing would stop every
        // sign-in); `audit verify` names the line, and the next line records its hash.
        log(`audit: warning: the last line of ${file} is not an audit entry; run \`readiness audit verify\``);
        const bytes = (await readFile(file)).subarray(0, size);
        seq = 0;
        for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) seq++;
      }
      head = { seq, hash: lineHash(last) };
    }
    return (seen = { ino: st.ino, size, head });
  };

  return {
    async appendLocked(fields, at) {
      const before = await current(true);
      const entry = entryOf(fields, at, before.head);
      const line = JSON.stringify(entry);
      const handle = await open(file, 'a', 0o600);
      try {
        await handle.write(line + '\n');
        await handle.datasync();
      } finally {
        await handle.close();
      }
      // A new file's name is durable only once its directory is.
      if (before.size === 0) await syncDirectory(dirname(file));
      const st = await stat(file);
      seen = { ino: st.ino, size: st.size, head: { seq: entry.seq, hash: lineHash(line) } };
      return entry;
    },
    head: async () => (await current(false)).head,
    async read({ afterSeq, limit }) {
      const out: AuditEntry[] = [];
      const st = await stat(file).catch(() => null);
      if (!st) return out;
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line) continue;
        // A damaged line is for `audit verify` to name; reading shows the lines that are whole.
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          continue;
        }
        const parsed = AuditEntry.safeParse(json);
        if (!parsed.success) continue;
        if (afterSeq !== null) {
          if (parsed.data.seq <= afterSeq) continue;
          out.push(parsed.data);
          if (out.length >= limit) break;
        } else {
          out.push(parsed.data);
          if (out.length > limit) out.shift();
        }
      }
      lines.close();
      return out;
    },
  };
}

/** A head recorded outside the log: in a day's history record, or read off a printed document. */
export interface AuditAnchor {
  /** Where it was found, for the sentence (e.g. "history of 2025-12-10"). */
  where: string;
  hash: string;
  /** The line it names, when the anchor recorded it. */
  seq?: number;
}

export interface VerifyResult {
  lines: number;
  head: AuditHead;
  /** Breaks of the chain or of an anchor, each naming the line or the anchor: exit 1. */
  problems: string[];
  /** Not tampering (a torn last line a crash left, never acknowledged). */
  warnings: string[];
}

/**
 * Checks a log line by line, streaming (a log of years need not fit in memory), and the
 * anchors against it. Pure: feed it lines, then ask for the result.
 */
export class ChainVerifier {
  private n = 0;
  private prevHash = GENESIS;
  private readonly problems: string[] = [];
  private readonly warnings: string[] = [];
  private readonly bySeq = new Map<number, AuditAnchor[]>();
  private readonly byHash = new Map<string, AuditAnchor[]>();
  private readonly matched = new Set<AuditAnchor>();

  constructor(anchors: readonly AuditAnchor[]) {
    for (const a of anchors) {
      if (a.hash === GENESIS) {
        this.matched.add(a);
        continue;
      }
      if (a.seq !== undefined) this.bySeq.set(a.seq, [...(this.bySeq.get(a.seq) ?? []), a]);
      else this.byHash.set(a.hash, [...(this.byHash.get(a.hash) ?? []), a]);
    }
  }

  /** One line without its newline; `complete` false for a last fragment with no newline. */
  push(line: string, complete = true): void {
    if (!complete) {
      this.warnings.push(`line ${this.n + 1} is incomplete (a write cut short by a crash, never acknowledged); the next write cuts it off`);
      return;
    }
    this.n++;
    const at = `line ${this.n}`;
    let entry: AuditEntry | null = null;
    try {
      const parsed = AuditEntry.safeParse(JSON.parse(line));
      if (parsed.success) entry = parsed.data;
      else this.problems.push(`${at} is not an audit entry (${parsed.error.issues[0]?.path.join('.') || 'shape'}): it was changed`);
    } catch {
      this.problems.push(`${at} is not valid JSON: it was changed`);
    }
    const hash = lineHash(line);
    if (entry) {
      if (entry.seq !== this.n) {
        this.problems.push(
          entry.seq > this.n
            ? `${at} is numbered ${entry.seq}: ${entry.seq - this.n === 1 ? `line ${this.n} was removed` : `lines ${this.n} to ${entry.seq - 1} were removed`}`
            : `${at} is numbered ${entry.seq}: lines were added or reordered`,
        );
        // Count on from the line's own number, so one removal is named once.
        this.n = entry.seq;
      } else if (entry.prev !== this.prevHash) {
        this.problems.push(`line ${this.n - 1} was changed: line ${this.n} records a different SHA-256 of it`);
      }
    }
    for (const a of this.bySeq.get(this.n) ?? []) {
      this.matched.add(a);
      if (a.hash !== hash) this.problems.push(`the anchor in ${a.where} does not match line ${this.n}: the log was rewritten at or before line ${this.n}`);
    }
    for (const a of this.byHash.get(hash) ?? []) this.matched.add(a);
    this.prevHash = hash;
  }

  result(): VerifyResult {
    const problems = [...this.problems];
    for (const list of [...this.bySeq.values(), ...this.byHash.values()]) {
      for (const a of list) {
        if (this.matched.has(a)) continue;
        problems.push(
          a.seq !== undefined
            ? `the anchor in ${a.where} names line ${a.seq}, but the log ends at line ${this.n}: lines after ${this.n} were removed`
            : `the anchor in ${a.where} (${a.hash.slice(0, 16)}…) matches no line: the log was rewritten or cut after it was printed`,
        );
      }
    }
    return { lines: this.n, head: { seq: this.n, hash: this.n ? this.prevHash : GENESIS }, problems, warnings: [...this.warnings] };
  }
}

/** Verifies a log file (missing: an empty log) against anchors. */
export async function verifyAuditFile(file: string, anchors: readonly AuditAnchor[]): Promise<VerifyResult> {
  const verifier = new ChainVerifier(anchors);
  const st = await stat(file).catch(() => null);
  if (st) {
    const handle = await open(file, 'r');
    try {
      let rest = '';
      for await (const chunk of handle.createReadStream({ encoding: 'utf8', highWaterMark: 1 << 16 })) {
        const text = rest + (chunk as string);
        const lines = text.split('\n');
        rest = lines.pop()!;
        for (const line of lines) verifier.push(line);
      }
      if (rest) verifier.push(rest, false);
    } finally {
      await handle.close();
    }
  }
  const result = verifier.result();
  if (!st && anchors.some((a) => a.hash !== GENESIS)) result.problems.unshift(`${file} is missing, but anchors name its lines: the log was deleted`);
  return result;
}

/** The anchors of a data directory: every day's history record names the chain's head when it was written. */
export async function historyAnchors(dataDir: string): Promise<AuditAnchor[]> {
  const dir = join(dataDir, 'history');
  const names = await readdir(dir).catch(() => [] as string[]);
  const anchors: AuditAnchor[] = [];
  for (const name of names.filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n)).sort()) {
    const day = HistoryDay.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
    if (day.success && day.data.audit) anchors.push({ where: `the history of ${day.data.day}`, hash: day.data.audit.head, seq: day.data.audit.seq });
  }
  return anchors;
}
