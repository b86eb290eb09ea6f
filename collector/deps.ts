/** What the collector's routes are built from; tests pass their own. */
import type { CollectorConfig } from './config.js';
import type { Store } from './store/types.js';

export interface AppDeps {
  store: Store;
  enrollSecret: string;
  adminToken: string;
  config: CollectorConfig;
  /** The clock, injectable so tests can pin dates. */
  now: () => Date;
}
