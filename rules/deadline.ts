/**
 * Deadline status of one rule in one unit or room at a day. Complete means every machine the
 * rule applies to passes (machines that never reported count against it). Otherwise: past the
 * deadline is `overdue`; within the at-risk window `at_risk`; with no known result at all
 * `unknown`; else `on_track`. The deadline day itself still counts as in time.
 */
import type { DeadlineStatus } from '../schema/index.js';

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

/** A roll-up asks for the same few days thousands of times: parse each once. */
const parsedDays = new Map<string, number>();
function dayMs(day: string): number {
  let ms = parsedDays.get(day);
  if (ms === undefined) {
    ms = Date.parse(`${day}T00:00:00Z`);
    if (parsedDays.size > 4096) parsedDays.clear();
    parsedDays.set(day, ms);
  }
  return ms;
}

/** The day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day of `at` in `timeZone`, as `YYYY-MM-DD`. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export interface DeadlineInput {
  /** Machines the rule applies to: expected minus not applicable. */
  applicable: number;
  passing: number;
  /** Applicable machines with a known result (passing + failing). */
  known: number;
  deadline: string;
  asOf: string;
  atRiskDays: number;
  /** The day completion began, when the rule was already complete the day before. */
  completeSince: string | null;
}

export interface DeadlineResult {
  status: DeadlineStatus;
  completedOn: string | null;
  daysLeft: number;
}

export function deadlineStatus(p: DeadlineInput): DeadlineResult {
  const daysLeft = daysBetween(p.asOf, p.deadline);
  // Nothing here needs the rule: done, with no day to show.
  if (p.applicable === 0) return { status: 'done', completedOn: null, daysLeft };
  if (p.passing >= p.applicable) return { status: 'done', completedOn: p.completeSince ?? p.asOf, daysLeft };
  if (daysLeft < 0) return { status: 'overdue', completedOn: null, daysLeft };
  if (daysLeft <= p.atRiskDays) return { status: 'at_risk', completedOn: null, daysLeft };
  if (p.known === 0) return { status: 'unknown', completedOn: null, daysLeft };
  return { status: 'on_track', completedOn: null, daysLeft };
}

/** passing / applicable in percent, rounded down to one decimal so 99.96 never shows as 100. */
export function completionPct(passing: number, applicable: number): number {
  return applicable === 0 ? 100 : Math.floor((passing / applicable) * 1000) / 10;
}
