/**
 * Acknowledged users, tokens, enrollment secrets and audit lines survive a SIGKILL of the
 * collector right after their acknowledgement (the record kinds of test/helpers/access-records.ts,
 * which crash trials reuse).
 */
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { startCollectorProcess } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { ACCESS_RECORD_KINDS } from '../helpers/access-records.js';

const env = { READINESS_ENROLL_SECRET: 'durable-enroll-secret-0123456789', READINESS_ADMIN_TOKEN: 'durable-admin-token-0123456789' };
let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
afterAll(async () => dir?.remove());

describe('access records after kill -9', () => {
  it('keeps every acknowledged record whole', async () => {
    dir = await makeTempDir('readiness-access-crash-');
    const args = ['--data', join(dir.path, 'data')];
    const first = await startCollectorProcess(args, env);
    const written: unknown[] = [];
    try {
      for (const [i, kind] of ACCESS_RECORD_KINDS.entries()) written.push(await kind.write({ url: first.url, token: env.READINESS_ADMIN_TOKEN }, i));
    } finally {
      await first.stop('SIGKILL');
    }
    const second = await startCollectorProcess(args, env);
    try {
      for (const [i, kind] of ACCESS_RECORD_KINDS.entries()) await kind.check({ url: second.url, token: env.READINESS_ADMIN_TOKEN }, written[i]);
    } finally {
      await second.stop();
    }
  });
});
