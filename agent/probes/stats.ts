/**
 * Burst statistics as pure functions: loss, RTT percentiles and jitter over the replies that
 * came back. 100% loss has no RTT (`null`), never a zero RTT.
 *
 * Percentiles interpolate linearly between the closest ranks (the method of numpy's default
 * and Excel's PERCENTILE.INC), so the median of an even count is the mean of the middle two.
 * Jitter is the mean absolute difference of consecutive RTTs, in the order the requests went out.
 */
import type { ProbeResult } from '../../schema/index.js';

export type BurstStats = Pick<ProbeResult, 'sent' | 'received' | 'lossPct' | 'rtt' | 'jitterMs'>;

/** Milliseconds to the microsecond, percentages to the hundredth: finer is noise. */
const round = (n: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

/**
 * @example percentile([1, 2, 3, 4], 50) // 2.5
 * @param sorted ascending values, at least one
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** Mean absolute difference of consecutive values; needs two values, else `null`. */
export function jitter(rtts: readonly number[]): number | null {
  if (rtts.length < 2) return null;
  let sum = 0;
  for (let i = 1; i < rtts.length; i++) sum += Math.abs(rtts[i]! - rtts[i - 1]!);
  return sum / (rtts.length - 1);
}

/**
 * @example summariseBurst(4, [1.2, 0.9, 1.5]) // { sent: 4, received: 3, lossPct: 25, rtt: {...}, jitterMs: 0.45 }
 * @param sent packets or attempts that went out; 0 when none could be sent (counts as 100% loss)
 * @param rtts round-trip times of the replies, in the order the requests went out
 */
export function summariseBurst(sent: number, rtts: readonly number[]): BurstStats {
  const received = Math.min(rtts.length, sent);
  const replies = rtts.slice(0, received);
  const lossPct = sent === 0 ? 100 : round(((sent - received) / sent) * 100, 2);
  if (replies.length === 0) return { sent, received: 0, lossPct, rtt: null, jitterMs: null };
  const sorted = [...replies].sort((a, b) => a - b);
  const j = jitter(replies);
  return {
    sent,
    received,
    lossPct,
    rtt: {
      minMs: round(sorted[0]!, 3),
      medianMs: round(percentile(sorted, 50), 3),
      p95Ms: round(percentile(sorted, 95), 3),
      maxMs: round(sorted[sorted.length - 1]!, 3),
    },
    jitterMs: j === null ? null : round(j, 3),
  };
}
