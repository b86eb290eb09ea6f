/**
 * Runs a burst of attempts for the probe kinds the agent performs itself (tcp, dns, http):
 * attempt i starts at i × interval without waiting for the one before, so a burst lasts about
 * (count - 1) × interval + one timeout, like ping's. The attempts' outcomes become the result.
 */
import type { ProbeResult } from '../../schema/index.js';
import { summariseBurst } from './stats.js';
import { resultHeader } from './types.js';
import type { ProbeRequest } from './types.js';

export type Attempt =
  /** An answer came back in `rttMs`; `problem` when the answer itself says something failed. */
  | { ok: true; rttMs: number; problem?: string; detail?: ProbeResult['detail'] }
  /** No answer: time-out, refused, unreachable; `reason` is a sentence. */
  | { ok: false; reason: string };

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Milliseconds since `start` (from `performance.now()`). */
export const elapsedMs = (start: number): number => performance.now() - start;

/** The most frequent value, so that one odd answer does not speak for the whole burst. */
function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)!) best = v;
  return best;
}

export async function runBurst(
  request: ProbeRequest,
  attempt: (index: number) => Promise<Attempt>,
  baseDetail: ProbeResult['detail'] = {},
): Promise<ProbeResult> {
  const startedAt = new Date().toISOString();
  const outcomes = await Promise.all(
    Array.from({ length: request.count }, async (_, i) => {
      await delay(i * request.intervalMs);
      try {
        return await attempt(i);
      } catch (err) {
        return { ok: false, reason: (err as Error).message } satisfies Attempt;
      }
    }),
  );
  // Sequence order, as ping reports replies: jitter compares each reply with the one before it.
  const answered = outcomes.filter((o): o is Extract<Attempt, { ok: true }> => o.ok);
  const stats = summariseBurst(request.count, answered.map((a) => a.rttMs));

  const failures = outcomes.filter((o): o is Extract<Attempt, { ok: false }> => !o.ok).map((o) => o.reason);
  const problems = answered.map((a) => a.problem).filter((p): p is string => Boolean(p));
  let error: string | null = null;
  if (answered.length === 0) error = `no answer to any of ${request.count} attempts: ${mostCommon(failures) ?? 'no reason given'}`;
  else if (problems.length) error = mostCommon(problems)!;

  const last = answered[answered.length - 1];
  return {
    ...resultHeader(request, startedAt),
    ...stats,
    error,
    detail: { ...baseDetail, ...(last?.detail ?? {}), ...(failures.length && answered.length ? { lostBecause: mostCommon(failures)! } : {}) },
  };
}
