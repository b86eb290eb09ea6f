/**
 * A throwaway PostgreSQL server per test file: `initdb` into a temporary directory, listening
 * only on a unix socket in that directory (no TCP port, so nothing collides with another
 * engineer's server or a real one), stopped and removed afterwards. Under root the server runs
 * as the `postgres` user (Debian's `postgresql` package creates it), since postgres refuses root.
 *
 * Needs Debian's `postgresql` (binaries in /usr/lib/postgresql/<n>/bin) or initdb, pg_ctl and
 * postgres on PATH; skips with a message without them, unless CI=true.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { isRoot, systemRequirement } from './system.js';
import type { Requirement } from './system.js';

const INSTALL = 'apt-get install postgresql';

/** The directory holding initdb and pg_ctl: PATH first, then Debian's versioned directories. */
function binDir(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(debian, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(debian, versions[0]!, 'bin') : null;
}

function postgresUser(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

export function postgresRequirement(): Requirement {
  const dir = binDir();
  const commands = dir ? [join(dir, 'initdb'), join(dir, 'pg_ctl'), join(dir, 'postgres')] : ['initdb'];
  const req = systemRequirement({ commands: isRoot() ? [...commands, 'runuser'] : commands, install: INSTALL });
  if (!req.ok || !isRoot() || postgresUser()) return req;
  return systemRequirement({ commands: ['a-postgres-user'], install: `${INSTALL} (it creates the postgres user the server runs as under root)` });
}

export interface TestPostgres {
  /** A connection URL for database `db` on the throwaway server. */
  url(db?: string): string;
  /** Creates an empty database with a random name; returns its URL. */
  createDatabase(): Promise<string>;
  /** The memory of the server's processes in MB, shared buffers counted once (the sum of their PSS), for the benchmarks. */
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startPostgres(opts: { fsync?: boolean } = {}): Promise<TestPostgres> {
  const bin = binDir();
  if (!bin) throw new Error(`no PostgreSQL binaries found (${INSTALL})`);
  const dir = await mkdtemp(join(tmpdir(), 'readiness-pg-'));
  const data = join(dir, 'data');
  const user = isRoot() ? postgresUser() : null;
  if (isRoot() && !user) throw new Error(`postgres refuses to run as root and there is no postgres user (${INSTALL})`);
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (command: string, args: string[]) =>
    execFileSync(user ? 'runuser' : join(bin, command), user ? ['-u', 'postgres', '--', join(bin, command), ...args] : args, { stdio: 'pipe', encoding: 'utf8', cwd: dir });
  // The port only names the socket file: the directory is this test's own, so any number does.
  const port = 20000 + Math.floor(Math.random() * 40000);
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const settings = [`-c listen_addresses=''`, `-k ${dir}`, `-p ${port}`, `-c fsync=${opts.fsync === false ? 'off' : 'on'}`, '-c max_connections=200'];
  try {
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings.join(' '), 'start']);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`the throwaway PostgreSQL server did not start: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`);
  }
  const url = (db = 'postgres') => `postgresql://postgres@localhost:${port}/${db}?host=${encodeURIComponent(dir)}`;
  return {
    url,
    async createDatabase() {
      const name = `readiness_${Math.random().toString(36).slice(2, 10)}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    rssMb() {
      const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      let kb = 0;
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
          // The field after the command name in parentheses, which may itself hold spaces.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          if (Number(pid) !== postmaster && ppid !== postmaster) continue;
          kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
        } catch {
          // The process ended while being read.
        }
      }
      return kb / 1024;
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
