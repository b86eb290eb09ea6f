/**
 * Burst statistics as pure functions: loss, RTT percentiles and jitter over the replies that
 * came back. 100% loss has no RTT (`null`), never a zero RTT.
 *
 * Percentiles interpolate linearly between the closest ranks (the method of numpy's default
 * and Excel's PERCENTILE.INC), so the median of an even count is the mean of the middle two.
 * Jitter is the mean absolute difference of consecutive RTTs, in the order the requests went out.
 *
 * A reply the tool reports only as "under N ms" (Windows `time<1ms`) is an upper bound, not a
 * time. It counts as N, and every statistic that depends on such a reply is marked as an upper
 * bound in `rtt.bounded.upperBounds`: percentiles read those replies as the smallest values
 * (their true time is below N), and jitter takes the largest difference each pair allows.
 */
import type { ProbeResult, RttStats } from '../../schema/index.js';

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

/** Whether the percentile of `sorted` reads a value flagged in `flags` (same order). */
function readsFlagged(flags: readonly boolean[], p: number): boolean {
  const rank = (p / 100) * (flags.length - 1);
  const lo = Math.floor(rank);
  return flags[lo]! || (rank > lo && flags[Math.ceil(rank)]!);
}

/** Mean absolute difference of consecutive values; needs two values, else `null`. */
export function jitter(rtts: readonly number[]): number | null {
  if (rtts.length < 2) return null;
  let sum = 0;
  for (let i = 1; i < rtts.length; i++) sum += Math.abs(rtts[i]! - rtts[i - 1]!);
  return sum / (rtts.length - 1);
}

/**
 * The largest jitter the replies allow when some are only "under" their value: a bounded
 * reply lies anywhere in [0, value), so a pair differs by at most the larger of what either end allows.
 */
function jitterBound(rtts: readonly number[], bounded: readonly boolean[]): number {
  let sum = 0;
  for (let i = 1; i < rtts.length; i++) {
    const a = rtts[i - 1]!;
    const b = rtts[i]!;
    const [ua, ub] = [bounded[i - 1]!, bounded[i]!];
    sum += ua && ub ? Math.max(a, b) : ua ? Math.max(b, Math.abs(b - a)) : ub ? Math.max(a, Math.abs(a - b)) : Math.abs(a - b);
  }
  return sum / (rtts.length - 1);
}

/**
 * @example summariseBurst(4, [1.2, 0.9, 1.5]) // { sent: 4, received: 3, lossPct: 25, rtt: {...}, jitterMs: 0.45 }
 * @example summariseBurst(2, [1, 1], [true, true]) // rtt.medianMs 1 marked an upper bound: "under 1 ms"
 * @param sent packets or attempts that went out; 0 when none could be sent (counts as 100% loss)
 * @param rtts round-trip times of the replies, in the order the requests went out
 * @param bounded per reply, true when its time is only known to be under `rtts[i]`
 */
export function summariseBurst(sent: number, rtts: readonly number[], bounded: readonly boolean[] = []): BurstStats {
  const received = Math.min(rtts.length, sent);
  const replies = rtts.slice(0, received);
  const flags = replies.map((_, i) => bounded[i] === true);
  const lossPct = sent === 0 ? 100 : round(((sent - received) / sent) * 100, 2);
  if (replies.length === 0) return { sent, received: 0, lossPct, rtt: null, jitterMs: null };
  // At equal values a bounded reply sorts first: its true time is below the value.
  const order = replies.map((ms, i) => ({ ms, bounded: flags[i]! })).sort((a, b) => a.ms - b.ms || Number(b.bounded) - Number(a.bounded));
  const sorted = order.map((r) => r.ms);
  const sortedFlags = order.map((r) => r.bounded);
  const count = flags.filter(Boolean).length;
  const j = count ? (replies.length < 2 ? null : jitterBound(replies, flags)) : jitter(replies);
  const rtt: RttStats = {
    minMs: round(sorted[0]!, 3),
    medianMs: round(percentile(sorted, 50), 3),
    p95Ms: round(percentile(sorted, 95), 3),
    maxMs: round(sorted[sorted.length - 1]!, 3),
  };
  if (count) {
    const upperBounds = (
      [
        ['minMs', sortedFlags[0]!],
        ['medianMs', readsFlagged(sortedFlags, 50)],
        ['p95Ms', readsFlagged(sortedFlags, 95)],
        ['maxMs', sortedFlags[sortedFlags.length - 1]!],
        ['jitterMs', j !== null],
      ] as const
    )
      .filter(([, isBound]) => isBound)
      .map(([name]) => name);
    rtt.bounded = { underMs: Math.max(...replies.filter((_, i) => flags[i]).map((ms) => ms)), replies: count, upperBounds };
  }
  return { sent, received, lossPct, rtt, jitterMs: j === null ? null : round(j, 3) };
}
