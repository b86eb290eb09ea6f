/**
 * The parent's record of what each child sent: per unit the child reports for, the newest
 * snapshot by sequence, when it arrived, and the ids of recent snapshots (a resend is a
 * duplicate). One file per unit, `<dataDir>/rollup/received/<unit>.json`, written crash-safely
 * before the child gets its 201: an acknowledged snapshot is never lost. A snapshot older (by
 * sequence) than the one kept is acknowledged as `superseded` and changes nothing.
 */
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
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
  private readonly byUnit = new Map<string, Received>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.dir = join(dataDir, 'rollup', 'received');
  }

  async load(): Promise<this> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await removeTempFiles(this.dir);
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const parsed = Received.safeParse(await readFile(join(this.dir, name), 'utf8').then(JSON.parse, () => null));
      if (parsed.success) {
        this.byUnit.set(parsed.data.snapshot.unit, parsed.data);
        continue;
      }
      const aside = join(this.dir, '..', 'corrupt');
      await mkdir(aside, { recursive: true });
      await rename(join(this.dir, name), join(aside, name)).catch(() => {});
      this.log(`collector: warning: set aside the damaged roll-up file ${name} in ${aside}; that child's next snapshot replaces it`);
    }
    return this;
  }

  list(): Received[] {
    return [...this.byUnit.values()];
  }

  /** Keeps the snapshot unless it was seen or is older than the one kept; resolves once on disk. */
  accept(snapshot: RollupSnapshot, child: { id: string; name: string }, at: Date): Promise<'stored' | 'duplicate' | 'superseded'> {
    const run = this.queue.then(async () => {
      const kept = this.byUnit.get(snapshot.unit);
      if (kept?.recentIds.includes(snapshot.id)) return 'duplicate' as const;
      if (kept && kept.snapshot.sequence >= snapshot.sequence && kept.child.id === child.id) return 'superseded' as const;
      const next: Received = { snapshot, receivedAt: at.toISOString(), child, recentIds: [...(kept?.recentIds ?? []), snapshot.id].slice(-RECENT_IDS) };
      await writeFileDurably(join(this.dir, `${snapshot.unit}.json`), JSON.stringify(next));
      this.byUnit.set(snapshot.unit, next);
      return 'stored' as const;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
