/**
 * The PostgreSQL store's schema, as numbered migrations applied in order at start-up. Each
 * collector process runs `migrate` before it serves; an advisory lock makes two processes that
 * start at once apply each migration exactly once, and a database migrated by a newer version
 * than this one stops start-up rather than be written in a shape this version does not know.
 *
 * A migration is never edited once released: a change of schema is a new entry at the end.
 */
import type { ClientBase } from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Held for the length of the migrating transaction (an arbitrary constant: "readiness" in ASCII). */
const MIGRATION_LOCK = 0x7265616469;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'hosts, their recent report ids and the program list of their latest report',
    // `json`, not `jsonb`: a report may carry "\u0000" in a string, which jsonb refuses and
    // json keeps as written. `recent_ids` apart from the record so start-up need not read them.
    sql: `
      CREATE TABLE readiness_hosts (
        agent_id   text PRIMARY KEY,
        version    bigint NOT NULL DEFAULT 1,
        record     json NOT NULL,
        recent_ids text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE readiness_host_programs (
        agent_id  text PRIMARY KEY REFERENCES readiness_hosts (agent_id) ON DELETE CASCADE,
        report_id text NOT NULL,
        programs  json NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'the daily history: one row per day, its record and its host rows',
    // The host rows gzipped, as the file store keeps them (a 20,000-host day is a few MB as
    // JSON, a few hundred KB packed); `written_at` is the snapshot's own time, which decides
    // which of two collectors' snapshots of one day stands.
    sql: `
      CREATE TABLE readiness_history (
        day        text PRIMARY KEY CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        written_at timestamptz NOT NULL,
        record     json NOT NULL,
        hosts      bytea NOT NULL,
        stored_at  timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS readiness_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

/** The schema version the database is at (0: never migrated). */
export async function schemaVersion(client: ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('readiness_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const row = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM readiness_migrations');
  return row.rows[0]?.v ?? 0;
}

export function tooNew(version: number, where: string): Error {
  return new Error(
    `the PostgreSQL store at ${where} is at schema version ${version}, newer than this readiness knows (${LATEST_VERSION}); upgrade this collector to the version that migrated it`,
  );
}

/** Applies every migration the database lacks, in one transaction; returns the versions applied. */
export async function migrate(client: ClientBase, where: string): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(CREATE_LEDGER);
    const current = await schemaVersion(client);
    if (current > LATEST_VERSION) throw tooNew(current, where);
    const applied: number[] = [];
    for (const m of MIGRATIONS.filter((x) => x.version > current)) {
      await client.query(m.sql);
      await client.query('INSERT INTO readiness_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
