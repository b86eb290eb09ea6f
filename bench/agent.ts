/**
 * `npm run bench:agent`: wall time and peak RSS of `agent run --once --output FILE` on this
 * machine, three ways in the same run, interleaved: an empty Node process (the floor),
 * `node bin/readiness.js` (the compiled CLI) and the one-file Linux executable built by
 * `build:agent` into a temporary folder. Every process gets the same preload through
 * NODE_OPTIONS to report its peak RSS.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PRELOAD = fileURLToPath(new URL('./rss-at-exit.cjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'readiness.js');

interface Sample {
  ms: number;
  rssMb: number;
}

function measure(file: string, args: string[]): Promise<Sample> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // No gateway probe: it would ping this machine's real router, and a benchmark sends nothing off the machine.
    const child = spawn(file, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, READINESS_PROBE_GATEWAY: 'off', NODE_OPTIONS: `--require ${PRELOAD}` },
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const m = /BENCH_MAX_RSS_KB=(\d+)/.exec(err);
      if (code !== 0 || !m) return reject(new Error(`${file} ${args.join(' ')} failed (${code}): ${err}`));
      resolve({ ms, rssMb: Number(m[1]) / 1024 });
    });
  });
}

const summary = (samples: Sample[]) => ({ wall: median(samples.map((r) => r.ms)), rss: Math.max(...samples.map((r) => r.rssMb)) });
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-agent-'));
  try {
    const loadBefore = load();
    const built = join(dir, 'dist-agent');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/agent-build/main.ts', '--out', built, '--target', 'linux-x64'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const exe = join(built, 'readiness-agent-linux-x64');
    const empty: Sample[] = [];
    const script: Sample[] = [];
    const single: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      empty.push(await measure(process.execPath, ['-e', '']));
      script.push(await measure(process.execPath, [BIN, 'agent', 'run', '--once', '--output', join(dir, `s${i}.json`), '--state', join(dir, 's', 'agent.json')]));
      single.push(await measure(exe, ['agent', 'run', '--once', '--output', join(dir, `e${i}.json`), '--state', join(dir, 'e', 'agent.json')]));
    }
    const [e, s, x] = [summary(empty), summary(script), summary(single)];
    const line = (name: string, r: { wall: number; rss: number }, runs: Sample[]) =>
      `${name.padEnd(28)} ${(r.wall / 1000).toFixed(2)} s   peak RSS ${r.rss.toFixed(0)} MB   (runs: ${runs.map((v) => v.ms.toFixed(0)).join(', ')} ms)`;
    console.log(`bench:agent — ${RUNS} runs each of \`agent run --once --output\`, interleaved; median wall, max peak RSS`);
    console.log(`machine: ${cpus().length} cores, load average ${loadBefore} before, ${load()} after`);
    console.log(line('empty node process', e, empty));
    console.log(line('node bin/readiness.js', s, script));
    console.log(line('readiness-agent-linux-x64', x, single));
    const ratio = x.wall / s.wall;
    console.log(`ratio wall executable/script: ${ratio.toFixed(2)}; RSS executable/script: ${(x.rss / s.rss).toFixed(2)}; RSS above an empty process: script ${(s.rss - e.rss).toFixed(0)} MB, executable ${(x.rss - e.rss).toFixed(0)} MB`);
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      `targets: wall < 2 s (script ${met(s.wall < 2000)}, executable ${met(x.wall < 2000)}), peak RSS < 100 MB (script ${met(s.rss < 100)}, executable ${met(x.rss < 100)}), executable not more than 20% slower (${met(ratio <= 1.2)})`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:agent failed: ${(err as Error).message}`);
  process.exit(1);
});
