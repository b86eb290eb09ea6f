/**
 * A lowdb adapter that is safe against `kill -9` and power loss (util/durable-write.ts).
 * lowdb's own JSONFile renames but never fsyncs, and a report must be on disk before it is
 * acknowledged.
 */
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileDurably } from '../../util/durable-write.js';

export class DurableJSONFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  write(data: T): Promise<void> {
    return writeFileDurably(this.path, JSON.stringify(data));
  }
}

