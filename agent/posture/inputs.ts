/**
 * The raw outputs behind the software, licensing, antivirus and security sections, gathered
 * ONCE per run and shared by the four collectors (on Windows that is the one PowerShell
 * process). Live runs execute this machine's commands; `--replay DIR` reads a capture instead
 * and runs nothing, so a Windows capture replays on Linux.
 */
import { SectionUnknown } from '../collectors/types.js';
import type { CollectContext } from '../collectors/types.js';
import { captureFor } from '../exec/replay.js';
import type { CapturePlatform, RawOutput, RawOutputs } from '../exec/recorded.js';
import { gatherLinuxOutputs } from '../linux/steps.js';
import { parseWindowsDocument } from '../windows/document.js';
import type { WindowsDocument } from '../windows/document.js';
import { WINDOWS_POSTURE_KEY, runWindowsPosture } from '../windows/run-posture.js';

/**
 * `asOf` is the moment the outputs describe: now for a live run, the capture's time for a
 * replay, so that signature ages and support dates read as they were on that machine.
 */
export type PostureInputs =
  | { platform: 'linux'; outputs: RawOutputs; asOf: Date }
  | { platform: 'windows'; outputs: RawOutputs; document: WindowsDocument; asOf: Date }
  | { platform: 'other'; name: string };

/** The posture sections run for up to two minutes on a slow Windows machine (SPP, WMI). */
export const POSTURE_COLLECTOR_TIMEOUT_MS = 150_000;

export const platformOf = (name: string): CapturePlatform =>
  name === 'linux' ? 'linux' : name === 'win32' || name === 'windows' ? 'windows' : name === 'darwin' ? 'darwin' : 'other';

/** Runs this machine's posture commands and reads its files, for a live run or a capture. */
export async function gatherLive(nodePlatform: string = process.platform): Promise<{ platform: CapturePlatform; outputs: RawOutput[] }> {
  const platform = platformOf(nodePlatform);
  if (platform === 'linux') return { platform, outputs: await gatherLinuxOutputs() };
  if (platform === 'windows') return { platform, outputs: [await runWindowsPosture()] };
  return { platform, outputs: [] };
}

/** The inputs the collectors parse, from outputs gathered live or read from a capture. */
export function inputsFrom(platform: CapturePlatform, platformName: string, outputs: RawOutputs, asOf: Date): PostureInputs {
  if (platform === 'linux') return { platform, outputs, asOf };
  if (platform === 'windows') return { platform, outputs, document: parseWindowsDocument(outputs.get(WINDOWS_POSTURE_KEY)), asOf };
  return { platform: 'other', name: platformName || platform };
}

type Gathered = Awaited<ReturnType<typeof gatherLive>>;
const gathered = new WeakMap<CollectContext, Promise<Gathered>>();

async function load(ctx: CollectContext): Promise<PostureInputs> {
  if (ctx.replayDir) {
    const { manifest, outputs } = await captureFor(ctx);
    return inputsFrom(manifest.platform, manifest.platformName, outputs, new Date(manifest.capturedAt));
  }
  const live = gatherLive();
  gathered.set(ctx, live);
  const { platform, outputs } = await live;
  return inputsFrom(platform, process.platform, new Map(outputs.map((o) => [o.key, o])), ctx.now);
}

/**
 * The raw outputs a live run gathered, as they came (before any parsing, so a capture keeps
 * them even when they cannot be parsed); undefined when no posture collector ran.
 */
export const gatheredOutputs = (ctx: CollectContext): Promise<Gathered> | undefined => gathered.get(ctx);

const perRun = new WeakMap<CollectContext, Promise<PostureInputs>>();

/** The run's posture inputs; the first collector to ask starts the gathering, the others share it. */
export function postureInputs(ctx: CollectContext): Promise<PostureInputs> {
  let inputs = perRun.get(ctx);
  if (!inputs) {
    inputs = load(ctx);
    perRun.set(ctx, inputs);
  }
  return inputs;
}

/** What a section says on a platform the agent does not read posture facts on (macOS...). */
export function unsupported(section: string, platformName: string): SectionUnknown {
  return new SectionUnknown(
    `${section} facts are not collected on ${platformName} by this agent version; audit this machine by hand or use a Windows or Linux machine`,
    'unsupported',
  );
}
