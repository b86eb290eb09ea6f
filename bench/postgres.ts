/**
 * The PostgreSQL half of `bench:ingest` and `bench:rules`: a throwaway server of this machine's
 * PostgreSQL (the tests' helper, test/helpers/postgres.ts; fsync on, default settings), and a
 * database filled from a data directory the way `readiness store migrate` does. Without
 * PostgreSQL installed the benchmarks say so and measure the file store alone.
 */
import { execFileSync } from 'node:child_process';
import { startPostgres } from '../test/helpers/postgres.js';
import type { TestPostgres } from '../test/helpers/postgres.js';
import { CLI } from './lib.js';

export async function benchPostgres(): Promise<TestPostgres | null> {
  if (process.env.BENCH_POSTGRES === 'off') return null;
  try {
    return await startPostgres({ fsync: true });
  } catch (err) {
    console.log(`  (PostgreSQL half skipped: ${(err as Error).message.split('\n')[0]})`);
    return null;
  }
}

/** Copies a data directory's hosts into a new database with `readiness store migrate`; returns its URL and the seconds it took. */
export async function migratedDatabase(server: TestPostgres, dataDir: string): Promise<{ url: string; seconds: number }> {
  const url = await server.createDatabase();
  const started = performance.now();
  execFileSync(process.execPath, [CLI, 'store', 'migrate', '--from', dataDir, '--to', url], { stdio: 'ignore' });
  return { url, seconds: (performance.now() - started) / 1000 };
}
