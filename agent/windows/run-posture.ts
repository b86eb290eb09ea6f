/**
 * Runs agent/windows/posture.ps1 in ONE `powershell.exe -NoProfile -NonInteractive` process
 * per agent run (each extra PowerShell costs seconds), with a time limit. The script goes in
 * on stdin: a whole script passed with -EncodedCommand would overrun the 32 KiB command line,
 * and `-Command -` runs stdin line by line, which breaks multi-line blocks. So a one-line
 * bootstrap (encoded) reads all of stdin and runs it as one script block.
 */
import { readAsset } from '../assets.js';
import { runCommand } from '../exec/run-command.js';
import type { RawOutput } from '../exec/recorded.js';

export const WINDOWS_POSTURE_KEY = 'windows/posture.json';

/** The script gathers licensing, antivirus, software and security facts; SPP queries alone can take 10 s on old disks. */
export const WINDOWS_POSTURE_TIMEOUT_MS = 120_000;

const BOOTSTRAP = '& ([scriptblock]::Create([Console]::In.ReadToEnd()))';

/** `-EncodedCommand` takes base64 of UTF-16LE. */
export const encodeCommand = (script: string): string => Buffer.from(script, 'utf16le').toString('base64');
export const decodeCommand = (encoded: string): string => Buffer.from(encoded, 'base64').toString('utf16le');

export const postureScript = (): string => readAsset('agent/windows/posture.ps1').text;

export function runWindowsPosture(): Promise<RawOutput> {
  return runCommand({
    key: WINDOWS_POSTURE_KEY,
    file: 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encodeCommand(BOOTSTRAP)],
    input: postureScript(),
    timeoutMs: WINDOWS_POSTURE_TIMEOUT_MS,
    display: 'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <read agent/windows/posture.ps1 from stdin>',
  });
}
