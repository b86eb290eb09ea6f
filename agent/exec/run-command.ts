/**
 * Runs one command with a time limit and records what it did. A command that is not
 * installed is `absent` (found by looking along PATH first, so a missing tool costs no
 * process); a command that overruns its limit is killed and marked `timedOut`. Never throws:
 * every outcome is data for the parsers.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
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

/**
 * @example await runCommand({key: 'linux/lsblk.json', file: 'lsblk', args: ['-J'], timeoutMs: 5000})
 */
export async function runCommand(spec: CommandSpec): Promise<RawOutput> {
  const base = { key: spec.key, command: describe(spec), kind: 'command' as const };
  const path = await resolveExecutable(spec.file);
  if (!path) return { ...base, absent: true, exitCode: null, timedOut: false, durationMs: 0, stderr: '', stdout: '' };

  const started = performance.now();
  spawned += 1;
  return new Promise<RawOutput>((resolve) => {
    // C locale: parsers read English labels ("Status: active"), whatever the machine's language.
    const child = spawn(path, spec.args, {
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let timedOut = false;
    let failure: string | null = null;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, spec.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) child.kill('SIGKILL');
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.end(spec.input ?? '');
    child.on('error', (e) => {
      failure = e.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = (failure ?? Buffer.concat(err).toString('utf8')).slice(0, STDERR_KEPT);
      resolve({
        ...base,
        absent: false,
        exitCode: timedOut ? null : code,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        stderr,
        stdout: Buffer.concat(out).toString('utf8'),
      });
    });
  });
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
