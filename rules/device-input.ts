/**
 * What the evaluation takes about one device of the org file: where it sits, its org entry's
 * facts, and its latest device report. Plain data (serialisable), so it can cross into a
 * worker thread with the rest of the evaluation's input.
 */
import type { DeviceReport } from '../schema/index.js';

export interface DeviceInput {
  deviceId: string;
  name: string;
  kind: string;
  unitId: string;
  roomId: string | null;
  address: string;
  purchaseYear: number | null;
  /**
   * False for a printer or scanner the room expects (expectedPrinters, expectedScanners) but
   * the org file lists no entry for: it can never be scanned and counts as unknown.
   */
  declared: boolean;
  /** Whether the org file gives it snmp or ssh. */
  hasAccess: boolean;
  report: DeviceReport | null;
  /**
   * When the collector first scanned it (the device store's `firstScanned`): a machine audited
   * over SSH is in use from then, as an agent's host is from its first report (per-device rules).
   */
  firstScanned?: string | null;
}
