/**
 * Delay before the next delivery attempt while the collector is unreachable: exponential,
 * capped, with "equal jitter" (half the delay fixed, half random) so that a fleet coming back
 * after a WAN outage does not knock on the collector all in the same second, while no agent
 * retries sooner than half its step.
 */

export interface BackoffPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** No delay grows past this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 10_000, maxMs: 15 * 60_000 };

/**
 * @example backoffDelayMs(1, DEFAULT_BACKOFF, () => 0) // 5000
 * @example backoffDelayMs(3, DEFAULT_BACKOFF, () => 0.5) // 30000
 * @param failures consecutive failed attempts so far, from 1
 * @param random a number in [0, 1): Math.random, or a fixed value in tests
 */
export function backoffDelayMs(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(step / 2 + random() * (step / 2));
}
