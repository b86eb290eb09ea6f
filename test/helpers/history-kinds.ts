/**
 * The histories the history contract (test/collector/history.test.ts) runs against: the files
 * beside the file store, and the PostgreSQL store's table on a throwaway server (the store
 * contract's helper, test/helpers/postgres.ts). Each backing opens fresh instances on one
 * directory or database, so a test can read back with a second instance what the first wrote.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { HistoryStore } from '../../collector/history-store.js';
import type { DailyHistory } from '../../collector/history-store.js';
import { PostgresHistoryStore } from '../../collector/store/postgres/history.js';
import { PostgresStore } from '../../collector/store/postgres/postgres-store.js';
import { makeTempDir } from './temp-dir.js';
import { postgresRequirement, startPostgres } from './postgres.js';
import type { Requirement } from './system.js';

export interface HistoryBacking {
  /** A new history on this backing, opened. */
  open(): Promise<DailyHistory>;
  /** Damages the host rows of `day` as a disk error or a hand edit would. */
  damageHosts(day: string): Promise<void>;
  /** The bytes the backing holds for `day`'s host rows (gzipped JSON), or null. */
  hostBytes(day: string): Promise<Buffer | null>;
  /** Closes every instance opened and removes the backing. */
  remove(): Promise<void>;
}

export interface HistoryKind {
  name: string;
  requirement: () => Requirement;
  start(): Promise<{ backing(): Promise<HistoryBacking>; stop(): Promise<void> }>;
}

export const fileHistory: HistoryKind = {
  name: 'file history',
  requirement: () => ({ ok: true, reason: '' }),
  start: async () => ({
    backing: async () => {
      const dir = await makeTempDir();
      const at = join(dir.path, 'history');
      return {
        open: () => new HistoryStore(at, { asideDir: join(dir.path, 'corrupt', 'history'), log: () => {} }).open(),
        damageHosts: (day) => rm(join(at, `${day}.hosts.json.gz`)),
        hostBytes: (day) => readFile(join(at, `${day}.hosts.json.gz`)).catch(() => null),
        remove: () => dir.remove(),
      };
    },
    stop: async () => {},
  }),
};

export const postgresHistory: HistoryKind = {
  name: 'PostgreSQL history',
  requirement: postgresRequirement,
  start: async () => {
    const server = await startPostgres({ fsync: false });
    return {
      backing: async () => {
        const url = await server.createDatabase();
        // Migrated by the store first, as a collector does at start-up.
        const store = new PostgresStore(url, { log: () => {} });
        await store.load();
        await store.close();
        const opened: DailyHistory[] = [];
        const sql = async <R extends pg.QueryResultRow>(text: string, params: unknown[]) => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            return (await client.query<R>(text, params)).rows;
          } finally {
            await client.end();
          }
        };
        return {
          open: async () => {
            const history = await new PostgresHistoryStore(url, { log: () => {} }).open();
            opened.push(history);
            return history;
          },
          damageHosts: async (day) => void (await sql(`UPDATE readiness_history SET hosts = '\\x00'::bytea WHERE day = $1`, [day])),
          hostBytes: async (day) => (await sql<{ hosts: Buffer }>('SELECT hosts FROM readiness_history WHERE day = $1', [day]))[0]?.hosts ?? null,
          remove: async () => void (await Promise.all(opened.map((h) => h.close()))),
        };
      },
      stop: () => server.stop(),
    };
  },
};
