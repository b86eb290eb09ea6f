/** What the collector's routes are built from; tests pass their own. */
import type { CollectorConfig } from './config.js';
import type { Store } from './store/types.js';
import type { ProbeTarget } from '../schema/index.js';
import type { CollectorMetrics } from './metrics.js';
import type { ReadinessJobs } from './readiness-jobs.js';
import type { OrgDirectory } from './org-directory.js';
import type { ArchiveStore } from './archive/store.js';
import type { CollectorLimits } from './limits.js';
import type { AccessControl } from './access/access-control.js';
import type { ScanService } from './scans/service.js';
import type { HistoryReader } from '../dashboard/host-history.js';
import type { DeviceScanService } from './devices/scan-service.js';
import type { ChildRegistry } from './rollup/children.js';
import type { ReceivedSnapshots } from './rollup/received.js';
import type { Remediation } from './remediation/index.js';
import type { Availability } from './availability/index.js';

export interface AppDeps {
  store: Store;
  enrollSecret: string;
  /** Users, sessions, tokens, enrollment secrets, the audit log (collector/access/). */
  access: AccessControl;
  config: CollectorConfig;
  /** The clock, injectable so tests can pin dates. */
  now: () => Date;
  /** Probe targets of a unit and room (from the org file); empty when the unit has none. */
  targetsForUnit: (unitId: string, roomId?: string | null) => ProbeTarget[];
  /** Evaluations and readiness documents as bytes (a worker thread in the collector, collector/readiness-jobs.ts). */
  readiness: ReadinessJobs;
  /** Units and rooms: the unit list, placement checks, probe-rule trails (collector/readiness.ts). */
  org: OrgDirectory;
  metrics: CollectorMetrics;
  /** The document archive (collector/archive); absent for collectors without a data directory. */
  archive?: ArchiveStore;
  /** The daily history, for the machine page's results over time (absent: no history kept). */
  history?: HistoryReader | null;
  /** Rate limits (collector/limits.ts), from the config: failed credentials, enrollments, reports. */
  limits: CollectorLimits;
  /** The org file's devices and their scans; absent where the collector scans none (tests). */
  devices?: DeviceScanService;
  /** Pre-use scan verdicts: recording, attachments, acceptance, the sheet import (collector/scans/). */
  scans: ScanService;
  /** Child collectors' tokens and the snapshots they sent (docs/rollup.md); absent in tests that have none. */
  rollup?: { children: ChildRegistry; received: ReceivedSnapshots };
  /** Exceptions, remediation tasks and their verifier (collector/remediation/). */
  remediation: Remediation;
  /** LAN/WAN status and availability series, fed by probe-only reports (collector/availability/). */
  availability: Availability;
}
