/**
 * LAN/WAN availability of a collector (docs/availability.md): the per-unit series on disk
 * (`data/availability/`), the live status fed by probe-only reports, and the sweep that turns
 * silent units to "no data". `openAvailability` is what the server and the test app call.
 */
import { join } from 'node:path';
import type { RuleSet } from '../../rules/compile.js';
import type { CollectorConfig } from '../config.js';
import { SeriesStore } from './series-store.js';
import { AvailabilityTracker } from './tracker.js';
import type { AlertService } from '../alerts/alerts.js';

export interface Availability {
  series: SeriesStore;
  tracker: AvailabilityTracker;
  /** Alerts and their deliveries; absent where none are configured to be kept (tests). */
  alerts?: AlertService;
  /** Two probe intervals: how long a machine's last probe report counts. */
  freshMs: number;
}

/** The window a probe-only report counts for: two probe intervals (the full report's when probe-only reports are off). */
export const freshWindowMs = (agent: CollectorConfig['agent']) => 2 * (agent.probeIntervalSeconds || agent.intervalSeconds) * 1000;

export function openAvailability(opts: { dataDir: string | null; rules: RuleSet; agent: CollectorConfig['agent']; now: () => Date }): Availability {
  const freshMs = freshWindowMs(opts.agent);
  const hysteresis = opts.rules.packs[0]?.pack.settings.hysteresisReports.value ?? 2;
  // Late reports fill the series with the live rules (backfill.ts).
  const series = new SeriesStore(opts.dataDir === null ? null : join(opts.dataDir, 'availability'), { hysteresis, freshMs }).load();
  return { series, tracker: new AvailabilityTracker(series, { hysteresis, freshMs, now: opts.now }), freshMs };
}
