/**
 * Crash trial of the device store: a process storing scans is killed with SIGKILL at a random
 * moment; on restart every scan it acknowledged is there, the pinned SSH host key with it, and
 * no device file is damaged or set aside.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FileDeviceStore } from '../../collector/store/device-store.js';
import { ROOT } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

async function killAfter(dir: string, acks: number): Promise<Map<string, number>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/devices/put-forever.ts', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const acked = new Map<string, number>();
  let seen = 0;
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buffer += d;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [, id, n] = line.split(' ');
        acked.set(id!, Number(n));
        if (++seen === acks) child.kill('SIGKILL');
      }
    });
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  if (!seen) throw new Error(`the writer acknowledged nothing:\n${stderr}`);
  return acked;
}

describe('device store crash trial', () => {
  it.each([25, 61, 140])('killed after %i acknowledged scans, keeps every one', async (acks) => {
    const tmp = await makeTempDir('readiness-device-crash-');
    try {
      const acked = await killAfter(tmp.path, acks + Math.floor(Math.random() * 20));
      const store = new FileDeviceStore(tmp.path);
      await store.load();
      expect(store.warnings).toEqual([]);
      for (const [id, count] of acked) {
        const record = store.get(id)!;
        expect(record.scanCount).toBeGreaterThanOrEqual(count);
        expect(record.sshHostKey?.fingerprint).toBe('SHA256:pinned');
      }
    } finally {
      await tmp.remove();
    }
  }, 60_000);
});
