/**
 * What only the PostgreSQL store has: migrations at start-up, several processes on one
 * database (the report-id check under the row lock, changes seen by the others through
 * NOTIFY), and its start-up errors. The shared behaviour is in store-contract.test.ts; the
 * kill -9 of one of two collector processes is in test/e2e/postgres-collectors.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PostgresStore } from '../../collector/store/postgres/postgres-store.js';
import { LATEST_VERSION, MIGRATIONS } from '../../collector/store/postgres/migrations.js';
import { PostgresHistoryStore } from '../../collector/store/postgres/history.js';
import { newHostRecord } from '../../collector/store/host-record.js';
import { makeReport } from '../helpers/report-fixture.js';
import { postgresRequirement, startPostgres } from '../helpers/postgres.js';
import type { TestPostgres } from '../helpers/postgres.js';
import { HOST_A, testAgent } from '../helpers/store-kinds.js';

const req = postgresRequirement();

const agent = (agentId: string) => ({ ...testAgent(agentId), room: null });
const A = HOST_A;

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!req.ok)('PostgreSQL store', () => {
  let server: TestPostgres;
  const open: PostgresStore[] = [];
  const store = async (url: string, opts: ConstructorParameters<typeof PostgresStore>[1] = {}) => {
    const s = new PostgresStore(url, { log: () => {}, ...opts });
    open.push(s);
    await s.load();
    return s;
  };
  beforeAll(async () => {
    server = await startPostgres({ fsync: false });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close().catch(() => {})));
    await server?.stop();
  });

  it('migrates a new database once when two processes start at the same moment', async () => {
    const url = await server.createDatabase();
    const lines: string[] = [];
    await Promise.all([store(url, { log: (l) => lines.push(l) }), store(url, { log: (l) => lines.push(l) })]);
    expect(lines.filter((l) => l.includes('migrated'))).toHaveLength(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const ledger = await client.query('SELECT version FROM readiness_migrations ORDER BY version');
    await client.end();
    expect(ledger.rows.map((r) => r.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
    // A third start finds nothing to do.
    await store(url, { log: (l) => lines.push(l) });
    expect(lines.filter((l) => l.includes('migrated'))).toHaveLength(1);
  });

  it('refuses a database migrated by a newer version, and a reader refuses an empty one', async () => {
    const url = await server.createDatabase();
    await expect(store(url, { readOnly: true })).rejects.toThrow(/holds no readiness data yet/);
    await store(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO readiness_migrations (version, name) VALUES (999, 'from the future')`);
    await client.end();
    await expect(store(url)).rejects.toThrow(/schema version 999, newer than this readiness knows/);
  });

  it('takes a database of the previous version (hosts, no history) to the current one, hosts kept; a reader of that version reads no history', async () => {
    const url = await server.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // What a collector of schema version 1 left: its ledger, its tables and a host in them.
    await client.query(`CREATE TABLE readiness_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(MIGRATIONS[0]!.sql);
    await client.query(`INSERT INTO readiness_migrations (version, name) VALUES (1, $1)`, [MIGRATIONS[0]!.name]);
    const { recentReportIds: _ids, ...record } = newHostRecord(agent(A));
    await client.query('INSERT INTO readiness_hosts (agent_id, record) VALUES ($1, $2)', [A, JSON.stringify(record)]);
    const reader = new PostgresHistoryStore(url, { readOnly: true, log: () => {} });
    expect(await reader.days()).toEqual([]);
    expect(await reader.readDay('2025-12-01')).toBeNull();
    await reader.close();

    const lines: string[] = [];
    const upgraded = await store(url, { log: (l) => lines.push(l) });
    expect(lines).toEqual([expect.stringContaining(`to schema version ${LATEST_VERSION}`)]);
    expect(upgraded.getHost(A)?.hostname).toBe('VP-PC01');
    const ledger = await client.query('SELECT version FROM readiness_migrations ORDER BY version');
    expect(ledger.rows.map((r) => r.version)).toEqual([1, 2]);
    expect((await client.query(`SELECT to_regclass('readiness_history')::text AS t`)).rows[0].t).toBe('readiness_history');
    await client.end();
  });

  it('says which store it cannot reach, without the password', async () => {
    const s = new PostgresStore('postgresql://readiness:s3cret-pass@127.0.0.1:1/readiness', { log: () => {} });
    const err = (await s.load().catch((e: Error) => e)) as Error;
    await s.close();
    expect(err.message).toMatch(/cannot connect to the PostgreSQL store at postgresql:\/\/readiness:\*\*\*@127\.0\.0\.1:1\/readiness \(field "store\.url"\)/);
    expect(err.message).not.toContain('s3cret-pass');
  });

  it('two processes on one database: each sees the other\'s changes, and a report sent to both is stored once', async () => {
    const url = await server.createDatabase();
    const [one, two] = await Promise.all([store(url), store(url)]);
    const seenByTwo: number[] = [];
    two.onHostChange((h) => seenByTwo.push(h.reportCount));
    await one.createAgent(agent(A));
    await until(() => two.getHost(A) !== undefined, 'the enrollment to reach the second process');

    const reports = Array.from({ length: 30 }, () => makeReport(A));
    // Every report to both processes at once, as a load balancer retrying would.
    const outcomes = await Promise.all(reports.flatMap((r) => [one.addReport(r, new Date()), two.addReport(r, new Date())]));
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(30);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(30);
    await until(() => one.getHost(A)!.reportCount === 30 && two.getHost(A)!.reportCount === 30, 'both views to count 30 reports');
    expect((await one.readHost(A))!.recentReportIds.sort()).toEqual(reports.map((r) => r.reportId).sort());
    // The second process's listeners heard about the first's commits too, never going backwards.
    expect(seenByTwo).toEqual([...seenByTwo].sort((a, b) => a - b));

    await two.retireHost(A, { at: '2025-12-06T00:00:00.000Z', reason: 'máy hỏng', mergedInto: null });
    await until(() => one.getHost(A)!.retired?.reason === 'máy hỏng', 'the retirement to reach the first process');
    await expect(one.addReport(makeReport(A), new Date())).rejects.toThrow(/retired/);
  });

  it('catches up after its notification connection is cut', async () => {
    const url = await server.createDatabase();
    const lines: string[] = [];
    const [one, two] = await Promise.all([store(url), store(url, { log: (l) => lines.push(l) })]);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // Cut the second process's LISTEN connection from the server side, then write meanwhile.
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
    await one.createAgent(agent(A));
    await one.addReport(makeReport(A), new Date());
    await admin.end();
    await until(() => two.getHost(A)?.reportCount === 1, 'the second process to re-read what it missed');
    expect(lines.join('\n')).toMatch(/lost the PostgreSQL notification connection/);
  });
});
