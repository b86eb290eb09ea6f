/**
 * When a schedule runs: pure functions of the schedule, the org's time zone and the holidays.
 * A daily schedule runs on its weekdays (Monday to Friday unless told) except holidays; a
 * weekly one on its weekday (Friday unless told); a monthly one on a day of the month (the
 * 31st is the last day of a shorter month) or on the last working day: the last Monday to
 * Friday of the month that is not a holiday.
 *
 * @example occurrencesBetween(schedule, lastCheck, now, 'Asia/Ho_Chi_Minh', []) // [{day: '2026-12-04', at: 2026-12-04T10:00:00Z}]
 */
import { addDays, dayIn } from '../../rules/deadline.js';
import type { Schedule, Weekday } from './config.js';
import { WEEKDAYS } from './config.js';
import { wallClockOf } from '../../util/wall-clock.js';

export interface Occurrence {
  /** The local day the run is for: its document is as of this day. */
  day: string;
  /** The instant it is due. */
  at: Date;
}

const DEFAULT_WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

export const isWorkingDay = (day: string, holidays: ReadonlySet<string>): boolean => {
  const w = weekdayOf(day);
  return w !== 0 && w !== 6 && !holidays.has(day);
};

const lastDayOfMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const dayString = (year: number, month: number, date: number) => `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;

/** The last Monday–Friday of the month that is not a holiday (month 1–12). */
export function lastWorkingDay(year: number, month: number, holidays: ReadonlySet<string>): string {
  for (let d = lastDayOfMonth(year, month); d >= 1; d--) {
    const day = dayString(year, month, d);
    if (isWorkingDay(day, holidays)) return day;
  }
  // A month of holidays only: the last day stands, so the monthly report is still made.
  return dayString(year, month, lastDayOfMonth(year, month));
}

/** Whether the schedule runs on `day`. */
export function runsOn(schedule: Schedule, day: string, holidays: ReadonlySet<string>): boolean {
  const weekday = WEEKDAYS[weekdayOf(day)]!;
  switch (schedule.period) {
    case 'day':
      return (schedule.weekdays ?? DEFAULT_WEEKDAYS).includes(weekday) && !holidays.has(day);
    case 'week':
      return weekday === (schedule.weekday ?? 'fri');
    case 'month': {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      const wanted = schedule.dayOfMonth ?? 'last-working-day';
      if (wanted === 'last-working-day') return day === lastWorkingDay(y, m, holidays);
      return d === Math.min(wanted, lastDayOfMonth(y, m));
    }
  }
}

/** Offset of `timeZone` from UTC at `at`, in minutes (Asia/Ho_Chi_Minh: 420). */
const offsetMinutes = (at: Date, timeZone: string): number => Math.round((wallClockOf(at, timeZone).getTime() - Math.floor(at.getTime() / 1000) * 1000) / 60_000);

/** The instant the wall clock of `timeZone` shows `time` (`HH:MM`) on `day`. */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, m);
  // Two rounds settle the offset across a daylight-saving change; zones without one need none.
  let at = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  at = wall - offsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at);
}

/** Runs due after `after` and no later than `upTo`, oldest first. */
export function occurrencesBetween(schedule: Schedule, after: Date, upTo: Date, timeZone: string, holidays: ReadonlySet<string>): Occurrence[] {
  const out: Occurrence[] = [];
  if (upTo <= after) return out;
  // A day either side: the local day of an instant differs from its UTC day near midnight.
  const last = dayIn(upTo, timeZone);
  for (let day = addDays(dayIn(after, timeZone), -1); day <= last; day = addDays(day, 1)) {
    if (!runsOn(schedule, day, holidays)) continue;
    const at = zonedInstant(day, schedule.time, timeZone);
    if (at > after && at <= upTo) out.push({ day, at });
  }
  return out;
}

/** The first run due after `after`, looking at most 400 days ahead. */
export function nextOccurrence(schedule: Schedule, after: Date, timeZone: string, holidays: ReadonlySet<string>): Occurrence | null {
  for (let day = addDays(dayIn(after, timeZone), -1), i = 0; i < 400; day = addDays(day, 1), i++) {
    if (!runsOn(schedule, day, holidays)) continue;
    const at = zonedInstant(day, schedule.time, timeZone);
    if (at > after) return { day, at };
  }
  return null;
}
