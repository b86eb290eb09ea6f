/**
 * The daily history in the PostgreSQL store's database (`readiness_history`, migration 2): one
 * row per day holding the day record (`json`, as the file store's `<day>.json`) and its host
 * rows gzipped (`bytea`, the same bytes as `<day>.hosts.json.gz`), so collectors sharing one
 * database share one history and a day read back is the day written.
 *
 * Several collectors each snapshot today every few minutes. A day is one row written by one
 * statement (`INSERT ... ON CONFLICT (day) DO UPDATE ... WHERE`), so it is there whole or not
 * at all, and never twice; the snapshot taken last (`writtenAt`) stands, whichever collector's
 * write reaches the database last, so a slower collector finishing an older evaluation cannot
 * put it back over a newer one.
 *
 * A row that does not validate (a hand edit) is left in the table, said once in the log and
 * read as not recorded (an earlier day answers for it); the next snapshot of that day replaces it.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import pg from 'pg';
import { describeIssues, HistoryDay, HistoryHosts } from '../../../schema/index.js';
import { DailyHistory } from '../../history-store.js';
import type { WrittenDay } from '../../history-store.js';
import { migrate } from './migrations.js';
import { describeUrl } from './url.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** PostgreSQL's "undefined_table". */
const UNDEFINED_TABLE = '42P01';

export interface PostgresHistoryOptions {
  /** Readers beside running collectors: no migration, nothing written. */
  readOnly?: boolean;
  log?: (line: string) => void;
}

export class PostgresHistoryStore extends DailyHistory {
  private readonly pool: pg.Pool;
  private readonly log: (line: string) => void;
  readonly where: string;
  /** Past days do not change; kept once read, except the newest (another collector may still be writing it). */
  private readonly dayCache = new Map<string, HistoryDay>();
  private newest: string | null = null;
  private readonly said = new Set<string>();

  constructor(
    readonly url: string,
    private readonly options: PostgresHistoryOptions = {},
  ) {
    super();
    this.where = describeUrl(url);
    this.log = options.log ?? ((l) => console.error(l));
    // Two connections: the history is written a few times an hour and read a day at a time.
    this.pool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: options.readOnly === true });
    this.pool.on('error', (err) => this.log(`collector: warning: a PostgreSQL connection to ${this.where} failed while idle (${err.message}); the pool opens a new one`));
  }

  async open(): Promise<this> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw new Error(`cannot connect to the PostgreSQL store at ${this.where} for the history (field "store.url"): ${(err as Error).message}; check that the server runs and the URL, user and password are right`);
    }
    try {
      // Migrating is idempotent under the migrations' lock; the store has usually done it already.
      if (!this.options.readOnly) await migrate(client, this.where);
    } finally {
      client.release();
    }
    return this;
  }

  private damaged(day: string, problem: string): null {
    this.dayCache.delete(day);
    if (!this.said.has(day)) {
      this.said.add(day);
      this.log(`collector: warning: the history of ${day} in ${this.where} is damaged (${problem}); it is left in the table and earlier days answer for it`);
    }
    return null;
  }

  /**
   * A read; on a database no collector of this version has migrated yet (a reader of an older
   * one) there is no history table, which reads as no day recorded.
   */
  private async read<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      if ((err as { code?: string }).code === UNDEFINED_TABLE) return [];
      throw err;
    }
  }

  async days(): Promise<string[]> {
    const days = (await this.read<{ day: string }>('SELECT day FROM readiness_history ORDER BY day')).map((r) => r.day);
    this.newest = days[days.length - 1] ?? null;
    return days;
  }

  async readDay(day: string): Promise<HistoryDay | null> {
    const cached = this.dayCache.get(day);
    if (cached) return cached;
    const [row] = await this.read<{ record: unknown }>('SELECT record FROM readiness_history WHERE day = $1', [day]);
    if (!row) return null;
    const parsed = HistoryDay.safeParse(row.record);
    if (!parsed.success) return this.damaged(day, describeIssues(parsed.error));
    if (parsed.data.day !== day) return this.damaged(day, `it holds ${parsed.data.day}`);
    if (this.newest !== null && day < this.newest) {
      if (this.dayCache.size > 64) this.dayCache.clear();
      this.dayCache.set(day, parsed.data);
    }
    return parsed.data;
  }

  async readHosts(day: string): Promise<HistoryHosts | null> {
    // The record and the host rows are one row: no row is no day (pruned meanwhile), not damage.
    const [row] = await this.read<{ hosts: Buffer }>('SELECT hosts FROM readiness_history WHERE day = $1', [day]);
    if (!row) return null;
    let problem: string;
    try {
      const parsed = HistoryHosts.safeParse(JSON.parse((await gunzipAsync(row.hosts)).toString('utf8')));
      if (parsed.success) return parsed.data;
      problem = describeIssues(parsed.error);
    } catch (err) {
      problem = (err as Error).message;
    }
    return this.damaged(day, problem);
  }

  async write(day: HistoryDay, hosts: HistoryHosts): Promise<WrittenDay> {
    if (this.options.readOnly) throw new Error(`the history in ${this.where} was opened read-only`);
    const packed = await gzipAsync(JSON.stringify(hosts));
    const record = JSON.stringify(day);
    const res = await this.pool.query(
      `INSERT INTO readiness_history (day, written_at, record, hosts) VALUES ($1, $2, $3, $4)
       ON CONFLICT (day) DO UPDATE SET written_at = excluded.written_at, record = excluded.record, hosts = excluded.hosts, stored_at = now()
       WHERE readiness_history.written_at <= excluded.written_at`,
      [day.day, day.writtenAt, record, packed],
    );
    this.dayCache.delete(day.day);
    this.said.delete(day.day);
    return { day: day.day, dayBytes: Buffer.byteLength(record), hostsBytes: packed.length, ...(res.rowCount === 0 ? { superseded: true } : {}) };
  }

  async prune(firstKept: string): Promise<number> {
    if (this.options.readOnly) return 0;
    const res = await this.pool.query('DELETE FROM readiness_history WHERE day < $1', [firstKept]);
    for (const day of [...this.dayCache.keys()]) if (day < firstKept) this.dayCache.delete(day);
    return res.rowCount ?? 0;
  }

  /**
   * Copies days from another history (for `readiness store migrate`), each one statement; a day
   * already in the database is left as it is there, so an interrupted copy is run again safely.
   * Returns the days copied.
   */
  async importDays(days: Array<{ record: HistoryDay; hosts: HistoryHosts }>): Promise<string[]> {
    const copied: string[] = [];
    for (const { record, hosts } of days) {
      const res = await this.pool.query(
        'INSERT INTO readiness_history (day, written_at, record, hosts) VALUES ($1, $2, $3, $4) ON CONFLICT (day) DO NOTHING',
        [record.day, record.writtenAt, JSON.stringify(record), await gzipAsync(JSON.stringify(hosts))],
      );
      if (res.rowCount) copied.push(record.day);
    }
    return copied;
  }

  override async close(): Promise<void> {
    await this.pool.end();
  }
}
