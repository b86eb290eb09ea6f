/**
 * `npm run trial:crash`: many crash trials (TRIALS, default 50) on a fresh data directory,
 * one line per trial, exit 1 if any acknowledged record was lost. The collector runs from the
 * sources compiled once for this run (test/helpers/source-build.ts), as in `npm test`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSources } from '../helpers/source-build.js';

const trials = Number(process.env.TRIALS ?? 50);
const root = await mkdtemp(join(tmpdir(), 'readiness-trial-crash-'));
const build = process.env.READINESS_TEST_BUILD === 'off' ? null : await buildSources();
if (build) process.env.READINESS_TEST_BUILD = build;
// Imported once the variable is set: test/helpers/cli.ts reads it when it loads.
const { runCrashTrials } = await import('./harness.js');
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
  if (build) await rm(build, { recursive: true, force: true });
}
console.log(lost ? `trial:crash: ${lost} problem(s) in ${trials} trials` : `trial:crash: ${trials} trials, every acknowledged record present`);
process.exit(lost ? 1 : 0);
