/** Deadline statuses around each boundary, and how completion is rounded. */
import { describe, expect, it } from 'vitest';
import { addDays, completionPct, dayIn, daysBetween, deadlineStatus } from '../../rules/deadline.js';
import type { DeadlineInput } from '../../rules/deadline.js';

const LAN = '2025-12-10';
const base: DeadlineInput = { applicable: 10, passing: 6, known: 9, deadline: LAN, asOf: '2025-11-28', atRiskDays: 7, completeSince: null };

describe('deadline status', () => {
  it.each<[string, Partial<DeadlineInput>, string, number]>([
    ['well before the deadline, incomplete', {}, 'on_track', 12],
    ['one day outside the at-risk window', { asOf: '2025-12-02' }, 'on_track', 8],
    ['first day of the at-risk window', { asOf: '2025-12-03' }, 'at_risk', 7],
    ['the day before the deadline', { asOf: '2025-12-09' }, 'at_risk', 1],
    ['the deadline day itself', { asOf: '2025-12-10' }, 'at_risk', 0],
    ['the day after the deadline', { asOf: '2025-12-11' }, 'overdue', -1],
    ['a month late', { asOf: '2026-01-10' }, 'overdue', -31],
    ['complete the day before', { asOf: '2025-12-09', passing: 10 }, 'done', 1],
    ['complete on the deadline day', { asOf: '2025-12-10', passing: 10 }, 'done', 0],
    ['completed after the deadline', { asOf: '2025-12-11', passing: 10 }, 'done', -1],
    ['nothing known yet, far from the deadline', { known: 0, passing: 0 }, 'unknown', 12],
    ['nothing known, inside the at-risk window', { known: 0, passing: 0, asOf: '2025-12-05' }, 'at_risk', 5],
    ['nothing known, past the deadline', { known: 0, passing: 0, asOf: '2025-12-11' }, 'overdue', -1],
    ['no machine the rule applies to', { applicable: 0, passing: 0, known: 0, asOf: '2025-12-11' }, 'not_applicable', -1],
    ['no machine the rule applies to, before the deadline', { applicable: 0, passing: 0, known: 0 }, 'not_applicable', 12],
    ['an at-risk window of 0 days, the day before', { atRiskDays: 0, asOf: '2025-12-09' }, 'on_track', 1],
    ['an at-risk window of 0 days, on the day', { atRiskDays: 0, asOf: '2025-12-10' }, 'at_risk', 0],
  ])('%s', (_name, change, status, daysLeft) => {
    const result = deadlineStatus({ ...base, ...change });
    expect(result.status).toBe(status);
    expect(result.daysLeft).toBe(daysLeft);
  });

  it('dates a completion from the day it began when it was already complete before', () => {
    expect(deadlineStatus({ ...base, passing: 10, asOf: '2025-12-09', completeSince: '2025-12-04' }).completedOn).toBe('2025-12-04');
    expect(deadlineStatus({ ...base, passing: 10, asOf: '2025-12-09', completeSince: null }).completedOn).toBe('2025-12-09');
    expect(deadlineStatus({ ...base, applicable: 0, passing: 0 }).completedOn).toBeNull();
    expect(deadlineStatus({ ...base, passing: 9, completeSince: '2025-12-04' }).completedOn).toBeNull();
  });
});

describe('completion', () => {
  it.each([
    [0, 10, 0],
    [5, 10, 50],
    [1, 3, 33.3],
    [2, 3, 66.7],
    // Half-up, from integers: 1/15 = 6.666… and 1/6 = 16.666… were printed 6.6 and 16.6 when truncated.
    [1, 15, 6.7],
    [1, 6, 16.7],
    [4, 81, 4.9],
    // Exactly half a tenth rounds up (1/8 = 12.5, 1/16 = 6.25, 3/16 = 18.75), where binary floating point would not.
    [1, 8, 12.5],
    [1, 16, 6.3],
    [3, 16, 18.8],
    [1, 2000, 0.1],
    [9999, 10000, 99.9],
    // An incomplete rule never reads 100.
    [1999, 2000, 99.9],
    [10, 10, 100],
  ])('%i passing of %i applicable is %d%', (passing, applicable, pct) => {
    expect(completionPct(passing, applicable)).toBe(pct);
  });

  it('is no percentage at all where the rule applies to no machine', () => {
    expect(completionPct(0, 0)).toBeNull();
  });

  it('agrees with exact decimal half-up rounding for every fraction up to 1/400', () => {
    for (let applicable = 1; applicable <= 400; applicable++) {
      for (let passing = 0; passing <= applicable; passing++) {
        // Exact: tenths = floor(1000p/a + 1/2), by integer division.
        const exact = Math.floor((2000 * passing + applicable) / (2 * applicable) + 1e-12);
        const expected = Math.min(exact, passing < applicable ? 999 : 1000) / 10;
        expect(completionPct(passing, applicable)).toBe(expected);
      }
    }
  });
});

describe('look-ahead', () => {
  // Licences by 31/12/2026; on 01/12 there are 30 days left, outside the 7-day at-risk window.
  const lic: DeadlineInput = { applicable: 81, passing: 40, known: 60, deadline: '2026-12-31', asOf: '2026-12-01', atRiskDays: 7, completeSince: null };
  it.each<[string, Partial<DeadlineInput>, string, string | null]>([
    ['no history: the calendar alone', { trendBase: null }, 'on_track', null],
    ['fast enough: 20 to 40 in 14 days reaches 81 on 30/12', { trendBase: { day: '2026-11-17', passing: 20, applicable: 81 } }, 'on_track', '2026-12-30'],
    ['projected onto the deadline day itself: in time', { passing: 51, trendBase: { day: '2026-11-17', passing: 37, applicable: 81 } }, 'on_track', '2026-12-31'],
    ['one machine a fortnight slower: three days late', { passing: 51, trendBase: { day: '2026-11-17', passing: 38, applicable: 81 } }, 'at_risk', '2027-01-03'],
    ['too slow: 30 to 40 in 14 days reaches 81 at the end of January', { trendBase: { day: '2026-11-17', passing: 30, applicable: 81 } }, 'at_risk', '2027-01-28'],
    ['no progress: at risk, never projected', { trendBase: { day: '2026-11-17', passing: 40, applicable: 81 } }, 'at_risk', null],
    ['going backwards: at risk', { trendBase: { day: '2026-11-17', passing: 45, applicable: 81 } }, 'at_risk', null],
    ['1% done 30 days before the deadline with 73 machines outstanding', { applicable: 74, passing: 1, known: 10, trendBase: { day: '2026-11-17', passing: 0, applicable: 74 } }, 'at_risk', '2029-09-18'],
    ['more machines expected since: the rate compares fractions', { applicable: 90, passing: 60, trendBase: { day: '2026-11-17', passing: 40, applicable: 60 } }, 'at_risk', null],
    ['nothing known yet: unknown rather than a projection', { known: 0, passing: 0, trendBase: { day: '2026-11-17', passing: 0, applicable: 81 } }, 'unknown', null],
    ['already done', { passing: 81, trendBase: { day: '2026-11-17', passing: 10, applicable: 81 } }, 'done', null],
    ['overdue wins over any projection', { asOf: '2027-01-02', trendBase: { day: '2026-12-19', passing: 39, applicable: 81 } }, 'overdue', null],
    ['inside the at-risk window it is at risk, with the projection said', { asOf: '2026-12-28', trendBase: { day: '2026-12-14', passing: 20, applicable: 81 } }, 'at_risk', '2027-01-26'],
  ])('%s', (_name, change, status, projectedOn) => {
    const result = deadlineStatus({ ...lic, ...change });
    expect(result.status).toBe(status);
    expect(result.projection?.projectedOn ?? null).toBe(projectedOn);
    if (change.trendBase && (status === 'at_risk' || status === 'on_track')) expect(result.projection?.since).toBe(change.trendBase.day);
  });
});

describe('days', () => {
  it('counts whole days between calendar days', () => {
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('takes today from the org\'s time zone: 18:00 UTC is already the next day in Hải Phòng', () => {
    const at = new Date('2025-12-09T18:00:00Z');
    expect(dayIn(at, 'Asia/Ho_Chi_Minh')).toBe('2025-12-10');
    expect(dayIn(at, 'UTC')).toBe('2025-12-09');
  });
});
