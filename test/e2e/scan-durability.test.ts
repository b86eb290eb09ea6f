/**
 * Acknowledged scan verdicts and attachments survive a SIGKILL of the collector right after
 * their acknowledgement (the record kinds of test/helpers/scan-records.ts, which crash trials
 * reuse); a write cut short by a crash (a last line without its newline) is dropped, never
 * loaded half; a line damaged anywhere else stops start-up with a sentence naming it.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCollectorProcess } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { SCAN_RECORD_KINDS } from '../helpers/scan-records.js';

const env = { READINESS_ENROLL_SECRET: 'durable-enroll-secret-0123456789', READINESS_ADMIN_TOKEN: 'durable-admin-token-0123456789' };
let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
afterAll(async () => dir?.remove());

describe('scan records after kill -9', () => {
  it('keeps every acknowledged verdict and attachment whole, drops a torn last line, and names a damaged one', async () => {
    dir = await makeTempDir('readiness-scan-crash-');
    const data = join(dir.path, 'data');
    const args = ['--data', data];
    const first = await startCollectorProcess(args, env);
    const written: unknown[] = [];
    try {
      for (const [i, kind] of SCAN_RECORD_KINDS.entries()) written.push(await kind.write({ url: first.url, token: env.READINESS_ADMIN_TOKEN }, i));
    } finally {
      await first.stop('SIGKILL');
    }
    // What a crash in the middle of an append leaves: a fragment with no newline.
    const log = join(data, 'scans', 'scans.log');
    const whole = await readFile(log, 'utf8');
    await appendFile(log, '{"kind":"verdict","id":"scan-');

    const second = await startCollectorProcess(args, env);
    try {
      for (const [i, kind] of SCAN_RECORD_KINDS.entries()) await kind.check({ url: second.url, token: env.READINESS_ADMIN_TOKEN }, written[i]);
      // The next acknowledged record cuts the fragment off and follows the whole lines.
      const more = await SCAN_RECORD_KINDS[0]!.write({ url: second.url, token: env.READINESS_ADMIN_TOKEN }, 9);
      await SCAN_RECORD_KINDS[0]!.check({ url: second.url, token: env.READINESS_ADMIN_TOKEN }, more);
      const after = await readFile(log, 'utf8');
      expect(after.startsWith(whole)).toBe(true);
      expect(after.endsWith('\n')).toBe(true);
      expect(after.split('\n').filter(Boolean).every((l) => JSON.parse(l))).toBe(true);
    } finally {
      await second.stop();
    }

    const lines = (await readFile(log, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"verdict"', '"verdikt"');
    await writeFile(log, lines.join('\n'));
    await expect(startCollectorProcess(args, env)).rejects.toThrow(`${log} line 2 is not a scan record`);
    // Three collector processes start here (about 7 s each on a contended machine); the writes themselves take under a second.
  }, 60_000);
});
