/**
 * The child's queue of roll-up snapshots on disk, `<dataDir>/rollup/outbox/`: one file per
 * snapshot named by its sequence number, written crash-safely before it is sent, removed once
 * the parent acknowledged it. Snapshots leave oldest first, each until the parent answers, so
 * a parent that was down for a week gets them all, once, in order.
 *
 * `state.json` keeps the last sequence number the parent acknowledged, written before the
 * delivered file is removed: a crash between the two resends that snapshot, which the parent
 * answers as a duplicate. A new snapshot's sequence is one past the highest of that number and
 * every queued file, so numbers only grow.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { RollupSnapshot } from '../../schema/index.js';
import { removeTempFiles, writeFileDurably } from '../../util/durable-write.js';

const FILE = /^(\d{12})\.json$/;
/** Snapshots kept waiting at most (a month of hourly ones); the oldest go first past it. */
export const OUTBOX_LIMIT = 744;

export class Outbox {
  private readonly dir: string;
  private readonly stateFile: string;
  private acknowledged = 0;
  private highest = 0;

  constructor(
    dataDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.dir = join(dataDir, 'rollup', 'outbox');
    this.stateFile = join(dataDir, 'rollup', 'state.json');
  }

  async open(): Promise<this> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await removeTempFiles(this.dir);
    await removeTempFiles(join(this.dir, '..'));
    const state = await readFile(this.stateFile, 'utf8').then(
      (t) => JSON.parse(t) as { acknowledged?: number },
      () => ({ acknowledged: 0 }),
    );
    this.acknowledged = Number.isInteger(state.acknowledged) ? state.acknowledged! : 0;
    const queued = await this.sequences();
    this.highest = Math.max(this.acknowledged, ...queued, 0);
    return this;
  }

  private async sequences(): Promise<number[]> {
    return (await readdir(this.dir)).flatMap((n) => (FILE.exec(n) ? [Number(FILE.exec(n)![1])] : [])).sort((a, b) => a - b);
  }

  private fileOf(sequence: number): string {
    return join(this.dir, `${String(sequence).padStart(12, '0')}.json`);
  }

  /** Queues the figures as the next snapshot; resolves once it is on disk. */
  async add(figures: Omit<RollupSnapshot, 'id' | 'sequence'>): Promise<RollupSnapshot> {
    const snapshot: RollupSnapshot = { id: randomUUID(), sequence: this.highest + 1, ...figures };
    await writeFileDurably(this.fileOf(snapshot.sequence), JSON.stringify(snapshot));
    this.highest = snapshot.sequence;
    const queued = await this.sequences();
    for (const old of queued.slice(0, Math.max(0, queued.length - OUTBOX_LIMIT))) {
      await unlink(this.fileOf(old)).catch(() => {});
      this.log(`collector: warning: the roll-up queue holds more than ${OUTBOX_LIMIT} snapshots; dropped snapshot ${old}, the oldest (the parent has been unreachable for long)`);
    }
    return snapshot;
  }

  /** The oldest queued snapshot, or null; a damaged file is set aside and skipped. */
  async oldest(): Promise<RollupSnapshot | null> {
    for (const sequence of await this.sequences()) {
      const file = this.fileOf(sequence);
      const parsed = RollupSnapshot.safeParse(await readFile(file, 'utf8').then(JSON.parse, () => null));
      if (parsed.success) return parsed.data;
      await unlink(file).catch(() => {});
      this.log(`collector: warning: the queued roll-up snapshot ${file} could not be read; removed (the next snapshot carries the figures again)`);
    }
    return null;
  }

  /** The parent acknowledged it: remembered first, then removed from the queue. */
  async delivered(snapshot: RollupSnapshot): Promise<void> {
    this.acknowledged = Math.max(this.acknowledged, snapshot.sequence);
    await writeFileDurably(this.stateFile, JSON.stringify({ acknowledged: this.acknowledged }));
    await unlink(this.fileOf(snapshot.sequence)).catch(() => {});
  }

  async size(): Promise<number> {
    return (await this.sequences()).length;
  }
}
