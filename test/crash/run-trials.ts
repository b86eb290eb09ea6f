/**
 * `npm run trial:crash`: many crash trials (TRIALS, default 50) on a fresh data directory,
 * one line per trial, exit 1 if any acknowledged record was lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCrashTrials } from './harness.js';

const trials = Number(process.env.TRIALS ?? 50);
const root = await mkdtemp(join(tmpdir(), 'readiness-trial-crash-'));
let lost = 0;
try {
  await runCrashTrials({
    dataDir: join(root, 'data'),
    trials,
    onTrial: (r) => {
      lost += r.problems.length;
      console.log(`trial ${r.trial}/${trials}: killed after ${r.killedAfterMs} ms; acknowledged ${Object.entries(r.acked).map(([k, n]) => `${n} ${k}`).join(', ')}; ${r.problems.length ? `PROBLEMS:\n  ${r.problems.join('\n  ')}` : 'all present'}`);
    },
  });
} finally {
  await rm(root, { recursive: true, force: true });
}
console.log(lost ? `trial:crash: ${lost} problem(s) in ${trials} trials` : `trial:crash: ${trials} trials, every acknowledged record present`);
process.exit(lost ? 1 : 0);
