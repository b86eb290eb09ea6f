import { defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/**
 * The longest test files, longest first (measured on 2 cores, docs/testing.md). They start
 * before the others so that none of them is still running alone at the end of the run. Vitest's
 * own order only knows durations from a results cache that a fresh CI clone does not have (it
 * then runs the larger files first, and a short file such as the crash trials' comes last).
 */
const LONGEST_FIRST = [
  'test/e2e/crash-trials.test.ts',
  'test/deploy/agent-executables.test.ts',
  'test/collector/hostile-input.test.ts',
  'test/e2e/postgres-collectors.test.ts',
  'test/posture/replay-cli.test.ts',
  'test/e2e/rollup.test.ts',
  'test/availability/wan-outage-netns.test.ts',
  'test/dashboard/browser.test.ts',
  'test/e2e/archive.test.ts',
  'test/collector/readiness-startup.test.ts',
  'test/dashboard/admin.test.ts',
  'test/spool/collector-outage.test.ts',
  'test/e2e/scan-cli.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((f) => spec.moduleId.endsWith(`/${f}`));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    // A stable sort: the listed files first in their order, then Vitest's order.
    return sorted.map((spec, i) => ({ spec, i })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i).map(({ spec }) => spec);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The sources compiled once for the CLI's child processes (test/helpers/source-build.ts).
    globalSetup: ['test/global-setup.ts'],
    // Namespace, snmpd and sshd tests change machine-wide state: one file at a time for those
    // is handled inside the tests; files still run in parallel workers.
    pool: 'forks',
    // Vitest's default on 2 cores is one worker (cores - 1): the files ran one after another
    // while many of them wait on child processes, sockets and timers. Two workers keep both
    // cores busy; a third only adds contention for the tests' own child processes (measured
    // in docs/testing.md). VITEST_MAX_WORKERS=N overrides it.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    reporters: ['default'],
    // Tests never probe this machine's real default gateway (traffic off the machine); the
    // network-namespace tests turn it back on inside their own namespaces.
    env: { READINESS_PROBE_GATEWAY: 'off' },
  },
});
