/**
 * Real SNMP agents on loopback for the scanner tests: Debian's `snmpd` with a test config
 * (communities, v3 users, `override` lines) and `snmpsim` serving data files (one community per
 * file). Each listens on a UDP port found free at run time and keeps its files in the caller's
 * temporary directory; `stop()` ends the process it started, by its pid.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';

export interface RunningAgent {
  port: number;
  stop(): Promise<void>;
  output(): string;
}

/** A UDP port nothing listens on right now (the agent binds it a moment later). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
}

/** Waits until `ready()` says yes, or the process exits, or `ms` pass. */
async function waitFor(child: ChildProcess, ready: () => Promise<boolean> | boolean, what: string, output: () => string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before answering:\n${output().slice(-2000)}`);
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer within ${ms} ms:\n${output().slice(-2000)}`);
}

/** Whether something answers a v2c get of sysUpTime on the port (with `snmpget`). */
function answers(port: number, community: string): boolean {
  try {
    execFileSync('snmpget', ['-v2c', '-c', community, '-t', '0.3', '-r', '0', `127.0.0.1:${port}`, '1.3.6.1.2.1.1.3.0'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface SnmpdOptions {
  dir: string;
  community: string;
  v3?: { user: string; auth: 'SHA-256' | 'SHA-512' | 'SHA'; authPass: string; priv: 'AES' | 'DES'; privPass: string };
  sysName: string;
  /** `override` lines: [oid, type, value]. */
  overrides?: Array<[string, 'integer' | 'uinteger' | 'octet_str' | 'object_id' | 'counter', string | number]>;
}

export async function startSnmpd(opts: SnmpdOptions): Promise<RunningAgent> {
  const port = await freeUdpPort();
  await mkdir(join(opts.dir, 'persist'), { recursive: true });
  const quote = (v: string | number) => (typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '\\"')}"`);
  const lines = [
    `agentaddress udp:127.0.0.1:${port}`,
    `rocommunity ${opts.community} 127.0.0.1`,
    `sysName ${opts.sysName}`,
    'sysLocation readiness test room',
    ...(opts.v3 ? [`createUser ${opts.v3.user} ${opts.v3.auth} "${opts.v3.authPass}" ${opts.v3.priv} "${opts.v3.privPass}"`, `rouser ${opts.v3.user} authpriv`] : []),
    ...(opts.overrides ?? []).map(([oid, type, value]) => `override ${oid} ${type} ${quote(value)}`),
  ];
  const conf = join(opts.dir, 'snmpd.conf');
  await writeFile(conf, lines.join('\n') + '\n');
  // -C: this file only; -Lo: log to stdout; the persistent dir keeps the engine boots out of /var/lib/snmp.
  const child = spawn('/usr/sbin/snmpd', ['-f', '-Lo', '-C', '-c', conf, '-p', join(opts.dir, 'snmpd.pid')], {
    env: { ...process.env, SNMP_PERSISTENT_DIR: join(opts.dir, 'persist'), MIBS: '', MIBDIRS: join(opts.dir, 'no-mibs') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await waitFor(child, () => answers(port, opts.community), 'snmpd', () => out);
  return { port, stop: stopper(child), output: () => out };
}

/**
 * snmpsim serving `files` (community → snmprec text). Run as root it must drop to
 * nobody/nogroup, so its data and cache directories are made readable and writable for them.
 */
export async function startSnmpsim(dir: string, files: Record<string, string>): Promise<RunningAgent> {
  const port = await freeUdpPort();
  const data = join(dir, 'snmpsim-data');
  const cache = join(dir, 'snmpsim-cache');
  await mkdir(data, { recursive: true });
  await mkdir(cache, { recursive: true });
  for (const [community, text] of Object.entries(files)) await writeFile(join(data, `${community}.snmprec`), text);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // Every directory from the temporary root down must be searchable by nobody.
    for (let d = dir; d.startsWith(tmpdir()) && d !== tmpdir(); d = dirname(d)) await chmod(d, 0o755);
    await chmod(data, 0o755);
    await chown(cache, 65534, 65534);
  }
  const child = spawn(
    'snmpsimd',
    [
      `--data-dir=${data}`,
      `--cache-dir=${cache}`,
      `--agent-udpv4-endpoint=127.0.0.1:${port}`,
      '--logging-method=stderr',
      ...(asRoot ? ['--process-user=nobody', '--process-group=nogroup'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const community = Object.keys(files)[0]!;
  await waitFor(child, () => out.includes('Listening at') && answers(port, community), 'snmpsimd', () => out, 120_000);
  return { port, stop: stopper(child), output: () => out };
}

/** The recorded walks snmpsim ships (BSD-2-Clause, /usr/share/doc/snmpsim/copyright). */
export const SNMPSIM_EXAMPLES = '/usr/share/doc/snmpsim/examples/data';
