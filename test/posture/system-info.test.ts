/**
 * systeminformation live and replayed (agent/exec/system-info.ts): a live run keeps what each
 * call returned for `agent capture`, a replay answers from the capture alone, and the calls
 * that ping public hosts are refused either way.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osCollector } from '../../agent/collectors/os.js';
import type { CollectContext } from '../../agent/collectors/types.js';
import { describeReplay, readManifest } from '../../agent/exec/capture-dir.js';
import { systemInfo, systemRecordOutput } from '../../agent/exec/system-info.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { fixtureDir } from './fixtures.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('readiness-system-info-');
});
afterAll(async () => {
  await tmp?.remove();
});

const live = (): CollectContext => ({ now: new Date(), config: null, replayDir: null });
const replaying = (dir: string): CollectContext => ({ now: new Date(), config: null, replayDir: dir });

describe('systeminformation, live', () => {
  it('records what each call returned, sorted, as the capture output system/systeminformation.json', async () => {
    const ctx = live();
    const section = await osCollector.collect(ctx);
    const output = systemRecordOutput(ctx, 12)!;
    expect(output).toMatchObject({ key: 'system/systeminformation.json', kind: 'library', command: 'systeminformation osInfo, users', durationMs: 12, absent: false });
    const record = JSON.parse(output.stdout) as { osInfo: { hostname: string } };
    expect(record.osInfo.hostname).toBe(section.hostname);
    expect(systemRecordOutput(live(), 0)).toBeNull();
  });

  it.each(['getDynamicData', 'getAllData', 'inetLatency', 'inetChecksite'])('never calls %s, which sends packets to public hosts', async (name) => {
    const si = systemInfo(live()) as unknown as Record<string, () => Promise<unknown>>;
    await expect(async () => si[name]!()).rejects.toThrow(/never called by the agent: it sends packets to public hosts/);
  });
});

describe('systeminformation, replayed', () => {
  it('answers from the capture: a Windows machine replayed here is Windows (windows-10-1803-defender-1806)', async () => {
    const os = await osCollector.collect(replaying(fixtureDir('windows-10-1803-defender-1806')));
    expect(os).toMatchObject({ platform: 'windows', distro: 'Microsoft Windows 10 Pro N', release: '10.0.17134', hostname: 'win10', isServer: false });
  });

  it('a call the capture did not record is "not recorded", never this machine\'s answer', async () => {
    const si = systemInfo(replaying(fixtureDir('windows-10-1803-defender-1806')));
    await expect(si.battery()).rejects.toThrow(/this capture did not record systeminformation\.battery .*capture the machine again/);
  });

  it('a capture of format 1 is still read, and the replay says what it lacks', async () => {
    const dir = fixtureDir('windows-office-grace-stale-av');
    await expect(osCollector.collect(replaying(dir))).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/^not recorded in this capture/) });
    const lines = describeReplay(dir, await readManifest(dir));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/the windows machine .* \(capture format 1\); probes are not replayed$/);
    expect(lines[1]).toMatch(/holds no record of what systeminformation returned/);
    const whole = fixtureDir('windows-10-1803-defender-1806');
    expect(describeReplay(whole, await readManifest(whole))).toEqual([expect.stringMatching(/\(capture format 2\); probes are not replayed$/)]);
  });

  it('refuses a damaged record with the file named', async () => {
    const dir = join(tmp.path, 'damaged');
    await mkdir(join(dir, 'system'), { recursive: true });
    await writeFile(join(dir, 'system/systeminformation.json'), '[1, 2]');
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({ formatVersion: 2, platform: 'linux', capturedAt: '2026-01-01T00:00:00Z', agentVersion: '0.1.0', outputs: { 'system/systeminformation.json': { command: 'systeminformation osInfo', kind: 'library' } } }),
    );
    await expect(osCollector.collect(replaying(dir))).rejects.toThrow(/system\/systeminformation\.json in .*damaged is not a record of systeminformation calls/);
  });
});
