/**
 * The daily history behind one small interface (`DailyHistory`), kept where the store is: on
 * disk beside the file store (`HistoryStore`, below) or in the PostgreSQL store's database
 * (collector/store/postgres/history.ts), so collectors sharing a database share one history.
 *
 * On disk: `<dir>/<day>.hosts.json.gz` (host rows) and `<dir>/<day>.json`
 * (rules, org structure, figures). The day record is written last, so a day exists once its
 * record does; both are written by atomic rename, so a reader never sees half a file.
 *
 * A damaged day (a file that does not parse or validate: a disk error, a hand edit) is set
 * aside with both its files in `asideDir` with a warning, like a damaged host file; the day
 * then reads as not recorded (an earlier day answers for it) and everything else goes on.
 */
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { describeIssues, HistoryDay, HistoryHosts } from '../schema/index.js';
import { removeTempFiles, writeFileDurably } from '../util/durable-write.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

/** Days kept: a rollout year with its deadlines and a margin (the config may say otherwise). */
export const DEFAULT_RETAIN_DAYS = 400;

export interface WrittenDay {
  day: string;
  dayBytes: number;
  hostsBytes: number;
  /** A store several collectors write (PostgreSQL) kept a newer snapshot of the day another one wrote. */
  superseded?: boolean;
}

export interface HistoryStoreOptions {
  /** Where damaged days go; without it (read-only readers beside a collector) they are skipped, not moved. */
  asideDir?: string;
  log?: (line: string) => void;
}

/**
 * What the collector, the evaluation worker and the readers ask of the history, whichever
 * store holds it. A day is its record (rules, org structure, figures) and its host rows; the
 * record makes it visible, and a day is written whole or not at all.
 */
export abstract class DailyHistory {
  /** Gets the history ready (leftovers removed, schema checked); run once before use. */
  abstract open(): Promise<this>;
  /** Recorded days, oldest first. */
  abstract days(): Promise<string[]>;
  /** The record of `day`, or null when it is missing or damaged. */
  abstract readDay(day: string): Promise<HistoryDay | null>;
  /** The host rows of `day`, or null when they are missing or damaged. */
  abstract readHosts(day: string): Promise<HistoryHosts | null>;
  /** Writes (or replaces with a newer snapshot) one day whole. */
  abstract write(day: HistoryDay, hosts: HistoryHosts): Promise<WrittenDay>;
  /** Deletes days before `firstKept`; returns how many. */
  abstract prune(firstKept: string): Promise<number>;
  /** Lets go of connections, if any. */
  async close(): Promise<void> {}

  /** The latest recorded day on or before `day` (`strictlyBefore`: before it). */
  async latest(day: string, strictlyBefore = false): Promise<string | null> {
    const days = await this.days();
    for (let i = days.length - 1; i >= 0; i--) if (strictlyBefore ? days[i]! < day : days[i]! <= day) return days[i]!;
    return null;
  }

  /**
   * The latest readable day on or before `day` (`strictlyBefore`: before it) with its record
   * (and host rows when `withHosts`); damaged days on the way are passed over.
   */
  async latestReadable(day: string, opts: { strictlyBefore?: boolean; withHosts?: boolean } = {}): Promise<{ record: HistoryDay; hosts: HistoryHosts | null } | null> {
    let before = day;
    let strictly = opts.strictlyBefore ?? false;
    for (;;) {
      const found = await this.latest(before, strictly);
      if (!found) return null;
      const record = await this.readDay(found);
      const hosts = record && opts.withHosts ? await this.readHosts(found) : null;
      if (record && (!opts.withHosts || hosts)) return { record, hosts };
      // Damaged: step past it (read-only readers cannot move it out of the way).
      before = found;
      strictly = true;
    }
  }
}

/** The history on disk, beside the file store. */
export class HistoryStore extends DailyHistory {
  private dayCache = new Map<string, HistoryDay>();
  private readonly log: (line: string) => void;

  constructor(
    readonly dir: string,
    private readonly options: HistoryStoreOptions = {},
  ) {
    super();
    this.log = options.log ?? ((l) => console.error(l));
  }

  /** Removes what writes cut short left behind; run once at start by the collector. */
  async open(): Promise<this> {
    await removeTempFiles(this.dir);
    return this;
  }

  /** Moves both files of `day` aside (or, read-only, only says so) and forgets it. */
  private async setAside(day: string, problem: string): Promise<void> {
    this.dayCache.delete(day);
    const aside = this.options.asideDir;
    if (!aside) {
      this.log(`readiness: warning: the history of ${day} in ${this.dir} is damaged (${problem}); it is skipped`);
      return;
    }
    await mkdir(aside, { recursive: true, mode: 0o700 });
    for (const name of [`${day}.json`, `${day}.hosts.json.gz`]) await rename(join(this.dir, name), join(aside, name)).catch(() => {});
    this.log(`collector: warning: set aside the damaged history of ${day} in ${aside} (${problem}); earlier days answer for it`);
  }

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

  /** The record of `day`, or null when it is missing or damaged (then set aside). */
  async readDay(day: string): Promise<HistoryDay | null> {
    const cached = this.dayCache.get(day);
    if (cached) return cached;
    const file = join(this.dir, `${day}.json`);
    let problem: string;
    try {
      const parsed = HistoryDay.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.success && parsed.data.day === day) {
        // Past days do not change; a handful stay cached for series and comparisons.
        if (this.dayCache.size > 64) this.dayCache.clear();
        this.dayCache.set(day, parsed.data);
        return parsed.data;
      }
      problem = parsed.success ? `it holds ${parsed.data.day}` : describeIssues(parsed.error);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      problem = (err as Error).message;
    }
    await this.setAside(day, problem);
    return null;
  }

  /** The host rows of `day`, or null when they are missing or damaged (the day is then set aside). */
  async readHosts(day: string): Promise<HistoryHosts | null> {
    const file = join(this.dir, `${day}.hosts.json.gz`);
    let problem: string;
    try {
      const parsed = HistoryHosts.safeParse(JSON.parse((await gunzipAsync(await readFile(file))).toString('utf8')));
      if (parsed.success) return parsed.data;
      problem = describeIssues(parsed.error);
    } catch (err) {
      problem = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'its host file is missing' : (err as Error).message;
    }
    await this.setAside(day, problem);
    return null;
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
