/**
 * The child's side of the roll-up: evaluates its units, queues the figures as a snapshot
 * (outbox.ts) every `intervalMinutes` and `changeDelaySeconds` after a host changed, and
 * delivers the queue to the parent's `POST /api/v1/rollup`, oldest first. An unreachable parent
 * (or a 5xx, or 429) is tried again with a growing delay up to five minutes; a refusal (4xx)
 * is logged with the parent's sentence and tried again at the next snapshot, the queue kept.
 */
import { Outbox } from './outbox.js';
import type { ParentConfig } from './config.js';
import { ROLLUP_BODY_BYTES, withoutHosts } from './snapshot.js';
import type { RollupFigures } from './snapshot.js';
import type { RollupSnapshot } from '../../schema/index.js';

export interface RollupSenderDeps {
  parent: ParentConfig & { token: string };
  dataDir: string;
  /** The roll-up figures of every unit of this collector (made on the evaluation worker). */
  figures: () => Promise<RollupFigures>;
  /** Registers a callback for every committed host change. */
  onChange: (listener: () => void) => void;
  now: () => Date;
  log: (line: string) => void;
  fetch?: typeof fetch;
}

export class RollupSender {
  private outbox!: Outbox;
  private timers = new Set<NodeJS.Timeout>();
  private changeTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private retryMs = 0;
  private closed = false;

  private constructor(private readonly deps: RollupSenderDeps) {}

  static async start(deps: RollupSenderDeps): Promise<RollupSender> {
    const sender = new RollupSender(deps);
    sender.outbox = await new Outbox(deps.dataDir, deps.log).open();
    deps.onChange(() => sender.changed());
    sender.every(deps.parent.intervalMinutes * 60_000, () => sender.snapshotNow());
    // A first snapshot at start: the parent learns this collector's figures without waiting an interval.
    void sender.snapshotNow();
    return sender;
  }

  private every(ms: number, task: () => unknown): void {
    const t = setInterval(task, ms);
    t.unref();
    this.timers.add(t);
  }

  private changed(): void {
    if (this.changeTimer || this.closed) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      void this.snapshotNow();
    }, this.deps.parent.changeDelaySeconds * 1000);
    this.changeTimer.unref();
  }

  /** Evaluates, queues a snapshot, delivers the queue; one run at a time. */
  snapshotNow(): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.closed) return;
      try {
        const figures = this.fitting(await this.deps.figures());
        await this.outbox.add({ unit: this.deps.parent.unit, takenAt: this.deps.now().toISOString(), ...figures });
      } catch (err) {
        this.deps.log(`collector: warning: could not take a roll-up snapshot: ${(err as Error).message}`);
      }
      await this.deliverQueue();
    });
    return this.running;
  }

  /**
   * The figures as they fit the parent's body limit: host rows (`parent.includeHosts`) that
   * would take a snapshot past it are left out of that snapshot, with a warning, rather than
   * queue a snapshot the parent refuses forever (the counts always travel).
   */
  private fitting(figures: RollupFigures): RollupFigures {
    // The id, sequence, unit and time the outbox adds are well under 1 KiB.
    if (Buffer.byteLength(JSON.stringify(figures)) + 1024 <= ROLLUP_BODY_BYTES) return figures;
    const less = withoutHosts(figures);
    if (less !== figures) this.deps.log(`collector: warning: the roll-up snapshot with its host rows (parent.includeHosts) is over the parent's ${ROLLUP_BODY_BYTES / 1024 / 1024} MiB limit; sent without them, figures only`);
    return less;
  }

  /** Delivers queued snapshots now (after the parent came back); one run at a time. */
  deliver(): Promise<void> {
    this.running = this.running.then(() => this.deliverQueue());
    return this.running;
  }

  private async deliverQueue(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const snapshot = await this.outbox.oldest();
      if (!snapshot) {
        this.retryMs = 0;
        return;
      }
      const outcome = await this.send(snapshot);
      if (outcome === 'delivered') {
        await this.outbox.delivered(snapshot);
        continue;
      }
      if (outcome === 'retry') this.retryLater();
      return;
    }
  }

  private retryLater(): void {
    this.retryMs = Math.min(Math.max(this.retryMs * 2, 5000), 300_000);
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.deliver();
    }, this.retryMs);
    t.unref();
    this.timers.add(t);
  }

  private async send(snapshot: RollupSnapshot): Promise<'delivered' | 'retry' | 'refused'> {
    const doFetch = this.deps.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(new URL('/api/v1/rollup', this.deps.parent.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.deps.parent.token}` },
        body: JSON.stringify(snapshot),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      this.deps.log(`collector: the parent ${this.deps.parent.url} is unreachable (${(err as Error).message}); ${await this.outbox.size()} roll-up snapshots wait, sent when it answers`);
      return 'retry';
    }
    const text = await res.text().catch(() => '');
    if (res.ok) return 'delivered';
    if (res.status === 429 || res.status >= 500) return 'retry';
    const sentence = (() => {
      try {
        return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {
        return text;
      }
    })();
    this.deps.log(`collector: warning: the parent ${this.deps.parent.url} refused roll-up snapshot ${snapshot.sequence} (${res.status}: ${sentence.slice(0, 300)}); check parent.token and parent.unit in the config; it stays queued`);
    return 'refused';
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    await this.running;
  }
}
