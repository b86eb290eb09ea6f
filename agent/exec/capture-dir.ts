/**
 * Reads and writes a capture directory (docs/replay.md): `manifest.json` plus one file per
 * recorded output, named by its key (`linux/dpkg-query.txt`, `windows/posture.json`).
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeIssues } from '../../schema/index.js';
import { CAPTURE_FORMAT_VERSION, CaptureManifest, SYSTEM_KEY } from './recorded.js';
import type { CapturePlatform, RawOutput, RawOutputs } from './recorded.js';

export interface Capture {
  manifest: CaptureManifest;
  outputs: RawOutputs;
}

const MANIFEST = 'manifest.json';

/** Loads and checks a capture's manifest; every problem is a sentence naming the directory. */
export async function readManifest(dir: string): Promise<CaptureManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `${dir} has no ${MANIFEST}: replay needs a directory written by \`readiness agent capture --out DIR\` (docs/replay.md)`
        : `cannot read ${join(dir, MANIFEST)} (${code ?? (err as Error).message})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${join(dir, MANIFEST)} is not valid JSON; capture the machine again with \`readiness agent capture\``);
  }
  const parsed = CaptureManifest.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${join(dir, MANIFEST)} is not a capture manifest (${describeIssues(parsed.error)}); see docs/replay.md`);
  }
  return parsed.data;
}

/**
 * What a replay of this capture is, in a few lines for the person running it: which machine,
 * as of when, and what the capture does not hold (an older capture has no system record).
 */
export function describeReplay(dir: string, manifest: CaptureManifest): string[] {
  const machine = `${manifest.platform === 'other' ? manifest.platformName || 'other' : manifest.platform} machine${manifest.hostname ? ` ${manifest.hostname}` : ''}`;
  const lines = [`replaying ${dir}: the ${machine} as captured at ${manifest.capturedAt} by agent ${manifest.agentVersion} (capture format ${manifest.formatVersion}); probes are not replayed`];
  const system = manifest.outputs[SYSTEM_KEY];
  if (!system || system.absent) {
    lines.push(
      `  this capture holds no record of what systeminformation returned (written before agents recorded it): its os, hardware, network and peripherals sections stay unknown; capture the machine again to replay it whole`,
    );
  }
  return lines;
}

/** Reads a whole capture: the manifest and the file of every output it lists as present. */
export async function readCapture(dir: string): Promise<Capture> {
  const manifest = await readManifest(dir);
  const outputs = new Map<string, RawOutput>();
  for (const [key, entry] of Object.entries(manifest.outputs)) {
    let stdout = '';
    if (!entry.absent) {
      try {
        stdout = await readFile(join(dir, key), 'utf8');
      } catch {
        throw new Error(`${dir} lists ${key} in its manifest but the file is missing; copy the whole capture directory`);
      }
    }
    outputs.set(key, { key, ...entry, stdout });
  }
  return { manifest, outputs };
}

export interface WriteCaptureOptions {
  platform: CapturePlatform;
  platformName: string;
  capturedAt: Date;
  agentVersion: string;
  hostname: string;
}

/** Writes outputs and their manifest into `dir`, which must not exist yet or be empty. */
export async function writeCapture(dir: string, outputs: Iterable<RawOutput>, opts: WriteCaptureOptions): Promise<CaptureManifest> {
  const existing = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new Error(`cannot use ${dir} for the capture (${err.code ?? err.message})`);
  });
  if (existing.length) throw new Error(`${dir} is not empty; give \`--out\` a new directory so that no earlier capture is mixed in`);
  await mkdir(dir, { recursive: true });

  const manifest: CaptureManifest = {
    formatVersion: CAPTURE_FORMAT_VERSION,
    platform: opts.platform,
    platformName: opts.platformName,
    capturedAt: opts.capturedAt.toISOString(),
    agentVersion: opts.agentVersion,
    hostname: opts.hostname,
    outputs: {},
  };
  for (const { key, stdout, ...entry } of outputs) {
    manifest.outputs[key] = entry;
    if (entry.absent) continue;
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await writeFile(join(dir, key), stdout);
  }
  await writeFile(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
