import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCapture, readManifest, writeCapture } from '../../agent/exec/capture-dir.js';
import { readTextFile, runCommand, spawnedProcessCount } from '../../agent/exec/run-command.js';
import { LINUX_KEYS } from '../../agent/linux/steps.js';
import { gatherLive } from '../../agent/posture/inputs.js';

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'readiness-capture-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('running a command with a time limit', () => {
  it('records a command that is not installed as absent, without starting a process', async () => {
    const before = spawnedProcessCount();
    const out = await runCommand({ key: 'linux/mdatp-health.json', file: 'readiness-no-such-tool', args: [], timeoutMs: 1000 });
    expect(out).toMatchObject({ absent: true, exitCode: null, stdout: '' });
    expect(spawnedProcessCount()).toBe(before);
  });

  it('kills a command that overruns its limit and says so', async () => {
    const started = Date.now();
    const out = await runCommand({ key: 'linux/kesl-app-info.txt', file: 'sleep', args: ['5'], timeoutMs: 300 });
    expect(out).toMatchObject({ absent: false, timedOut: true, exitCode: null });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps stdout, the exit code and stderr, and feeds stdin', async () => {
    const out = await runCommand({ key: 'linux/ufw-status.txt', file: 'sh', args: ['-c', 'cat; echo oops >&2; exit 3'], input: 'Status: active\n', timeoutMs: 5000 });
    expect(out).toMatchObject({ stdout: 'Status: active\n', exitCode: 3, stderr: 'oops\n', timedOut: false });
  });

  it('reads the C locale, whatever the machine speaks', async () => {
    const out = await runCommand({ key: 'linux/ufw-status.txt', file: 'sh', args: ['-c', 'echo $LC_ALL'], timeoutMs: 5000 });
    expect(out.stdout.trim()).toBe('C');
  });

  it('reads files the same way: a missing file is absent, a present one can be trimmed', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'group'), 'sudo:x:27:alice\nusers:x:100:bob\n');
    expect(await readTextFile(LINUX_KEYS.adminGroups, [join(dir, 'nothing')])).toMatchObject({ absent: true });
    expect(await readTextFile(LINUX_KEYS.adminGroups, [join(dir, 'nothing'), join(dir, 'group')], (t) => t.split('\n')[0]!)).toMatchObject({ absent: false, kind: 'file', stdout: 'sudo:x:27:alice' });
  });
});

describe('capture directories', () => {
  const outputs = [
    { key: LINUX_KEYS.clamscan, command: 'clamscan --version', kind: 'command' as const, absent: false, exitCode: 0, timedOut: false, durationMs: 12, stderr: '', stdout: 'ClamAV 1.4.3/28046/Mon Jun 29 03:27:20 2026\n' },
    { key: LINUX_KEYS.mdatp, command: 'mdatp health --output json', kind: 'command' as const, absent: true, exitCode: null, timedOut: false, durationMs: 0, stderr: '', stdout: '' },
  ];
  const opts = { platform: 'linux' as const, platformName: 'linux', capturedAt: new Date('2026-07-03T20:21:00Z'), agentVersion: '0.1.0', hostname: 'pc' };

  it('writes one file per present output plus the manifest, and reads them back unchanged', async () => {
    const dir = join(await tempDir(), 'new');
    await writeCapture(dir, outputs, opts);
    expect(await readFile(join(dir, 'linux/clamscan-version.txt'), 'utf8')).toBe(outputs[0]!.stdout);
    const back = await readCapture(dir);
    expect(back.manifest).toMatchObject({ formatVersion: 2, platform: 'linux', capturedAt: '2026-07-03T20:21:00.000Z', hostname: 'pc' });
    expect([...back.outputs.values()]).toEqual(outputs);
  });

  it('refuses to write into a directory that already holds files', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'x');
    await expect(writeCapture(dir, outputs, opts)).rejects.toThrow(/is not empty/);
  });

  it.each([
    ['no manifest', {}, /has no manifest\.json: replay needs a directory written by `readiness agent capture/],
    ['a manifest that is not JSON', { 'manifest.json': '{' }, /is not valid JSON/],
    ['a key that escapes the directory', { 'manifest.json': JSON.stringify({ formatVersion: 1, platform: 'linux', capturedAt: '2026-01-01T00:00:00Z', agentVersion: '0.1.0', outputs: { '../../etc/passwd': { command: 'x' } } }) }, /is not a capture manifest/],
    ['an unknown format version', { 'manifest.json': JSON.stringify({ formatVersion: 3, platform: 'linux', capturedAt: '2026-01-01T00:00:00Z', agentVersion: '0.1.0', outputs: {} }) }, /formatVersion/],
  ])('rejects a directory with %s, with a sentence', async (_, files, message) => {
    const dir = await tempDir();
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text as string);
    await expect(readManifest(dir)).rejects.toThrow(message);
  });

  it('says which listed file is missing', async () => {
    const dir = join(await tempDir(), 'partial');
    await writeCapture(dir, outputs, opts);
    await rm(join(dir, 'linux/clamscan-version.txt'));
    await expect(readCapture(dir)).rejects.toThrow(/lists linux\/clamscan-version\.txt in its manifest but the file is missing/);
  });
});

describe('gathering on this Linux machine', () => {
  it('records every Linux key, with dpkg-query present and missing tools absent', async () => {
    const { platform, outputs } = await gatherLive('linux');
    expect(platform).toBe('linux');
    const keys = outputs.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const o of outputs) expect(Object.values(LINUX_KEYS)).toContain(o.key);
    expect(outputs.find((o) => o.key === LINUX_KEYS.dpkg)).toMatchObject({ absent: false, exitCode: 0 });
    expect(outputs.find((o) => o.key === LINUX_KEYS.processes)?.stdout).toMatch(/node/);
  });

  it('records nothing on a platform it does not read posture facts on', async () => {
    expect(await gatherLive('darwin')).toEqual({ platform: 'darwin', outputs: [] });
  });
});

