/**
 * Availability of a unit's LAN or WAN, as pure functions of its compact series: the state
 * transitions the collector recorded (collector/availability/), never the reports themselves.
 * Between two transitions the state holds; before the first one there is no data. Minutes are
 * exact (milliseconds summed, then shown in minutes); a day is a calendar day in the org's
 * time zone, so an outage crossing midnight or a month's end is split at the boundary.
 */
import { addDays } from './deadline.js';

export const LINK_SCOPES = ['lan', 'wan'] as const;
export type LinkScope = (typeof LINK_SCOPES)[number];
export type LinkState = 'up' | 'down' | 'unknown';

export interface Transition {
  /** When the new state began (the first report of the run that settled it). */
  at: string;
  state: LinkState;
  /** Machines whose probes said so when the state settled. */
  machines: number;
  /** The targets that did not answer (for `down`). */
  targets: string[];
}

export interface Outage {
  start: string;
  /** Null while it lasts. */
  end: string | null;
  /** Up to `end`, or to the end of the period asked while it lasts. */
  minutes: number;
  targets: string[];
  machines: number;
}

export interface PeriodAvailability {
  from: string;
  to: string;
  /** Minutes up, down, and without data (no machine reported, or before the first report). */
  upMinutes: number;
  downMinutes: number;
  noDataMinutes: number;
  /** up ÷ (up + down) × 100, rounded down to two decimals; null without any data. */
  availabilityPct: number | null;
}

const MINUTE = 60_000;

const starts = new Map<string, number>();
const formats = new Map<string, Intl.DateTimeFormat>();

/** The instant local midnight starts `day` in `timeZone` (remembered: a month asks for the same days for every unit). */
export function dayStartMs(day: string, timeZone: string): number {
  const key = `${timeZone}\u0000${day}`;
  let ms = starts.get(key);
  if (ms === undefined) {
    if (starts.size > 100_000) starts.clear();
    starts.set(key, (ms = computeDayStart(day, timeZone)));
  }
  return ms;
}

function computeDayStart(day: string, timeZone: string): number {
  const utc = Date.parse(`${day}T00:00:00Z`);
  let guess = utc;
  // Twice: the offset at the guess can differ from the offset at midnight around a DST change.
  for (let i = 0; i < 2; i++) guess = utc - offsetMs(guess, timeZone);
  return guess;
}

function offsetMs(at: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  const parts = format.formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at / 1000) * 1000;
}

const pct = (up: number, down: number) => (up + down === 0 ? null : Math.floor((up / (up + down)) * 10000) / 100);

/** Milliseconds in each state within [fromMs, toMs). `transitions` sorted by `at`. */
function tally(transitions: readonly Transition[], fromMs: number, toMs: number): Record<LinkState, number> {
  const out: Record<LinkState, number> = { up: 0, down: 0, unknown: 0 };
  if (toMs <= fromMs) return out;
  let state: LinkState = 'unknown';
  let since = fromMs;
  for (const t of transitions) {
    const at = Date.parse(t.at);
    if (at <= fromMs) {
      state = t.state;
      continue;
    }
    if (at >= toMs) break;
    out[state] += at - since;
    state = t.state;
    since = at;
  }
  out[state] += toMs - since;
  return out;
}

/** Availability over [from, to) (instants), clipped to `now`: what has not happened yet is not counted. */
export function availabilityOver(transitions: readonly Transition[], fromMs: number, toMs: number, nowMs: number): Omit<PeriodAvailability, 'from' | 'to'> {
  const ms = tally(transitions, fromMs, Math.min(toMs, nowMs));
  const [up, down, none] = [ms.up / MINUTE, ms.down / MINUTE, ms.unknown / MINUTE];
  return { upMinutes: round(up), downMinutes: round(down), noDataMinutes: round(none), availabilityPct: pct(ms.up, ms.down) };
}

const round = (m: number) => Math.round(m * 100) / 100;

/** One row per calendar day from `from` to `to` (days, inclusive), in `timeZone`: one pass over the series. */
export function dailyAvailability(transitions: readonly Transition[], from: string, to: string, timeZone: string, nowMs: number): PeriodAvailability[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  const bounds = [...days.map((d) => dayStartMs(d, timeZone)), dayStartMs(addDays(to, 1), timeZone)];
  const ms = days.map((): Record<LinkState, number> => ({ up: 0, down: 0, unknown: 0 }));
  // The state at the first boundary, then each stretch between changes added to the days it covers.
  let i = 0;
  let state: LinkState = 'unknown';
  while (i < transitions.length && Date.parse(transitions[i]!.at) <= bounds[0]!) state = transitions[i++]!.state;
  let since = bounds[0]!;
  let day = 0;
  const end = Math.min(bounds.at(-1)!, nowMs);
  const add = (until: number) => {
    while (since < until && day < days.length) {
      const stop = Math.min(until, bounds[day + 1]!);
      ms[day]![state] += stop - since;
      since = stop;
      if (since >= bounds[day + 1]!) day++;
    }
  };
  for (; i < transitions.length; i++) {
    const at = Date.parse(transitions[i]!.at);
    if (at >= end) break;
    add(at);
    state = transitions[i]!.state;
  }
  add(end);
  return days.map((d, k) => {
    const t = ms[k]!;
    return { from: d, to: d, upMinutes: round(t.up / MINUTE), downMinutes: round(t.down / MINUTE), noDataMinutes: round(t.unknown / MINUTE), availabilityPct: pct(t.up, t.down) };
  });
}

/** The whole period from `from` to `to` (days, inclusive). */
export function periodAvailability(transitions: readonly Transition[], from: string, to: string, timeZone: string, nowMs: number): PeriodAvailability {
  return { from, to, ...availabilityOver(transitions, dayStartMs(from, timeZone), dayStartMs(addDays(to, 1), timeZone), nowMs) };
}

/** Outages that overlap [fromMs, toMs): start, end, minutes within the period, targets, machines. */
export function outagesIn(transitions: readonly Transition[], fromMs: number, toMs: number, nowMs: number): Outage[] {
  const out: Outage[] = [];
  const endMs = Math.min(toMs, nowMs);
  // For each line, the next one in another state than down (from the end, in one pass).
  const nextOther: Array<Transition | undefined> = new Array(transitions.length);
  for (let i = transitions.length - 1, next: Transition | undefined; i >= 0; i--) {
    nextOther[i] = next;
    if (transitions[i]!.state !== 'down') next = transitions[i];
  }
  transitions.forEach((t, i) => {
    if (t.state !== 'down') return;
    // The end is the next other state, once it has happened (a series read at an earlier `now` may hold later lines).
    const after = nextOther[i];
    const next = after && Date.parse(after.at) <= nowMs ? after : undefined;
    const start = Date.parse(t.at);
    const end = next ? Date.parse(next.at) : null;
    if (start >= endMs || (end !== null && end <= fromMs)) return;
    const within = Math.min(end ?? endMs, endMs) - Math.max(start, fromMs);
    // A second `down` transition inside one outage is the same outage.
    if (i > 0 && transitions[i - 1]!.state === 'down') return;
    out.push({ start: t.at, end: next?.at ?? null, minutes: round(within / MINUTE), targets: t.targets, machines: t.machines });
  });
  return out;
}
