/**
 * Availability from a synthetic history with known outages: minutes exact, outages crossing
 * local midnight and a month's end split at the boundary, no data counted apart; and the live
 * status from probe-only reports: majority of the unit's fresh machines, the pack's hysteresis,
 * silence read as no data, resends as duplicates, every change written before it is answered.
 */
import { describe, expect, it } from 'vitest';
import { availabilityOver, dailyAvailability, dayStartMs, outagesIn, periodAvailability } from '../../rules/availability.js';
import type { Transition } from '../../rules/availability.js';
import { SeriesStore } from '../../collector/availability/series-store.js';
import { AvailabilityTracker } from '../../collector/availability/tracker.js';
import type { StatusChange } from '../../collector/availability/tracker.js';
import { probeOnlyReport as probeReport } from '../helpers/ready-report.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const TZ = 'Asia/Ho_Chi_Minh';
const t = (at: string, state: Transition['state']): Transition => ({ at, state, machines: 3, targets: state === 'down' ? ['172.16.0.10'] : [] });

describe('availability from the series', () => {
  // Up from 1/12 00:00 local; down 23:30 on 1/12 → 01:15 on 2/12 (105 min across midnight);
  // down 31/12 23:50 → 1/1 00:20 (30 min across the month's and the year's end); no data on 15/12 09:00–10:00.
  const series: Transition[] = [
    t('2025-11-30T17:00:00Z', 'up'),
    t('2025-12-01T16:30:00Z', 'down'),
    t('2025-12-01T18:15:00Z', 'up'),
    t('2025-12-15T02:00:00Z', 'unknown'),
    t('2025-12-15T03:00:00Z', 'up'),
    t('2025-12-31T16:50:00Z', 'down'),
    t('2025-12-31T17:20:00Z', 'up'),
  ];
  const later = Date.parse('2026-02-01T00:00:00Z');

  it('starts days at local midnight', () => {
    expect(new Date(dayStartMs('2025-12-02', TZ)).toISOString()).toBe('2025-12-01T17:00:00.000Z');
  });

  it('splits an outage at local midnight, to the minute', () => {
    const [d1, d2] = dailyAvailability(series, '2025-12-01', '2025-12-02', TZ, later);
    expect([d1!.downMinutes, d1!.upMinutes, d2!.downMinutes, d2!.upMinutes]).toEqual([30, 1410, 75, 1365]);
    expect(d1!.availabilityPct).toBe(97.91);
  });

  it('splits an outage at the end of a month, and counts no data apart', () => {
    const dec = periodAvailability(series, '2025-12-01', '2025-12-31', TZ, later);
    expect([dec.downMinutes, dec.noDataMinutes, dec.upMinutes]).toEqual([30 + 75 + 10, 60, 31 * 1440 - 115 - 60]);
    const jan1 = dailyAvailability(series, '2026-01-01', '2026-01-01', TZ, later)[0]!;
    expect(jan1.downMinutes).toBe(20);
    expect(outagesIn(series, dayStartMs('2025-12-01', TZ), dayStartMs('2026-01-01', TZ), later).map((o) => [o.start, o.end, o.minutes])).toEqual([
      ['2025-12-01T16:30:00Z', '2025-12-01T18:15:00Z', 105],
      ['2025-12-31T16:50:00Z', '2025-12-31T17:20:00Z', 10],
    ]);
  });

  it('does not count what has not happened yet, and an ongoing outage has no end', () => {
    const now = Date.parse('2025-12-31T17:00:00Z');
    expect(availabilityOver(series, dayStartMs('2026-01-01', TZ), dayStartMs('2026-01-02', TZ), now)).toEqual({ upMinutes: 0, downMinutes: 0, noDataMinutes: 0, availabilityPct: null });
    const [ongoing] = outagesIn(series, dayStartMs('2025-12-31', TZ), dayStartMs('2026-01-01', TZ), now).slice(-1);
    expect([ongoing!.end, ongoing!.minutes]).toEqual([null, 10]);
  });
});


describe('the live status', () => {
  const agents = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];

  it('follows the majority of fresh machines after the hysteresis, and writes each change first', async () => {
    const dir = await makeTempDir('readiness-availability-');
    try {
      let now = new Date('2025-12-05T03:00:00Z');
      const series = new SeriesStore(dir.path).load();
      const tracker = new AvailabilityTracker(series, { hysteresis: 2, freshMs: 600_000, now: () => now });
      const changes: StatusChange[] = [];
      tracker.onChange((c) => {
        changes.push(c);
      });
      const send = async (i: number, wanUp: boolean, stepS = 10) => {
        now = new Date(now.getTime() + stepS * 1000);
        return tracker.record(agents[i]!, 'hp-kv1', probeReport(agents[i]!, now, wanUp), now);
      };
      for (const i of [0, 1, 2]) await send(i, true);
      expect(tracker.status('hp-kv1').wan.state).toBe('up');
      // One machine's own cable: not the unit's WAN.
      await send(0, false);
      await send(0, false);
      expect(tracker.status('hp-kv1').wan.state).toBe('up');
      // Two of three: down after two evaluations in a row agree, from the first of them.
      await send(1, false);
      const firstDown = now.toISOString();
      expect(tracker.status('hp-kv1').wan.state).toBe('up');
      await send(2, false);
      expect(tracker.status('hp-kv1')).toMatchObject({ wan: { state: 'down', since: firstDown }, lan: { state: 'up' } });
      expect(changes.map((c) => [c.scope, c.previous, c.state, c.machines, c.targets])).toEqual([
        ['lan', 'unknown', 'up', 1, []],
        ['wan', 'unknown', 'up', 1, []],
        ['wan', 'up', 'down', 3, ['198.51.100.10']],
      ]);
      // On disk before the answer: a new store reads the same series.
      expect(new SeriesStore(dir.path).load().transitions('hp-kv1', 'wan').map((x) => x.state)).toEqual(['up', 'down']);
      // A resend is a duplicate and changes nothing.
      const again = probeReport(agents[2]!, now, true);
      await tracker.record(agents[2]!, 'hp-kv1', again, now);
      expect(await tracker.record(agents[2]!, 'hp-kv1', again, now)).toBe('duplicate');
      // Silence: no machine within the window → no data, not down.
      now = new Date(now.getTime() + 700_000);
      await tracker.sweep();
      expect(tracker.status('hp-kv1').wan.state).toBe('unknown');
    } finally {
      await dir.remove();
    }
  });
});
