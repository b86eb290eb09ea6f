/**
 * Runs one command with a time limit and records what it did. A command that is not
 * installed is `absent` (found by looking along PATH first, so a missing tool costs no
 * process); a command that overruns its limit is killed and marked `timedOut`. Never throws:
 * every outcome is data for the parsers. Every child runs under the C locale (exec/locale.ts).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { cLocaleEnv } from './locale.js';
import type { OutputKey, RawOutput } from './recorded.js';

export interface CommandSpec {
  key: OutputKey;
  file: string;
  args: readonly string[];
  timeoutMs: number;
  /** Written to the command's stdin, then closed. */
  input?: string;
  /** Shown in the manifest instead of the real arguments (e.g. an encoded PowerShell bootstrap). */
  display?: string;
}

const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const STDERR_KEPT = 4096;

/** Administrator tools live in sbin, which a service account's PATH often lacks. */
const EXTRA_DIRS = process.platform === 'win32' ? [] : ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where `file` would run from, or null when it is not installed. */
export async function resolveExecutable(file: string): Promise<string | null> {
  if (isAbsolute(file)) return (await isExecutable(file)) ? file : null;
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  const exts = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, file + ext);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

const describe = (spec: CommandSpec) => spec.display ?? [spec.file, ...spec.args].join(' ');

/** Counts processes this module started, for the bench and tests ("one PowerShell per run"). */
let spawned = 0;
export const spawnedProcessCount = (): number => spawned;

/** How a process ended: what it printed, its exit code, whether it was killed for overrunning. */
export interface ProcessOutcome {
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  /** The first 4 KiB of stderr, or why the process could not start. */
  stderr: string;
  /** Why the process could not be started at all (`spawn ping ENOENT`), else null. */
  spawnError: string | null;
}

/**
 * Starts `file` (a path, or a name looked up along PATH) under the C locale with a time limit
 * and collects its output; never throws. Every process the agent starts goes through here
 * (posture commands, ping).
 */
export function execute(file: string, args: readonly string[], opts: { timeoutMs: number; input?: string }): Promise<ProcessOutcome> {
  const started = performance.now();
  spawned += 1;
  return new Promise<ProcessOutcome>((resolve) => {
    const child = spawn(file, args, { env: cLocaleEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let timedOut = false;
    let failure: string | null = null;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) child.kill('SIGKILL');
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
    child.on('error', (e) => {
      failure = e.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: timedOut ? null : code,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        stderr: (failure ?? Buffer.concat(err).toString('utf8')).slice(0, STDERR_KEPT),
        stdout: Buffer.concat(out).toString('utf8'),
        spawnError: failure,
      });
    });
  });
}

/**
 * @example await runCommand({key: 'linux/lsblk.json', file: 'lsblk', args: ['-J'], timeoutMs: 5000})
 */
export async function runCommand(spec: CommandSpec): Promise<RawOutput> {
  const base = { key: spec.key, command: describe(spec), kind: 'command' as const };
  const path = await resolveExecutable(spec.file);
  if (!path) return { ...base, absent: true, exitCode: null, timedOut: false, durationMs: 0, stderr: '', stdout: '' };
  const { spawnError: _, ...outcome } = await execute(path, spec.args, { timeoutMs: spec.timeoutMs, input: spec.input });
  return { ...base, absent: false, ...outcome };
}

/**
 * Reads a text file as a recorded output: a missing file is `absent`, as a missing command is.
 * `transform` keeps only what the parsers need (e.g. the admin groups of /etc/group).
 */
export async function readTextFile(key: OutputKey, paths: readonly string[], transform?: (text: string) => string): Promise<RawOutput> {
  const started = performance.now();
  for (const path of paths) {
    try {
      const text = await readFile(path, 'utf8');
      return {
        key,
        command: `read ${path}`,
        kind: 'file',
        absent: false,
        exitCode: 0,
        timedOut: false,
        durationMs: Math.round(performance.now() - started),
        stderr: '',
        stdout: transform ? transform(text) : text,
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        return { key, command: `read ${path}`, kind: 'file', absent: false, exitCode: 1, timedOut: false, durationMs: 0, stderr: (e as Error).message, stdout: '' };
      }
    }
  }
  return { key, command: `read ${paths.join(' or ')}`, kind: 'file', absent: true, exitCode: null, timedOut: false, durationMs: 0, stderr: '', stdout: '' };
}
