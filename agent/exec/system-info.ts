/**
 * systeminformation as the collectors see it: live on this machine, or what a capture recorded.
 * `systemInfo(ctx)` has systeminformation's own API, so a collector reads `si.osInfo()` either
 * way. A live run remembers what each call returned, so that `agent capture` writes it to
 * `system/systeminformation.json`; a replay answers every call from that file, and a call the
 * capture does not hold is a "not recorded" section, never this machine's value. So a Windows
 * capture replayed on Linux is the Windows machine, whole (docs/replay.md).
 *
 * The calls that ping public hosts are refused outright, live or not.
 */
import si from 'systeminformation';
import type { CollectContext } from '../collectors/types.js';
import { SectionUnknown } from '../collectors/types.js';
import { captureFor } from './replay.js';
import { SYSTEM_KEY } from './recorded.js';
import type { RawOutput } from './recorded.js';

type Systeminformation = typeof si;

/** systeminformation functions that send packets off the machine (8.8.8.8, web sites). */
const FORBIDDEN = new Set(['getDynamicData', 'getAllData', 'inetLatency', 'inetChecksite']);

/** What each call returned, by call (`osInfo`, or `name[args]` for a call with arguments). */
export type SystemRecord = Record<string, unknown>;

const callKey = (name: string, args: unknown[]) => (args.length ? `${name}${JSON.stringify(args)}` : name);

const recorded = new WeakMap<CollectContext, SystemRecord>();
const replayed = new WeakMap<CollectContext, Promise<SystemRecord | null>>();

function forbidden(name: string): never {
  throw new Error(`systeminformation.${name} is never called by the agent: it sends packets to public hosts`);
}

/** Live: the real calls, each result kept for a capture. */
function live(ctx: CollectContext): Systeminformation {
  let record = recorded.get(ctx);
  if (!record) recorded.set(ctx, (record = {}));
  const calls = record;
  return new Proxy(si, {
    get(target, name: string) {
      const fn = (target as unknown as Record<string, unknown>)[name];
      if (typeof fn !== 'function') return fn;
      if (FORBIDDEN.has(name)) return () => forbidden(name);
      return async (...args: unknown[]) => {
        const value: unknown = await (fn as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        calls[callKey(name, args)] = value;
        return value;
      };
    },
  });
}

/** The capture's record, or null for a capture written before records were kept. */
async function loadRecord(ctx: CollectContext): Promise<SystemRecord | null> {
  const { outputs } = await captureFor(ctx);
  const output = outputs.get(SYSTEM_KEY);
  if (!output || output.absent) return null;
  let json: unknown;
  try {
    json = JSON.parse(output.stdout);
  } catch {
    throw new SectionUnknown(`${SYSTEM_KEY} in ${ctx.replayDir} is not valid JSON; capture the machine again with \`readiness agent capture\``, 'failed');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new SectionUnknown(`${SYSTEM_KEY} in ${ctx.replayDir} is not a record of systeminformation calls (docs/replay.md)`, 'failed');
  }
  return json as SystemRecord;
}

/** Replay: every call answered from the capture. */
function replay(ctx: CollectContext): Systeminformation {
  let record = replayed.get(ctx);
  if (!record) replayed.set(ctx, (record = loadRecord(ctx)));
  const pending = record;
  return new Proxy(si, {
    get(target, name: string) {
      if (typeof (target as unknown as Record<string, unknown>)[name] !== 'function') return undefined;
      if (FORBIDDEN.has(name)) return () => forbidden(name);
      return async (...args: unknown[]) => {
        const values = await pending;
        const key = callKey(name, args);
        if (!values) {
          throw new SectionUnknown(
            'not recorded in this capture (written before captures kept what systeminformation returned); capture the machine again to replay it whole',
            'not_found',
          );
        }
        if (!(key in values)) {
          throw new SectionUnknown(`this capture did not record systeminformation.${key} (the agent that wrote it did not make that call); capture the machine again to replay this section`, 'not_found');
        }
        return values[key];
      };
    },
  });
}

/** The systeminformation a collector must use, so that its section can be captured and replayed. */
export function systemInfo(ctx: CollectContext): Systeminformation {
  return ctx.replayDir ? replay(ctx) : live(ctx);
}

/** What the run's systeminformation calls returned, as a capture output; null when none were made. */
export function systemRecordOutput(ctx: CollectContext, durationMs: number): RawOutput | null {
  const record = recorded.get(ctx);
  if (!record || !Object.keys(record).length) return null;
  return {
    key: SYSTEM_KEY,
    command: `systeminformation ${Object.keys(record).sort().join(', ')}`,
    kind: 'library',
    absent: false,
    exitCode: 0,
    timedOut: false,
    durationMs,
    stderr: '',
    // Sorted, so that two captures of one machine compare line by line.
    stdout: JSON.stringify(Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1))), null, 1) + '\n',
  };
}
