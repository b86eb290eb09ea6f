/**
 * Loads the replay fixtures (test/fixtures/replay/<scenario>/, docs/replay.md layout) for the
 * parser tests, so parsers and replay CLI tests read the very same recorded outputs.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../../agent/exec/capture-dir.js';
import type { RawOutputs } from '../../agent/exec/recorded.js';
import { parseWindowsDocument } from '../../agent/windows/document.js';
import type { WindowsDocument } from '../../agent/windows/document.js';
import { WINDOWS_POSTURE_KEY } from '../../agent/windows/run-posture.js';

export const REPLAY_FIXTURES = fileURLToPath(new URL('../fixtures/replay/', import.meta.url));

export const fixtureDir = (scenario: string) => join(REPLAY_FIXTURES, scenario);

export async function linuxCapture(scenario: string): Promise<{ outputs: RawOutputs; asOf: Date }> {
  const { manifest, outputs } = await readCapture(fixtureDir(scenario));
  return { outputs, asOf: new Date(manifest.capturedAt) };
}

export async function windowsCapture(scenario: string): Promise<{ doc: WindowsDocument; asOf: Date }> {
  const { manifest, outputs } = await readCapture(fixtureDir(scenario));
  return { doc: parseWindowsDocument(outputs.get(WINDOWS_POSTURE_KEY)), asOf: new Date(manifest.capturedAt) };
}

/** A document with the given parts only: for scenario tables that vary one part. */
export const documentWith = (parts: Record<string, unknown>): WindowsDocument => ({ formatVersion: 1, parts });
