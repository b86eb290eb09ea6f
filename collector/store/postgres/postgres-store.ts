/**
 * The PostgreSQL store: the same `Store` as the embedded one, for several collector processes
 * sharing one database (behind a load balancer) or a database its DBAs already run.
 *
 * - `readiness_hosts` holds one row per host: the record (without its program list and recent
 *   report ids), the recent report ids, and a version bumped by every change.
 * - `readiness_host_programs` holds the program list of each host's latest report.
 * - Every change is one transaction that locks the host's row (`SELECT ... FOR UPDATE`), reads
 *   it from the database (never from this process's memory: another process may have changed
 *   it), derives the new record with the same pure functions as the file store
 *   (host-record.ts) and writes it. **COMMIT is the acknowledgement point**: a report is
 *   acknowledged only after its transaction committed, and the report-id check runs under the
 *   row lock, so a report sent to two processes at once is stored once.
 * - Each process keeps the in-memory view the interface asks for (`getHost`, `listHosts`). A
 *   commit sends `NOTIFY readiness_hosts` in its transaction; every other process re-reads the
 *   hosts named and keeps the newer version, so each sees the others' writes within
 *   milliseconds. After a lost LISTEN connection the whole view is compared by version.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PoolClient } from 'pg';
import { HostRecord } from '../types.js';
import type { AddReportOptions, HostSummary, NewAgent, Rekey, Retirement, RetirementBy, Store } from '../types.js';
import { isNewestReport, mergedRetirement, newHostRecord, reportInstant, withMerge, withMove, withoutPrograms, withRekey, withReport, withRetirement } from '../host-record.js';
import { describeIssues } from '../../../schema/index.js';
import type { HostReport } from '../../../schema/index.js';
import { LATEST_VERSION, migrate, schemaVersion, tooNew } from './migrations.js';
import { describeUrl } from './url.js';

const CHANNEL = 'readiness_hosts';
/** Hosts per transaction when copying a whole store in. */
const IMPORT_BATCH = 500;

export interface PostgresStoreOptions {
  /** For readers beside running collectors (`readiness evaluate`): no migration, no LISTEN. */
  readOnly?: boolean;
  /** Connections held at most by this process. */
  poolSize?: number;
  log?: (line: string) => void;
}

type Row = { agent_id: string; version: string; record: Omit<HostRecord, 'recentReportIds'> };

/** A row's record: the host record without its report ids (kept in their own column). */
const StoredRecord = HostRecord.omit({ recentReportIds: true });

const deadKeyHash = () => randomBytes(32).toString('hex');

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private readonly summaries = new Map<string, HostSummary>();
  private readonly versions = new Map<string, bigint>();
  private readonly listeners: Array<(host: HostSummary) => void> = [];
  private readonly log: (line: string) => void;
  /** Tells this process's own notifications from the others'. */
  private readonly instance = randomUUID();
  private listener: pg.Client | null = null;
  private pending = new Set<string>();
  private flushing: Promise<void> | null = null;
  private closed = false;
  /** Where the store is, without its password, for messages. */
  readonly where: string;
  readonly warnings: string[] = [];

  constructor(
    readonly url: string,
    private readonly options: PostgresStoreOptions = {},
  ) {
    this.where = describeUrl(url);
    this.log = options.log ?? ((l) => console.error(l));
    // A reader (a CLI command) may end while its idle connections are still open.
    this.pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, allowExitOnIdle: options.readOnly === true });
    // An idle connection the server dropped must not take the collector down with it.
    this.pool.on('error', (err) => this.log(`collector: warning: a PostgreSQL connection to ${this.where} failed while idle (${err.message}); the pool opens a new one`));
  }

  get size(): number {
    return this.summaries.size;
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      throw new Error(`cannot connect to the PostgreSQL store at ${this.where} (field "store.url"): ${(err as Error).message}; check that the server runs and the URL, user and password are right`);
    }
  }

  async load(): Promise<void> {
    const client = await this.connect();
    try {
      if (this.options.readOnly) {
        const version = await schemaVersion(client);
        if (version === 0) throw new Error(`the PostgreSQL store at ${this.where} holds no readiness data yet; start a collector on it first`);
        if (version > LATEST_VERSION) throw tooNew(version, this.where);
      } else {
        const applied = await migrate(client, this.where);
        if (applied.length) this.log(`collector: migrated the PostgreSQL store at ${this.where} to schema version ${applied[applied.length - 1]}`);
      }
    } finally {
      client.release();
    }
    // Listening before the first read: a change committed while loading is re-read, not missed.
    if (!this.options.readOnly) await this.listen();
    const rows = await this.pool.query<Row>('SELECT agent_id, version::text AS version, record FROM readiness_hosts');
    for (const row of rows.rows) this.take(row);
  }

  /** Takes a row read from the database into memory when it is newer than what is there. */
  private take(row: Row): void {
    const version = BigInt(row.version);
    const known = this.versions.get(row.agent_id);
    if (known !== undefined && known >= version) return;
    const parsed = StoredRecord.safeParse(row.record);
    if (!parsed.success || parsed.data.agentId !== row.agent_id) {
      const problem = parsed.success ? 'its agentId does not match its key' : describeIssues(parsed.error);
      const line = `the row of host ${row.agent_id} in ${this.where} does not validate (${problem}); it is left in the table and not served`;
      this.warnings.push(line);
      this.log(`collector: warning: ${line}`);
      return;
    }
    this.remember(parsed.data, version);
  }

  private remember(summary: HostSummary, version: bigint): void {
    this.versions.set(summary.agentId, version);
    this.summaries.set(summary.agentId, summary);
    for (const listener of this.listeners) listener(summary);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => {
      const [from, agentId] = (n.payload ?? '').split(' ');
      if (from === this.instance || !agentId) return;
      this.pending.add(agentId);
      this.flushing ??= Promise.resolve().then(() => this.flush());
    });
    client.on('error', (err) => {
      if (this.closed) return;
      this.log(`collector: warning: lost the PostgreSQL notification connection to ${this.where} (${err.message}); reconnecting, then re-reading every changed host`);
      this.listener = null;
      void client.end().catch(() => {});
      setTimeout(() => void this.relisten(), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private async relisten(): Promise<void> {
    if (this.closed) return;
    try {
      await this.listen();
      await this.resync();
    } catch (err) {
      this.log(`collector: warning: cannot reconnect to ${this.where} yet (${(err as Error).message}); trying again`);
      setTimeout(() => void this.relisten(), 5000).unref();
    }
  }

  /** Re-reads every host whose version differs from the one in memory. */
  private async resync(): Promise<void> {
    const rows = await this.pool.query<{ agent_id: string; version: string }>('SELECT agent_id, version::text AS version FROM readiness_hosts');
    const stale = rows.rows.filter((r) => this.versions.get(r.agent_id) !== BigInt(r.version)).map((r) => r.agent_id);
    for (const id of stale) this.pending.add(id);
    await this.flush();
  }

  /** Re-reads the hosts other processes changed, in one query per batch. */
  private async flush(): Promise<void> {
    try {
      while (this.pending.size && !this.closed) {
        const ids = [...this.pending];
        this.pending = new Set();
        const rows = await this.pool.query<Row>('SELECT agent_id, version::text AS version, record FROM readiness_hosts WHERE agent_id = ANY($1)', [ids]);
        for (const row of rows.rows) this.take(row);
      }
    } catch (err) {
      if (!this.closed) this.log(`collector: warning: could not re-read hosts changed by another collector (${(err as Error).message}); they are read again after the next change`);
    } finally {
      this.flushing = null;
    }
  }

  onHostChange(listener: (host: HostSummary) => void): void {
    this.listeners.push(listener);
  }

  /** Runs `work` in one transaction; its result counts only once COMMIT returned. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /** The host's row, locked until the transaction ends; null for an unknown host. */
  private async lock(client: PoolClient, agentId: string): Promise<HostRecord | null> {
    const res = await client.query<{ record: HostRecord; recent_ids: string[] }>('SELECT record, recent_ids FROM readiness_hosts WHERE agent_id = $1 FOR UPDATE', [agentId]);
    const row = res.rows[0];
    return row ? { ...row.record, recentReportIds: row.recent_ids } : null;
  }

  /**
   * Writes the record in the open transaction, with the program list of its latest report when
   * that changed (`set`: a new list, `clear`: the new latest report has none), and tells the
   * other processes; one statement, so a report costs four round trips (BEGIN, the locking
   * read, this, COMMIT). Returns the record's new version.
   */
  private async write(client: PoolClient, record: HostRecord, programs?: { set: { reportId: string; programs: unknown[] } } | 'clear'): Promise<bigint> {
    const { recentReportIds, ...rest } = record;
    const params: unknown[] = [record.agentId, JSON.stringify(rest), recentReportIds, CHANNEL, `${this.instance} ${record.agentId}`];
    let list = '';
    if (programs === 'clear') list = ', p AS (DELETE FROM readiness_host_programs WHERE agent_id = $1)';
    else if (programs) {
      params.push(programs.set.reportId, JSON.stringify(programs.set.programs));
      list = `, p AS (INSERT INTO readiness_host_programs (agent_id, report_id, programs) VALUES ($1, $6, $7)
        ON CONFLICT (agent_id) DO UPDATE SET report_id = excluded.report_id, programs = excluded.programs)`;
    }
    const res = await client.query<{ version: string }>(
      `WITH h AS (
         INSERT INTO readiness_hosts (agent_id, record, recent_ids) VALUES ($1, $2, $3)
         ON CONFLICT (agent_id) DO UPDATE SET record = excluded.record, recent_ids = excluded.recent_ids,
           version = readiness_hosts.version + 1, updated_at = now()
         RETURNING version
       )${list}, n AS (SELECT pg_notify($4, $5))
       SELECT h.version::text AS version FROM h, n`,
      params,
    );
    return BigInt(res.rows[0]!.version);
  }

  /** Takes committed records into memory. */
  private committed(records: Array<[HostRecord, bigint]>): void {
    for (const [record, version] of records) {
      const { recentReportIds: _ids, ...summary } = record;
      const known = this.versions.get(record.agentId);
      if (known === undefined || known < version) this.remember(summary, version);
    }
  }

  async createAgent(agent: NewAgent): Promise<void> {
    const record = newHostRecord(agent);
    const version = await this.transaction(async (client) => {
      // Enrolling again under the same id starts the record afresh, as the file store does.
      await client.query('DELETE FROM readiness_host_programs WHERE agent_id = $1', [agent.agentId]);
      return this.write(client, record);
    });
    this.committed([[record, version]]);
  }

  getHost(agentId: string): HostSummary | undefined {
    return this.summaries.get(agentId);
  }

  async readHost(agentId: string): Promise<HostRecord | undefined> {
    const res = await this.pool.query<{ record: HostRecord; recent_ids: string[]; report_id: string | null; programs: unknown }>(
      `SELECT h.record, h.recent_ids, p.report_id, p.programs FROM readiness_hosts h
       LEFT JOIN readiness_host_programs p ON p.agent_id = h.agent_id WHERE h.agent_id = $1`,
      [agentId],
    );
    const row = res.rows[0];
    if (!row) return undefined;
    const record: HostRecord = { ...row.record, recentReportIds: row.recent_ids };
    const latest = record.latest;
    if (!latest?.software) return record;
    if (row.report_id === latest.reportId && Array.isArray(row.programs)) {
      return { ...record, latest: { ...latest, software: { ...latest.software, programs: row.programs as NonNullable<HostReport['software']>['programs'] } } };
    }
    // Written in one transaction with the record, so this means a hand edit; said, never shown as "no programs".
    const error = { section: 'software', code: 'failed' as const, message: 'the stored program list is missing from the database; the next report brings it again' };
    return { ...record, latest: { ...latest, software: undefined, errors: [...latest.errors, error] } };
  }

  listHosts(): HostSummary[] {
    return [...this.summaries.values()];
  }

  async addReport(report: HostReport, receivedAt: Date, options: AddReportOptions = {}): Promise<'stored' | 'duplicate'> {
    const outcome = await this.transaction(async (client) => {
      const host = await this.lock(client, report.agentId);
      if (!host) throw new Error(`agent ${report.agentId} is not enrolled`);
      if (host.retired) throw new Error(`agent ${report.agentId} is retired`);
      if (host.recentReportIds.includes(report.reportId)) return null;
      const { recentReportIds, ...summary } = host;
      const newest = isNewestReport(summary, reportInstant(report, receivedAt, options.clockSkewSeconds));
      const record = withReport(summary, recentReportIds, report, receivedAt, options, withoutPrograms);
      const programs = !newest ? undefined : report.software ? { set: { reportId: report.reportId, programs: report.software.programs } } : ('clear' as const);
      return [record, await this.write(client, record, programs)] as [HostRecord, bigint];
    });
    if (!outcome) return 'duplicate';
    this.committed([outcome]);
    return 'stored';
  }

  private async change(agentId: string, update: (record: HostRecord) => HostRecord): Promise<HostSummary | undefined> {
    const outcome = await this.transaction(async (client) => {
      const host = await this.lock(client, agentId);
      if (!host) return null;
      const record = update(host);
      return [record, await this.write(client, record)] as [HostRecord, bigint];
    });
    if (!outcome) return undefined;
    this.committed([outcome]);
    return this.summaries.get(agentId);
  }

  moveHost(agentId: string, to: { unit: string; room: string | null }): Promise<HostSummary | undefined> {
    return this.change(agentId, (r) => withMove(r, to, new Date().toISOString()));
  }

  rekeyHost(agentId: string, rekey: Rekey): Promise<HostSummary | undefined> {
    return this.change(agentId, (r) => withRekey(r, rekey));
  }

  retireHost(agentId: string, retirement: Retirement): Promise<HostSummary | undefined> {
    return this.change(agentId, (r) => withRetirement(r, retirement, deadKeyHash()));
  }

  async mergeHosts(fromId: string, intoId: string, by: RetirementBy): Promise<HostSummary | undefined> {
    const outcome = await this.transaction(async (client) => {
      // Locked in one order, so two opposite merges cannot deadlock; one transaction, so a
      // crash leaves both hosts as they were or both merged.
      const [first, second] = fromId < intoId ? [fromId, intoId] : [intoId, fromId];
      const locked = new Map([[first, await this.lock(client, first)], [second, await this.lock(client, second)]]);
      const from = locked.get(fromId);
      const into = locked.get(intoId);
      if (!from || !into) return null;
      const retired = withRetirement(from, mergedRetirement(intoId, by), deadKeyHash());
      const merged = withMerge(into, from, by.at);
      return [
        [retired, await this.write(client, retired)],
        [merged, await this.write(client, merged)],
      ] as Array<[HostRecord, bigint]>;
    });
    if (!outcome) return undefined;
    this.committed(outcome);
    return this.summaries.get(intoId);
  }

  /**
   * Copies whole host records (program lists included) from another store, for
   * `readiness store migrate`: in batches, each one transaction; a host already in the
   * database is left as it is there (it may have newer reports), so an interrupted copy is
   * run again safely. Returns the ids copied.
   */
  async importHosts(records: HostRecord[]): Promise<string[]> {
    const copied: string[] = [];
    for (let i = 0; i < records.length; i += IMPORT_BATCH) {
      const batch = records.slice(i, i + IMPORT_BATCH);
      const inserted = await this.transaction(async (client) => {
        const res = await client.query<{ agent_id: string }>(
          `INSERT INTO readiness_hosts (agent_id, record, recent_ids)
           SELECT a, r, ARRAY(SELECT json_array_elements_text(i)) FROM unnest($1::text[], $2::json[], $3::json[]) AS t(a, r, i)
           ON CONFLICT (agent_id) DO NOTHING RETURNING agent_id`,
          [
            batch.map((r) => r.agentId),
            batch.map(({ recentReportIds: _ids, latest, ...rest }) => JSON.stringify({ ...rest, latest: latest && withoutPrograms(latest) })),
            batch.map((r) => JSON.stringify(r.recentReportIds)),
          ],
        );
        const ids = new Set(res.rows.map((r) => r.agent_id));
        const lists = batch.filter((r) => ids.has(r.agentId) && r.latest?.software);
        await client.query(
          `INSERT INTO readiness_host_programs (agent_id, report_id, programs) SELECT * FROM unnest($1::text[], $2::text[], $3::json[])`,
          [lists.map((r) => r.agentId), lists.map((r) => r.latest!.reportId), lists.map((r) => JSON.stringify(r.latest!.software!.programs))],
        );
        return ids;
      });
      for (const record of batch) if (inserted.has(record.agentId)) copied.push(record.agentId);
    }
    return copied;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.listener?.end().catch(() => {});
    await this.pool.end();
  }
}
