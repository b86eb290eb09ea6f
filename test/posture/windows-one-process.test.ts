/**
 * On Windows the four posture sections cost ONE PowerShell process per run. This machine has
 * no PowerShell, so a stand-in `powershell.exe` on PATH records how it was called and prints a
 * recorded posture document: the agent's own launching, time-limit and parsing code runs.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../agent/catalogue/catalogue.js';
import { spawnedProcessCount } from '../../agent/exec/run-command.js';
import { gatherLive, inputsFrom } from '../../agent/posture/inputs.js';
import { parseWindowsAntivirus } from '../../agent/windows/antivirus.js';
import { parseWindowsLicensing } from '../../agent/windows/licensing.js';
import { decodeCommand, postureScript } from '../../agent/windows/run-posture.js';
import { parseWindowsSecurity } from '../../agent/windows/security.js';
import { parseWindowsSoftware } from '../../agent/windows/software.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { fixtureDir } from './fixtures.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
const savedPath = process.env.PATH;

beforeAll(async () => {
  tmp = await makeTempDir('readiness-fake-ps-');
  const fake = join(tmp.path, 'powershell.exe');
  const doc = join(fixtureDir('windows-desktop-defender'), 'windows/posture.json');
  await writeFile(fake, `#!/bin/sh\nprintf '%s\\n' "$@" > "${tmp.path}/args.txt"\ncat > "${tmp.path}/stdin.ps1"\ncat "${doc}"\n`);
  await chmod(fake, 0o755);
  process.env.PATH = `${tmp.path}${delimiter}${savedPath}`;
});
afterAll(async () => {
  process.env.PATH = savedPath;
  await tmp?.remove();
});

describe('Windows posture in one PowerShell process', () => {
  it('starts powershell.exe once, non-interactive without profile, with the script on stdin, for all four sections', async () => {
    const before = spawnedProcessCount();
    const { platform, outputs } = await gatherLive('win32');
    expect(spawnedProcessCount() - before).toBe(1);
    expect(outputs).toHaveLength(1);

    const args = (await readFile(join(tmp.path, 'args.txt'), 'utf8')).trim().split('\n');
    expect(args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(decodeCommand(args[5]!)).toBe('& ([scriptblock]::Create([Console]::In.ReadToEnd()))');
    expect(await readFile(join(tmp.path, 'stdin.ps1'), 'utf8')).toBe(postureScript());

    const inputs = inputsFrom(platform, 'win32', new Map(outputs.map((o) => [o.key, o])), new Date('2026-11-20T08:00:00Z'));
    if (inputs.platform !== 'windows') throw new Error('expected Windows inputs');
    const catalogue = loadCatalogue();
    expect(parseWindowsSoftware(inputs.document).programs.length).toBe(6);
    expect(parseWindowsLicensing(inputs.document, null).windows?.status).toBe('licensed');
    expect(parseWindowsAntivirus(inputs.document, catalogue, inputs.asOf).products).toHaveLength(1);
    expect(parseWindowsSecurity(inputs.document, catalogue, inputs.asOf).remoteAccessTools).toHaveLength(1);
    expect(spawnedProcessCount() - before).toBe(1);
  });

  it('turns a PowerShell that prints no document into a sentence for every section', () => {
    const broken = { key: 'windows/posture.json' as const, command: 'powershell.exe', kind: 'command' as const, absent: false, exitCode: 1, timedOut: false, durationMs: 900, stderr: 'Program \'powershell.exe\' failed to run: Access is denied\r\n', stdout: '' };
    expect(() => inputsFrom('windows', 'win32', new Map([[broken.key, broken]]), new Date())).toThrow(/did not print a JSON document \(Program 'powershell\.exe' failed to run: Access is denied\)/);
    expect(() => inputsFrom('windows', 'win32', new Map([[broken.key, { ...broken, timedOut: true, exitCode: null, durationMs: 120_000 }]]), new Date())).toThrow(/no answer within 120 s/);
    expect(() => inputsFrom('windows', 'win32', new Map(), new Date())).toThrow(/powershell\.exe was not found/);
  });
});
