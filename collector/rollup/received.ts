/**
 * The parent's record of what each child sent: per unit the child reports for, the newest
 * snapshot by sequence, when it arrived, and the ids of recent snapshots (a resend is a
 * duplicate). One file per unit, `<dataDir>/rollup/received/<unit>.json`, written crash-safely
 * before the child gets its 201: an acknowledged snapshot is never lost. Files are read from
 * disk (again when changed), so a signed file taken in at the command line counts at once. A snapshot older (by
 * sequence) than the one kept is acknowledged as `superseded` and changes nothing.
 */
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RollupSnapshot, Timestamp } from '../../schema/index.js';
import { removeTempFiles, writeFileDurably } from '../../util/durable-write.js';

const RECENT_IDS = 200;

export const Received = z.object({
  snapshot: RollupSnapshot,
  receivedAt: Timestamp,
  /** The child token that sent it (its id and name). */
  child: z.object({ id: z.string(), name: z.string() }),
  recentIds: z.array(z.uuid()).max(RECENT_IDS),
});
export type Received = z.infer<typeof Received>;

export class ReceivedSnapshots {
  private readonly dir: string;
  /** What was read of each file, with its mtime: a file changed by `readiness rollup import` is read again. */
  private readonly cache = new Map<string, { mtimeMs: number; value: Received | null }>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners: Array<() => void> = [];

  constructor(
    dataDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.dir = join(dataDir, 'rollup', 'received');
  }

  /** Removes leftovers of cut writes and sets damaged files aside; run once at start. */
  async load(): Promise<this> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await removeTempFiles(this.dir);
    for (const name of await this.names()) {
      if (await this.read(name)) continue;
      const aside = join(this.dir, '..', 'corrupt');
      await mkdir(aside, { recursive: true });
      await rename(join(this.dir, name), join(aside, name)).catch(() => {});
      this.cache.delete(name);
      this.log(`collector: warning: set aside the damaged roll-up file ${name} in ${aside}; that child's next snapshot replaces it`);
    }
    return this;
  }

  private async names(): Promise<string[]> {
    return (await readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  }

  /** The file's content (null: missing or damaged), read again only when it changed. */
  private async read(name: string): Promise<Received | null> {
    const file = join(this.dir, name);
    const mtimeMs = await stat(file).then((s) => s.mtimeMs, () => null);
    if (mtimeMs === null) {
      this.cache.delete(name);
      return null;
    }
    const cached = this.cache.get(name);
    if (cached && cached.mtimeMs === mtimeMs) return cached.value;
    const parsed = Received.safeParse(await readFile(file, 'utf8').then(JSON.parse, () => null));
    const value = parsed.success ? parsed.data : null;
    this.cache.set(name, { mtimeMs, value });
    return value;
  }

  /** Called after each snapshot stored: a collector that is itself a child passes the new figures on (docs/rollup.md). */
  onStored(listener: () => void): void {
    this.listeners.push(listener);
  }

  async list(): Promise<Received[]> {
    const all = await Promise.all((await this.names()).map((n) => this.read(n)));
    return all.filter((r): r is Received => r !== null);
  }

  /** Keeps the snapshot unless it was seen or is older than the one kept; resolves once on disk. */
  accept(snapshot: RollupSnapshot, child: { id: string; name: string }, at: Date): Promise<'stored' | 'duplicate' | 'superseded'> {
    const run = this.queue.then(async () => {
      const name = `${snapshot.unit}.json`;
      const kept = await this.read(name);
      if (kept?.recentIds.includes(snapshot.id)) return 'duplicate' as const;
      if (kept && kept.snapshot.sequence >= snapshot.sequence && kept.child.id === child.id) return 'superseded' as const;
      const next: Received = { snapshot, receivedAt: at.toISOString(), child, recentIds: [...(kept?.recentIds ?? []), snapshot.id].slice(-RECENT_IDS) };
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileDurably(join(this.dir, name), JSON.stringify(next));
      this.cache.delete(name);
      for (const listener of this.listeners) listener();
      return 'stored' as const;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
