/** Helpers shared by the benchmarks: percentiles, peak RSS of a child, a collector child process. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50);

/** Peak resident set of a live process, in MB, from /proc (Linux). */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

export interface CollectorChild {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to "listening". */
  startMs: number;
  /** The store load time the collector printed. */
  loadMs: number;
  /** Everything the collector printed so far. */
  output: () => string;
  stop(): Promise<void>;
}

export function startCollectorChild(args: string[], env: NodeJS.ProcessEnv): Promise<CollectorChild> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'collector', 'start', '--port', '0', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let resolved = false;
    const onData = (d: Buffer) => {
      out += d;
      if (resolved) return;
      const m = /listening on (http:\/\/\S+) with \d+ hosts \(store loaded in (\d+) ms\)/.exec(out);
      if (m) {
        resolved = true;
        resolve({
          url: m[1]!,
          child,
          startMs: performance.now() - started,
          loadMs: Number(m[2]),
          output: () => out,
          stop: () =>
            new Promise((ok) => {
              child.once('exit', () => ok());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`collector exited (${code}) before listening:\n${out}`)));
  });
}
