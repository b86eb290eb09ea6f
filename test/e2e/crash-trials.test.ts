/**
 * Crash trials in `npm test`: three SIGKILLs of the collector (CRASH_TRIALS=N for more) while
 * every durable record kind is written at once (reports, enrollments, moves and retirements, users, personal tokens,
 * enrollment secrets, audit lines, device scans, archived documents, roll-up snapshots, exceptions,
 * remediation tasks, availability changes with their alerts); after each restart every acknowledged record
 * is there, whole (reports with their own installed programs), and the store loads
 * (test/crash/harness.ts; `npm run trial:crash` runs 50, docs/testing.md). Each trial writes
 * and checks every kind, so a few kills cover them all; the long run is for the rare moments.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MIN_ACKED_BEFORE_KILL, runCrashTrials } from '../crash/harness.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { seeded } from '../../bench/synthetic-fleet.js';

/** Kills in `npm test`: every kind is written and checked in each. */
const TRIALS = Number(process.env.CRASH_TRIALS ?? 3);

let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
afterAll(() => dir?.remove());

describe('crash trials', () => {
  it(`loses no acknowledged record over ${TRIALS} kills with SIGKILL`, async () => {
    dir = await makeTempDir('readiness-crash-');
    const data = join(dir.path, 'data');
    const results = await runCrashTrials({
      dataDir: data,
      trials: TRIALS,
      random: seeded(9),
      onTrial: (r) => console.log(`crash trial ${r.trial}: killed after ${r.killedAfterMs} ms; acknowledged ${Object.entries(r.acked).map(([k, n]) => `${n} ${k}`).join(', ')}`),
    });
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    // The store loaded every time, with no file set aside, and killed writes left no temporary file behind.
    expect(results.filter((r) => /set aside|warning/.test(r.restartOutput)).map((r) => r.trial)).toEqual([]);
    // Every trial killed the collector with work acknowledged and work in flight, every kind
    // acknowledged (and so checked) in every trial.
    expect(results.filter((r) => (r.acked['report (with its installed programs)'] ?? 0) < MIN_ACKED_BEFORE_KILL || Object.values(r.acked).some((n) => n === 0)).map((r) => r.acked)).toEqual([]);
    for (const sub of ['.', 'hosts', 'software', 'devices', 'access', 'archive/entries', 'archive/files', 'rollup/received']) expect((await readdir(join(data, sub))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 120_000 + TRIALS * 30_000); // a trial takes ~10 s alone on 2 cores; the rest of the suite runs beside them.
});
