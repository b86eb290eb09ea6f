/**
 * What one command (or file read) produced, and the manifest of a capture directory. These
 * shapes are the replay contract written down in docs/replay.md: `agent capture` writes them,
 * `agent run --replay` reads them, on any platform.
 */
import { z } from 'zod';
import { Timestamp } from '../../schema/index.js';

/**
 * A recorded output's stable name: `<platform>/<file>`, e.g. `linux/dpkg-query.txt`, or
 * `system/<file>` for what a library returned (`system/systeminformation.json`). Only these
 * characters, so that a key can never point outside the capture directory.
 */
export const OutputKey = z
  .string()
  .regex(/^(linux|windows|system)\/[a-z0-9][a-z0-9.-]*$/, 'expected "linux/<name>", "windows/<name>" or "system/<name>" in lower case');
export type OutputKey = z.infer<typeof OutputKey>;

/** Where a capture keeps what systeminformation returned to the collectors (exec/system-info.ts). */
export const SYSTEM_KEY = 'system/systeminformation.json';

export const RecordedEntry = z.object({
  /** What ran, for people reading the manifest: `dpkg-query --show ...` or `read /etc/os-release`. */
  command: z.string().min(1).max(2000),
  /** `library`: what a library returned (systeminformation), written by the agent itself. */
  kind: z.enum(['command', 'file', 'library']).default('command'),
  /** The command or file does not exist on the machine: "not found", never an error. */
  absent: z.boolean().default(false),
  exitCode: z.number().int().nullable().default(0),
  timedOut: z.boolean().default(false),
  durationMs: z.number().nonnegative().default(0),
  /** The first 4 KiB of stderr, for support. */
  stderr: z.string().max(4096).default(''),
});
export type RecordedEntry = z.infer<typeof RecordedEntry>;

export const CapturePlatform = z.enum(['linux', 'windows', 'darwin', 'other']);
export type CapturePlatform = z.infer<typeof CapturePlatform>;

/**
 * 2: a capture also records what systeminformation returned (`system/systeminformation.json`),
 * so a replay is the recorded machine whole. 1: posture outputs only; still replayed, its
 * os, hardware, network and peripherals sections then say they were not recorded.
 */
export const CAPTURE_FORMAT_VERSION = 2;

export const CaptureManifest = z.object({
  formatVersion: z.union([z.literal(1), z.literal(CAPTURE_FORMAT_VERSION)]),
  platform: CapturePlatform,
  /** For `other`: what Node called the platform (`darwin`, `freebsd`...). */
  platformName: z.string().default(''),
  capturedAt: Timestamp,
  agentVersion: z.string().min(1),
  hostname: z.string().default(''),
  outputs: z.record(OutputKey, RecordedEntry),
});
export type CaptureManifest = z.infer<typeof CaptureManifest>;

/** One output in memory: its manifest entry plus what it printed. */
export interface RawOutput extends RecordedEntry {
  key: OutputKey;
  stdout: string;
}

/** The outputs of one run, by key. A key that is not there was never run (treated as absent). */
export type RawOutputs = ReadonlyMap<string, RawOutput>;

/** The text of an output that ran, or null when it was absent or not recorded. */
export function outputText(outputs: RawOutputs, key: string): string | null {
  const o = outputs.get(key);
  return o && !o.absent ? o.stdout : null;
}
