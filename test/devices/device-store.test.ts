/**
 * The device store on disk: one file per device, the pinned SSH host key kept from the first
 * contact through later scans and across a restart until it is forgotten, the scan history
 * bounded, a damaged file set aside at load with a warning.
 */
import { randomUUID } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEVICE_HISTORY, FileDeviceStore } from '../../collector/store/device-store.js';
import { DEVICE_REPORT_VERSION, DeviceReport } from '../../schema/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const report = (outcome: 'ok' | 'unreachable', at: string) =>
  DeviceReport.parse({
    schemaVersion: DEVICE_REPORT_VERSION,
    reportId: randomUUID(),
    deviceId: 'hp-srv-files',
    kind: 'server',
    address: '192.0.2.30',
    scannedAt: at,
    durationMs: 5,
    reachable: outcome === 'ok',
    scans: [{ scanner: 'ssh', outcome, message: outcome, durationMs: 5 }],
  });
const PIN = { type: 'ssh-ed25519', fingerprint: 'SHA256:abc', address: '192.0.2.30', port: 22, pinnedAt: '2026-11-30T01:00:00.000Z' };

describe('the device store', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    tmp = await makeTempDir('readiness-device-store-');
  });
  afterEach(async () => tmp.remove());

  it('keeps the pin from first contact through later scans and restarts, until forgotten', async () => {
    const store = new FileDeviceStore(tmp.path);
    await store.load();
    await store.put(report('ok', '2026-11-30T01:00:00.000Z'), PIN);
    await store.put(report('unreachable', '2026-11-30T02:00:00.000Z'));
    const again = new FileDeviceStore(tmp.path);
    await again.load();
    const record = again.get('hp-srv-files')!;
    expect(record.sshHostKey).toEqual(PIN);
    expect(record).toMatchObject({ scanCount: 2, firstScanned: '2026-11-30T01:00:00.000Z', lastScanned: '2026-11-30T02:00:00.000Z' });
    expect(record.history.map((h) => [h.outcome, h.reachable])).toEqual([
      ['ok', true],
      ['unreachable', false],
    ]);
    expect(await again.forgetHostKey('hp-srv-files')).toBe(true);
    const third = new FileDeviceStore(tmp.path);
    await third.load();
    expect(third.get('hp-srv-files')!.sshHostKey).toBeUndefined();
    expect(await third.forgetHostKey('nope')).toBe(false);
  });

  it('keeps the last scans only', async () => {
    const store = new FileDeviceStore(tmp.path);
    await store.load();
    for (let i = 0; i < DEVICE_HISTORY + 5; i++) await store.put(report('ok', new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString()));
    expect(store.get('hp-srv-files')!.history).toHaveLength(DEVICE_HISTORY);
  });

  it('sets a damaged file aside and starts anyway', async () => {
    const first = new FileDeviceStore(tmp.path);
    await first.load();
    await writeFile(join(tmp.path, 'devices', 'hp-sw-1.json'), '{"deviceId": "hp-sw-1", "trunc');
    const store = new FileDeviceStore(tmp.path);
    await store.load();
    expect(store.list()).toEqual([]);
    expect(store.warnings[0]).toMatch(/^set aside devices\/hp-sw-1\.json in .*corrupt\/devices: /);
    expect(await readdir(join(tmp.path, 'corrupt', 'devices'))).toEqual(['hp-sw-1.json']);
  });
});
