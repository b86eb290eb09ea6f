/**
 * The daily history on disk: `<dir>/<day>.hosts.json.gz` (host rows) and `<dir>/<day>.json`
 * (rules, org structure, figures). The day record is written last, so a day exists once its
 * record does; both are written by atomic rename, so a reader never sees half a file.
 */
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { describeIssues, HistoryDay, HistoryHosts } from '../schema/index.js';
import { writeFileDurably } from '../util/durable-write.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

/** Days kept: a rollout year with its deadlines and a margin (the config may say otherwise). */
export const DEFAULT_RETAIN_DAYS = 400;

export interface WrittenDay {
  day: string;
  dayBytes: number;
  hostsBytes: number;
}

export class HistoryStore {
  private dayCache = new Map<string, HistoryDay>();

  constructor(readonly dir: string) {}

  /** Recorded days, oldest first. */
  async days(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names.flatMap((n) => DAY_FILE.exec(n)?.[1] ?? []).sort();
  }

  /** The latest recorded day on or before `day` (`strictlyBefore`: before it). */
  async latest(day: string, strictlyBefore = false): Promise<string | null> {
    const days = await this.days();
    for (let i = days.length - 1; i >= 0; i--) if (strictlyBefore ? days[i]! < day : days[i]! <= day) return days[i]!;
    return null;
  }

  async readDay(day: string): Promise<HistoryDay> {
    const cached = this.dayCache.get(day);
    if (cached) return cached;
    const file = join(this.dir, `${day}.json`);
    const parsed = HistoryDay.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`the history file ${file} is damaged (${describeIssues(parsed.error)}); delete it to drop that day`);
    // Past days do not change; a handful stay cached for series and comparisons.
    if (this.dayCache.size > 64) this.dayCache.clear();
    this.dayCache.set(day, parsed.data);
    return parsed.data;
  }

  async readHosts(day: string): Promise<HistoryHosts> {
    const file = join(this.dir, `${day}.hosts.json.gz`);
    let raw: unknown;
    try {
      raw = JSON.parse((await gunzipAsync(await readFile(file))).toString('utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`the history of ${day} has no host file (${file}); that day cannot be replayed`);
      throw new Error(`the history file ${file} is damaged (${(err as Error).message}); delete it and ${day}.json to drop that day`);
    }
    const parsed = HistoryHosts.safeParse(raw);
    if (!parsed.success) throw new Error(`the history file ${file} is damaged (${describeIssues(parsed.error)})`);
    return parsed.data;
  }

  /** Writes (or replaces) one day: host rows first, then the day record that makes it visible. */
  async write(day: HistoryDay, hosts: HistoryHosts): Promise<WrittenDay> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const packed = await gzipAsync(JSON.stringify(hosts));
    await writeFileDurably(join(this.dir, `${day.day}.hosts.json.gz`), packed);
    const record = JSON.stringify(day);
    await writeFileDurably(join(this.dir, `${day.day}.json`), record);
    this.dayCache.delete(day.day);
    return { day: day.day, dayBytes: Buffer.byteLength(record), hostsBytes: packed.length };
  }

  /** Deletes days before `firstKept`; returns how many. */
  async prune(firstKept: string): Promise<number> {
    const old = (await this.days()).filter((d) => d < firstKept);
    for (const day of old) {
      // Record first: a day without its record is invisible, never half there.
      await unlink(join(this.dir, `${day}.json`)).catch(() => {});
      await unlink(join(this.dir, `${day}.hosts.json.gz`)).catch(() => {});
      this.dayCache.delete(day);
    }
    return old.length;
  }
}
