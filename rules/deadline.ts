/**
 * Deadline status of one rule in one unit or room at a day. A rule that applies to no machine
 * there is `not_applicable` (never done). Complete means every machine the rule applies to
 * passes (machines that never reported count against it). Otherwise: past the deadline is
 * `overdue`; within the at-risk window `at_risk`; with no known result at all `unknown`; when
 * the completion rate of the look-ahead window cannot reach 100% by the deadline `at_risk`
 * (with the projected day); else `on_track`. The deadline day itself still counts as in time.
 */
import type { DeadlineStatus, RuleProgress } from '../schema/index.js';

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

/** Completion on an earlier day, the starting point of the look-ahead. */
export interface TrendBase {
  day: string;
  passing: number;
  applicable: number;
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
  /** Look-ahead: completion at the start of the window, or null (no history that far back, or off). */
  trendBase?: TrendBase | null;
}

export interface DeadlineResult {
  status: DeadlineStatus;
  completedOn: string | null;
  daysLeft: number;
  projection: RuleProgress['projection'];
}

export function deadlineStatus(p: DeadlineInput): DeadlineResult {
  const daysLeft = daysBetween(p.asOf, p.deadline);
  const result = (status: DeadlineStatus, completedOn: string | null = null, projection: RuleProgress['projection'] = null): DeadlineResult => ({
    status,
    completedOn,
    daysLeft,
    projection,
  });
  if (p.applicable === 0) return result('not_applicable');
  if (p.passing >= p.applicable) return result('done', p.completeSince ?? p.asOf);
  if (daysLeft < 0) return result('overdue');
  const projection = p.trendBase ? project(p.trendBase, p.passing, p.applicable, p.asOf) : null;
  if (daysLeft <= p.atRiskDays) return result('at_risk', null, projection);
  if (p.known === 0) return result('unknown');
  if (projection && (projection.projectedOn === null || projection.projectedOn > p.deadline)) return result('at_risk', null, projection);
  return result('on_track', null, projection);
}

/**
 * The day 100% is reached if completion keeps the pace it had since `base`, or null when it
 * made no progress. Worked in integers (fractions a/b now, c/d then) so the day never moves
 * by a rounding: days to go = elapsed × (b − a)·d ÷ (a·d − c·b), rounded up.
 */
export function project(base: TrendBase, passing: number, applicable: number, asOf: string): NonNullable<RuleProgress['projection']> {
  const elapsed = daysBetween(base.day, asOf);
  const gained = passing * base.applicable - base.passing * applicable;
  if (elapsed <= 0 || gained <= 0 || base.applicable === 0) return { since: base.day, projectedOn: null };
  const toGo = Math.ceil((elapsed * (applicable - passing) * base.applicable) / gained);
  return { since: base.day, projectedOn: addDays(asOf, toGo) };
}

/**
 * passing ÷ applicable in percent, rounded half-up to one decimal, or null when nothing
 * applies. From integers: tenths = ⌊(2000·passing + applicable) ÷ (2·applicable)⌋, so 1/15 is
 * 6.7 and 2/3 is 66.7 with no binary fraction in the way. The one rounding every format uses.
 * An incomplete rule never reads 100: 1,999 of 2,000 is 99.9, not 100.0.
 */
export function completionPct(passing: number, applicable: number): number | null {
  if (applicable === 0) return null;
  const tenths = Math.floor((2000 * passing + applicable) / (2 * applicable));
  return Math.min(tenths, passing < applicable ? 999 : 1000) / 10;
}
