/** Burst statistics: loss, RTT percentiles and jitter, over the replies that came back. */
import { describe, expect, it } from 'vitest';
import { jitter, percentile, summariseBurst } from '../../agent/probes/stats.js';

describe('summariseBurst', () => {
  it.each([
    {
      name: 'every reply back',
      sent: 4,
      rtts: [1, 2, 3, 4],
      want: { sent: 4, received: 4, lossPct: 0, rtt: { minMs: 1, medianMs: 2.5, p95Ms: 3.85, maxMs: 4 }, jitterMs: 1 },
    },
    {
      name: 'one of four lost',
      sent: 4,
      rtts: [10, 30, 20],
      want: { sent: 4, received: 3, lossPct: 25, rtt: { minMs: 10, medianMs: 20, p95Ms: 29, maxMs: 30 }, jitterMs: 15 },
    },
    {
      name: 'a single reply has no jitter',
      sent: 10,
      rtts: [0.5],
      want: { sent: 10, received: 1, lossPct: 90, rtt: { minMs: 0.5, medianMs: 0.5, p95Ms: 0.5, maxMs: 0.5 }, jitterMs: null },
    },
    {
      name: '100% loss has no RTT, not a zero RTT',
      sent: 10,
      rtts: [],
      want: { sent: 10, received: 0, lossPct: 100, rtt: null, jitterMs: null },
    },
    {
      name: 'nothing could be sent counts as total loss',
      sent: 0,
      rtts: [],
      want: { sent: 0, received: 0, lossPct: 100, rtt: null, jitterMs: null },
    },
    {
      name: 'a third lost rounds to the hundredth',
      sent: 3,
      rtts: [1, 1],
      want: { sent: 3, received: 2, lossPct: 33.33, rtt: { minMs: 1, medianMs: 1, p95Ms: 1, maxMs: 1 }, jitterMs: 0 },
    },
    {
      name: 'more replies than requests (duplicates) never exceed what was sent',
      sent: 2,
      rtts: [1, 2, 3],
      want: { sent: 2, received: 2, lossPct: 0, rtt: { minMs: 1, medianMs: 1.5, p95Ms: 1.95, maxMs: 2 }, jitterMs: 1 },
    },
    {
      name: 'RTTs are kept to the microsecond',
      sent: 2,
      rtts: [0.0334, 0.0461],
      want: { sent: 2, received: 2, lossPct: 0, rtt: { minMs: 0.033, medianMs: 0.04, p95Ms: 0.045, maxMs: 0.046 }, jitterMs: 0.013 },
    },
  ])('$name', ({ sent, rtts, want }) => {
    expect(summariseBurst(sent, rtts)).toEqual(want);
  });
});

describe('percentile', () => {
  it.each([
    { values: [5], p: 95, want: 5 },
    { values: [1, 2, 3, 4, 5], p: 50, want: 3 },
    { values: [1, 2, 3, 4], p: 50, want: 2.5 },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p: 95, want: 9.55 },
    { values: [1, 100], p: 0, want: 1 },
    { values: [1, 100], p: 100, want: 100 },
  ])('p$p of $values is $want', ({ values, p, want }) => {
    expect(percentile(values, p)).toBeCloseTo(want, 10);
  });

  it('refuses an empty list instead of inventing a value', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
  });
});

describe('jitter', () => {
  it.each([
    { rtts: [], want: null },
    { rtts: [7], want: null },
    { rtts: [1, 3], want: 2 },
    // Order matters: the same values alternating jitter more than sorted ones.
    { rtts: [1, 5, 1, 5], want: 4 },
    { rtts: [1, 1, 5, 5], want: 4 / 3 },
  ])('of $rtts is $want', ({ rtts, want }) => {
    const got = jitter(rtts);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 10);
  });
});

describe('replies known only as "under N ms" (Windows time<1ms)', () => {
  it.each([
    {
      name: 'one bounded reply among measured ones: only what reads it is a bound',
      rtts: [1, 5, 6, 7],
      under: [true, false, false, false],
      // Sorted <1, 5, 6, 7: the median reads 5 and 6 (measured); jitter pairs (<1, 5) at most 5.
      want: { rtt: { minMs: 1, medianMs: 5.5, p95Ms: 6.85, maxMs: 7, bounded: { underMs: 1, replies: 1, upperBounds: ['minMs', 'jitterMs'] } }, jitterMs: 2.333 },
    },
    {
      name: 'a median between a bounded and a measured reply is a bound',
      rtts: [1, 1, 2, 3],
      under: [true, true, false, false],
      // Jitter at most (1 + 2 + 1) / 3: two bounded replies differ by under 1, (<1, 2) by at most 2.
      want: { rtt: { minMs: 1, medianMs: 1.5, p95Ms: 2.85, maxMs: 3, bounded: { underMs: 1, replies: 2, upperBounds: ['minMs', 'medianMs', 'jitterMs'] } }, jitterMs: 1.333 },
    },
    {
      name: 'a single bounded reply: no jitter to bound',
      rtts: [1],
      under: [true],
      want: { rtt: { minMs: 1, medianMs: 1, p95Ms: 1, maxMs: 1, bounded: { underMs: 1, replies: 1, upperBounds: ['minMs', 'medianMs', 'p95Ms', 'maxMs'] } }, jitterMs: null },
    },
  ])('$name', ({ rtts, under, want }) => {
    expect(summariseBurst(rtts.length, rtts, under)).toMatchObject(want);
  });

  it('marks nothing when every reply has a measured time', () => {
    expect(summariseBurst(2, [1, 1], [false, false]).rtt).toEqual({ minMs: 1, medianMs: 1, p95Ms: 1, maxMs: 1 });
  });
});
