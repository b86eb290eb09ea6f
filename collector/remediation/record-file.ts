/**
 * A list of small durable records in one file (`{format: 1, records: [...]}`), for the "5 rõ"
 * stores (tasks, exceptions) and alert deliveries. Every change is written crash-safely
 * (util/durable-write.ts: temporary file, fsync, rename, directory fsync) before it is
 * acknowledged, one change at a time; the in-memory list changes only after the write
 * succeeded. A damaged file stops start-up naming it rather than lose what it held.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { describeIssues } from '../../schema/index.js';
import { writeFileDurably } from '../../util/durable-write.js';

export class RecordFile<T> {
  private records: T[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  /** `path` null: memory only (tests). */
  constructor(
    private readonly path: string | null,
    private readonly schema: z.ZodType<T>,
  ) {}

  load(): this {
    if (!this.path || !existsSync(this.path)) return this;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (err) {
      throw new Error(`${this.path} is damaged (${(err as Error).message}); restore it from a backup (nothing was changed)`);
    }
    const format = (json as { format?: unknown } | null)?.format;
    const list = (json as { records?: unknown } | null)?.records;
    if (format !== 1 || !Array.isArray(list)) throw new Error(`${this.path} is damaged (not a record file of format 1); restore it from a backup (nothing was changed)`);
    this.records = list.map((r, i) => {
      const parsed = this.schema.safeParse(r);
      if (!parsed.success) throw new Error(`${this.path} is damaged (record ${i}: ${describeIssues(parsed.error)}); restore it from a backup (nothing was changed)`);
      return parsed.data;
    });
    return this;
  }

  all(): readonly T[] {
    return this.records;
  }

  /**
   * One change at a time: `fn` gets the current list and returns the new one and a value; the
   * value is answered once the new list is on disk.
   */
  change<V>(fn: (records: readonly T[]) => { records: T[]; value: V }): Promise<V> {
    const run = this.queue.then(async () => {
      const { records, value } = fn(this.records);
      if (this.path) await writeFileDurably(this.path, JSON.stringify({ format: 1, records }) + '\n');
      this.records = records;
      return value;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}

/**
 * A store of records with ids over one record file: what exceptions, tasks and alerts share
 * (load, list, find by id, tell the evaluation worker's mirror after each change).
 */
export class RecordStore<T extends { id: string }> {
  protected readonly file: RecordFile<T>;
  private readonly listeners: Array<(all: readonly T[]) => void> = [];

  constructor(path: string | null, schema: z.ZodType<T>) {
    this.file = new RecordFile(path, schema);
  }

  load(): this {
    this.file.load();
    return this;
  }

  all(): readonly T[] {
    return this.file.all();
  }

  get(id: string): T | undefined {
    return this.file.all().find((r) => r.id === id);
  }

  /** Called with every record after each change (the evaluation worker's mirror). */
  onChange(fn: (all: readonly T[]) => void): void {
    this.listeners.push(fn);
  }

  protected changed(): void {
    for (const fn of this.listeners) fn(this.file.all());
  }
}
