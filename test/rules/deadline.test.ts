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
    ['no machine the rule applies to', { applicable: 0, passing: 0, known: 0, asOf: '2025-12-11' }, 'done', -1],
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
    [2, 3, 66.6],
    [9999, 10000, 99.9],
    [10, 10, 100],
    [0, 0, 100],
  ])('%i passing of %i applicable is %d%', (passing, applicable, pct) => {
    expect(completionPct(passing, applicable)).toBe(pct);
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
