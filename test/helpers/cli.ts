/**
 * Runs the real `readiness` CLI as a child process: the sources compiled once for the test run
 * (test/global-setup.ts and `npm run trial:crash`, test/helpers/source-build.ts), or the
 * TypeScript sources through tsx where nothing built them (READINESS_TEST_BUILD=off, or a
 * script run on its own).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The variable test/global-setup.ts sets to the compiled tree's folder. */
export const SOURCE_BUILD_ENV = 'READINESS_TEST_BUILD';
const built = process.env[SOURCE_BUILD_ENV];
/** Node's arguments that start the CLI (cwd: ROOT); a command's own arguments follow. */
export const CLI: readonly string[] = built && built !== 'off' ? [join(built, 'cli', 'main.js')] : ['--import', 'tsx', 'cli/main.ts'];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<CliResult> {
  return runProcess(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeoutMs, name: `readiness ${args.join(' ')}` });
}

/**
 * Runs any program to its end and collects what it printed; a non-zero exit is a result, not an
 * error. `env` is the whole environment (nothing is inherited unless passed).
 */
export function runProcess(
  file: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; name?: string } = {},
): Promise<CliResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env ?? { PATH: process.env.PATH } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${opts.name ?? `${file} ${args.join(' ')}`} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface CollectorProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Starts `readiness collector start` on a free loopback port and waits until it listens. */
export function startCollectorProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CollectorProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, 'collector', 'start', '--port', '0', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          child,
          output: () => out,
          stop: (signal = 'SIGTERM') =>
            new Promise((ok) => {
              if (child.exitCode !== null || child.signalCode !== null) return ok();
              child.once('exit', () => ok());
              child.kill(signal);
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the collector did not start within 30 s:\n${out}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the collector exited with ${code} before listening:\n${out}`));
    });
  });
}
