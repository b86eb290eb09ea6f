/** What the collector's routes are built from; tests pass their own. */
import type { CollectorConfig } from './config.js';
import type { Store } from './store/types.js';
import type { ProbeTarget } from '../schema/index.js';
import type { CollectorMetrics } from './metrics.js';

export interface AppDeps {
  store: Store;
  enrollSecret: string;
  adminToken: string;
  config: CollectorConfig;
  /** The clock, injectable so tests can pin dates. */
  now: () => Date;
  /** Probe targets of a unit (from the org file); empty when the unit has none. */
  targetsForUnit: (unitId: string) => ProbeTarget[];
  metrics: CollectorMetrics;
}
