/**
 * Late probe-only reports fill the series: a regional unit goes silent when its WAN is cut (its
 * agents reach the collector across it), the series reads "no data", and the reports its agents
 * spooled during the cut arrive after the repair. They are placed at the time they were
 * collected, replayed with the live rules, so the outage is in the series and the month's
 * figures; kept on disk, so a restarted collector computes the same; a resend counted once; a
 * straggler where on-time data settled the state changes nothing. Fixed clock throughout.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SeriesStore } from '../../collector/availability/series-store.js';
import { AvailabilityTracker } from '../../collector/availability/tracker.js';
import { fillGaps } from '../../collector/availability/backfill.js';
import { availabilityOver, outagesIn } from '../../rules/availability.js';
import { probeOnlyReport as probeReport } from '../helpers/ready-report.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const UNIT = 'hp-kienan';
const RULES = { hysteresis: 2, freshMs: 10 * 60_000 };
const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00.000Z`);


let dir: Awaited<ReturnType<typeof makeTempDir>>;
let clock: Date;
beforeEach(async () => {
  dir = await makeTempDir('readiness-late-');
  clock = at('08:00');
});
afterEach(() => dir.remove());

function open() {
  const series = new SeriesStore(dir.path, RULES).load();
  return { series, tracker: new AvailabilityTracker(series, { ...RULES, now: () => clock }) };
}

/** The unit up at 08:00 and 08:05 (both machines, on time), then silent: "no data" from 08:15. */
async function silentUnit() {
  const o = open();
  for (const hhmm of ['08:00', '08:05']) {
    clock = at(hhmm);
    for (const agent of [A, B]) await o.tracker.record(agent, UNIT, probeReport(agent, clock, true), clock);
  }
  clock = at('08:20');
  await o.tracker.sweep();
  expect(o.series.recorded(UNIT, 'wan').map((t) => [t.at, t.state])).toEqual([
    ['2026-12-01T08:00:00.000Z', 'up'],
    ['2026-12-01T08:15:00.000Z', 'unknown'],
  ]);
  return o;
}

const spooled = ['08:10', '08:15', '08:20'];
const FILLED = [
  ['2026-12-01T08:00:00.000Z', 'up'],
  ['2026-12-01T08:10:00.000Z', 'down'],
  ['2026-12-01T08:30:00.000Z', 'unknown'],
  ['2026-12-01T08:35:00.000Z', 'up'],
];

describe('late probe-only reports from a spool', () => {
  it('place the outage they saw at the time they were collected, in the series and the figures', async () => {
    const { series, tracker } = await silentUnit();
    // The WAN comes back at 08:33; the spools flush at 08:35, oldest first, then the fresh reports.
    clock = at('08:35');
    const late = [];
    for (const hhmm of spooled) for (const agent of [A, B]) late.push(probeReport(agent, at(hhmm), false));
    for (const r of late) expect(await tracker.record(r.agentId, UNIT, r, clock)).toBe('stored');
    // Late: the live status is untouched (still no data), nothing recorded live.
    expect(tracker.status(UNIT).wan.state).toBe('unknown');
    expect(series.recorded(UNIT, 'wan')).toHaveLength(2);
    for (const agent of [A, B]) await tracker.record(agent, UNIT, probeReport(agent, clock, true), clock);
    expect(tracker.status(UNIT).wan).toEqual({ state: 'up', since: '2026-12-01T08:35:00.000Z' });

    const wan = series.transitions(UNIT, 'wan');
    expect(wan.map((t) => [t.at, t.state])).toEqual(FILLED);
    expect(wan[1]).toMatchObject({ machines: 2, targets: ['198.51.100.10'] });
    clock = at('09:00');
    const outages = outagesIn(wan, at('08:00').getTime(), at('09:00').getTime(), clock.getTime());
    expect(outages.map((o) => [o.start, o.end, o.minutes, o.machines])).toEqual([['2026-12-01T08:10:00.000Z', '2026-12-01T08:30:00.000Z', 20, 2]]);
    // 08:00–09:00: up 10 + 25 min, down 20, no data 5 (08:30–08:35, after the last spooled report's window).
    expect(availabilityOver(wan, at('08:00').getTime(), at('09:00').getTime(), clock.getTime())).toEqual({ upMinutes: 35, downMinutes: 20, noDataMinutes: 5, availabilityPct: 63.63 });
    // The LAN answered throughout: its gap is filled as up.
    expect(series.transitions(UNIT, 'lan').map((t) => [t.at, t.state])).toEqual([
      ['2026-12-01T08:00:00.000Z', 'up'],
      ['2026-12-01T08:30:00.000Z', 'unknown'],
      ['2026-12-01T08:35:00.000Z', 'up'],
    ]);

    // Kept on disk before they were answered: a restarted collector computes the same series,
    // and a resend after the restart (its report id forgotten) is counted once.
    const again = open();
    expect(again.series.transitions(UNIT, 'wan').map((t) => [t.at, t.state])).toEqual(FILLED);
    await again.tracker.record(A, UNIT, late[0]!, clock);
    expect(again.series.transitions(UNIT, 'wan').map((t) => [t.at, t.state])).toEqual(FILLED);
  });

  it('fill a gap the unit is still in, and leave the live status to on-time reports', async () => {
    const { series, tracker } = await silentUnit();
    clock = at('08:45');
    for (const hhmm of spooled) for (const agent of [A, B]) await tracker.record(agent, UNIT, probeReport(agent, at(hhmm), false), clock);
    expect(tracker.status(UNIT).wan.state).toBe('unknown');
    expect(series.transitions(UNIT, 'wan').map((t) => [t.at, t.state])).toEqual(FILLED.slice(0, 3));
  });

  it('do not rewrite a span that on-time reports settled, and are not kept for it', async () => {
    const { series, tracker } = await silentUnit();
    clock = at('08:30');
    // Collected at 08:02, while both machines reported on time: a straggler.
    await tracker.record(A, UNIT, probeReport(A, at('08:02'), false), clock);
    expect(series.transitions(UNIT, 'wan').map((t) => [t.at, t.state])).toEqual([
      ['2026-12-01T08:00:00.000Z', 'up'],
      ['2026-12-01T08:15:00.000Z', 'unknown'],
    ]);
    expect(await readdir(join(dir.path, 'late'))).toEqual([]);
  });

  it('before the first on-time report: the spooled history of a unit the collector has just met', () => {
    const ob = (agent: string, hhmm: string, down: boolean) => ({ agent, collectedMs: at(hhmm).getTime(), scopes: { wan: { down, failed: down ? ['x'] : [] } } });
    const recorded = [{ at: '2026-12-01T09:00:00.000Z', state: 'up' as const, machines: 1, targets: [] }];
    const filled = fillGaps(recorded, [ob(A, '08:30', true), ob(A, '08:35', true), ob(A, '08:40', false), ob(A, '08:45', false)], 'wan', RULES);
    // The first state is taken at once; up again after the hysteresis (two reports); no data a
    // window after the last spooled report, until the first on-time one.
    expect(filled.map((t) => [t.at, t.state])).toEqual([
      ['2026-12-01T08:30:00.000Z', 'down'],
      ['2026-12-01T08:40:00.000Z', 'up'],
      ['2026-12-01T08:55:00.000Z', 'unknown'],
      ['2026-12-01T09:00:00.000Z', 'up'],
    ]);
    // Reports running up to the first on-time one: one span of up.
    const joined = fillGaps(recorded, [ob(A, '08:40', false), ob(A, '08:45', false), ob(A, '08:50', false)], 'wan', RULES);
    expect(joined.map((t) => [t.at, t.state])).toEqual([['2026-12-01T08:40:00.000Z', 'up']]);
  });
});
