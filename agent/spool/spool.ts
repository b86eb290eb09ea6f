/**
 * The offline spool: one file per report in a directory beside the agent state, written
 * durably (temp file, fsync, rename) before any attempt to send it, and removed only once the
 * collector acknowledged it. Bounded by age and total size: when over a bound the oldest
 * reports are dropped, and the drop is counted into the next report's `spoolDropped`.
 *
 * A dropped report carries its own `spoolDropped` into the counter too, so no drop is ever
 * forgotten: the sum of `spoolDropped` over the reports that arrive is the number lost.
 */
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { HostReport, describeIssues } from '../../schema/index.js';
import { isTempFile, writeFileDurably } from '../../util/durable-write.js';

export const DEFAULT_SPOOL_MAX_AGE_DAYS = 7;
export const DEFAULT_SPOOL_MAX_BYTES = 50 * 1024 * 1024;

export interface SpoolLimits {
  maxAgeMs: number;
  maxBytes: number;
}

export const DEFAULT_SPOOL_LIMITS: SpoolLimits = {
  maxAgeMs: DEFAULT_SPOOL_MAX_AGE_DAYS * 24 * 3600 * 1000,
  maxBytes: DEFAULT_SPOOL_MAX_BYTES,
};

/** `<collectedAt ms, 13 digits>-<reportId>.json`: names sort oldest first. */
const ENTRY = /^(\d{13})-([0-9a-f-]{36})\.json$/;
const COUNTER = 'dropped.json';
const Counter = z.object({ dropped: z.number().int().nonnegative() });

export interface SpoolEntry {
  name: string;
  path: string;
  /** When the report was collected, from its name. */
  collectedAtMs: number;
  bytes: number;
}

/** Where a file set aside goes, and why it is set aside. */
export type AsideKind = 'corrupt' | 'rejected';

export class Spool {
  /** Warnings (files set aside, reports dropped) go here; the agent logs them. */
  private readonly log: (line: string) => void;
  private readonly now: () => Date;

  constructor(
    readonly dir: string,
    readonly limits: SpoolLimits = DEFAULT_SPOOL_LIMITS,
    opts: { log?: (line: string) => void; now?: () => Date } = {},
  ) {
    this.log = opts.log ?? ((l) => console.error(l));
    this.now = opts.now ?? (() => new Date());
  }

  /** Creates the directory and removes what a write cut short by a crash left behind. */
  async open(): Promise<this> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.dir)) {
      if (isTempFile(name)) await unlink(join(this.dir, name)).catch(() => {});
    }
    return this;
  }

  /** Spooled reports, oldest first. */
  async entries(): Promise<SpoolEntry[]> {
    const names = (await readdir(this.dir)).filter((n) => ENTRY.test(n)).sort();
    const found = await Promise.all(
      names.map(async (name) => {
        const path = join(this.dir, name);
        const info = await stat(path).catch(() => null);
        return info?.isFile() ? { name, path, collectedAtMs: Number(ENTRY.exec(name)![1]), bytes: info.size } : null;
      }),
    );
    return found.filter((e): e is SpoolEntry => e !== null);
  }

  /** Writes the report durably, then enforces the bounds (never dropping the report just added). */
  async add(report: HostReport): Promise<SpoolEntry> {
    const ms = Date.parse(report.collectedAt);
    const name = `${String(ms).padStart(13, '0')}-${report.reportId}.json`;
    const path = join(this.dir, name);
    await writeFileDurably(path, JSON.stringify(report));
    await this.enforceLimits(name);
    const info = await stat(path);
    return { name, path, collectedAtMs: ms, bytes: info.size };
  }

  /**
   * Reads one spooled report. A file that does not parse as a report is moved to `corrupt/`
   * with a warning and `null` comes back: one bad file never stops the rest.
   */
  async read(entry: SpoolEntry): Promise<HostReport | null> {
    let problem: string;
    try {
      const parsed = HostReport.safeParse(JSON.parse(await readFile(entry.path, 'utf8')));
      if (parsed.success) return parsed.data;
      problem = describeIssues(parsed.error);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      problem = (err as Error).message;
    }
    await this.setAside(entry, 'corrupt', `it is not a valid report (${problem})`);
    await this.addDropped(1);
    return null;
  }

  /** Removes a report the collector acknowledged. */
  async remove(entry: SpoolEntry): Promise<void> {
    await unlink(entry.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /** Moves a file to `<spool>/<kind>/` with a `.reason.txt` beside it, and says so. */
  async setAside(entry: SpoolEntry, kind: AsideKind, why: string): Promise<string> {
    const dir = join(this.dir, kind);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const target = join(dir, entry.name);
    await rename(entry.path, target);
    await writeFile(`${target}.reason.txt`, `${this.now().toISOString()} ${why}\n`, { mode: 0o600 });
    this.log(`agent: warning: spooled report ${entry.name} moved to ${target}: ${why}`);
    return target;
  }

  /** Reports dropped since the last report was built, including what dropped reports carried. */
  async dropped(): Promise<number> {
    try {
      const parsed = Counter.safeParse(JSON.parse(await readFile(join(this.dir, COUNTER), 'utf8')));
      return parsed.success ? parsed.data.dropped : 0;
    } catch {
      return 0;
    }
  }

  /** `n` may be negative: once a report carrying the count is spooled, the count is taken off. */
  async addDropped(n: number): Promise<void> {
    if (n === 0) return;
    const next = Math.max(0, (await this.dropped()) + n);
    await writeFileDurably(join(this.dir, COUNTER), JSON.stringify({ dropped: next }));
  }

  /** Drops reports older than the age bound, then the oldest until the total fits the size bound. */
  async enforceLimits(keep?: string): Promise<number> {
    const entries = await this.entries();
    const oldest = this.now().getTime() - this.limits.maxAgeMs;
    let total = entries.reduce((sum, e) => sum + e.bytes, 0);
    const drop: SpoolEntry[] = [];
    for (const e of entries) {
      if (e.name === keep) continue;
      if (e.collectedAtMs < oldest || total > this.limits.maxBytes) {
        drop.push(e);
        total -= e.bytes;
      }
    }
    let counted = 0;
    for (const e of drop) {
      // What the dropped report was carrying would otherwise vanish with it.
      const carried = await readFile(e.path, 'utf8')
        .then((t) => (JSON.parse(t) as { spoolDropped?: unknown }).spoolDropped)
        .catch(() => 0);
      await this.remove(e);
      counted += 1 + (typeof carried === 'number' && Number.isInteger(carried) && carried > 0 ? carried : 0);
    }
    if (drop.length) {
      await this.addDropped(counted);
      this.log(
        `agent: warning: dropped ${drop.length} spooled report(s), oldest first, to stay within ${Math.round(this.limits.maxAgeMs / 86_400_000)} days / ${(this.limits.maxBytes / 1048576).toFixed(0)} MB; the next report says so`,
      );
    }
    return drop.length;
  }
}
