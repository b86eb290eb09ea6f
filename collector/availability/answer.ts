/**
 * What `GET /api/v1/availability` answers for a set of units (docs/availability.md): per unit
 * and scope the live status, the period's availability, one row per day and the outage log,
 * computed from the per-unit series alone (bench:rules measures it for a month of 20,000 hosts).
 */
import { addDays } from '../../rules/deadline.js';
import { dailyAvailability, dayStartMs, outagesIn, periodAvailability } from '../../rules/availability.js';
import type { LinkScope, LinkState } from '../../rules/availability.js';
import type { SeriesStore } from './series-store.js';

export interface AvailabilitySources {
  series: Pick<SeriesStore, 'transitions'>;
  status: (unit: string) => Record<LinkScope, { state: LinkState; since: string | null }>;
}

export function availabilityOf(src: AvailabilitySources, units: ReadonlyArray<{ id: string; name: string }>, scopes: readonly LinkScope[], p: { from: string; to: string; timeZone: string; nowMs: number }) {
  const fromMs = dayStartMs(p.from, p.timeZone);
  const toMs = dayStartMs(addDays(p.to, 1), p.timeZone);
  return units.map((u) => ({
    unitId: u.id,
    name: u.name,
    scopes: Object.fromEntries(
      scopes.map((s) => {
        const series = src.series.transitions(u.id, s);
        return [
          s,
          {
            status: src.status(u.id)[s],
            period: periodAvailability(series, p.from, p.to, p.timeZone, p.nowMs),
            days: dailyAvailability(series, p.from, p.to, p.timeZone, p.nowMs),
            outages: outagesIn(series, fromMs, toMs, p.nowMs),
          },
        ];
      }),
    ),
  }));
}
