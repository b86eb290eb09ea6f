import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Namespace, snmpd and sshd tests change machine-wide state: one file at a time for those
    // is handled inside the tests; files still run in parallel workers.
    pool: 'forks',
    reporters: ['default'],
    // Tests never probe this machine's real default gateway (traffic off the machine); the
    // network-namespace tests turn it back on inside their own namespaces.
    env: { READINESS_PROBE_GATEWAY: 'off' },
  },
});
