/** The delay between delivery attempts: exponential, capped, half of it random. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelayMs } from '../../agent/spool/backoff.js';

describe('backoffDelayMs', () => {
  it.each([
    { failures: 1, random: 0, want: 5_000 },
    { failures: 1, random: 0.999999, want: 10_000 },
    { failures: 2, random: 0, want: 10_000 },
    { failures: 3, random: 0.5, want: 30_000 },
    { failures: 4, random: 0, want: 40_000 },
    // 10 s × 2^7 = 21 min, past the 15 min cap.
    { failures: 8, random: 0, want: 450_000 },
    { failures: 8, random: 0.999999, want: 900_000 },
    { failures: 1000, random: 0.5, want: 675_000 },
  ])('after $failures failure(s) with random $random waits $want ms', ({ failures, random, want }) => {
    expect(backoffDelayMs(failures, DEFAULT_BACKOFF, () => random)).toBe(want);
  });

  it('doubles until the cap, never retrying sooner than half a step', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    const lows = [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 0));
    const highs = [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 0.999999));
    expect(lows).toEqual([50, 100, 200, 400, 500, 500]);
    expect(highs).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads a fleet: a thousand agents after the same failure do not all wait the same time', () => {
    const delays = new Set(Array.from({ length: 1000 }, () => backoffDelayMs(5)));
    expect(delays.size).toBeGreaterThan(900);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(80_000);
      expect(d).toBeLessThanOrEqual(160_000);
    }
  });
});
