/**
 * `npm run bench:agent`: wall time and peak RSS of `readiness agent run --once --output FILE`
 * on this machine (compiled CLI), beside an empty Node process measured the same way.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, median } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PRELOAD = fileURLToPath(new URL('./rss-at-exit.js', import.meta.url));

function measure(args: string[]): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // No gateway probe: it would ping this machine's real router, and a benchmark sends nothing off the machine.
    const child = spawn(process.execPath, ['--import', PRELOAD, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, READINESS_PROBE_GATEWAY: 'off' },
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const m = /BENCH_MAX_RSS_KB=(\d+)/.exec(err);
      if (code !== 0 || !m) return reject(new Error(`run failed (${code}): ${err}`));
      resolve({ ms, rssMb: Number(m[1]) / 1024 });
    });
  });
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-agent-'));
  try {
    const agent: { ms: number; rssMb: number }[] = [];
    const empty: { ms: number; rssMb: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      empty.push(await measure(['-e', '']));
      agent.push(await measure([CLI, 'agent', 'run', '--once', '--output', join(dir, `r${i}.json`), '--state', join(dir, 'agent.json')]));
    }
    const wall = median(agent.map((r) => r.ms));
    const rss = Math.max(...agent.map((r) => r.rssMb));
    const baseWall = median(empty.map((r) => r.ms));
    const baseRss = Math.max(...empty.map((r) => r.rssMb));
    console.log(`bench:agent — ${RUNS} runs of \`readiness agent run --once --output\` (compiled), median wall, max peak RSS`);
    console.log(`agent run --once --output   ${(wall / 1000).toFixed(2)} s   peak RSS ${rss.toFixed(0)} MB   (runs: ${agent.map((r) => r.ms.toFixed(0)).join(', ')} ms)`);
    console.log(`empty node process          ${(baseWall / 1000).toFixed(2)} s   peak RSS ${baseRss.toFixed(0)} MB`);
    console.log(`ratio wall agent/empty: ${(wall / baseWall).toFixed(1)}; RSS above an empty process: ${(rss - baseRss).toFixed(0)} MB`);
    console.log(`targets: wall < 2 s (${wall < 2000 ? 'met' : 'NOT met'}), peak RSS < 100 MB (${rss < 100 ? 'met' : 'NOT met'})`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:agent failed: ${(err as Error).message}`);
  process.exit(1);
});
