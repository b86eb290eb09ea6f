/**
 * The capture a replay run reads, loaded once per run and shared by every collector (posture
 * outputs and the systeminformation record alike).
 */
import type { CollectContext } from '../collectors/types.js';
import { readCapture } from './capture-dir.js';
import type { Capture } from './capture-dir.js';

const perRun = new WeakMap<CollectContext, Promise<Capture>>();

/** The run's capture; only for a replay run (`ctx.replayDir` set). */
export function captureFor(ctx: CollectContext): Promise<Capture> {
  if (!ctx.replayDir) throw new Error('captureFor is only for a replay run (--replay DIR)');
  let capture = perRun.get(ctx);
  if (!capture) {
    capture = readCapture(ctx.replayDir);
    perRun.set(ctx, capture);
  }
  return capture;
}
