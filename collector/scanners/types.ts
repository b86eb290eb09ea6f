/**
 * The one interface of a scanner: given a device of the org file and its resolved
 * credentials, read what it can and say how it went. A scanner never throws: an unreachable
 * device, refused credentials or a time-out is a `ScanResult` with a sentence.
 */
import type { CollectionError, HostReport, OrgDevice, ScannerName, ScanResult, SnmpInventory } from '../../schema/index.js';
import type { DevicesConfig } from '../devices/config.js';
import type { DeviceSecrets } from '../devices/secrets-file.js';
import type { PinnedHostKey } from '../store/device-store.js';

export interface ScanTarget {
  device: OrgDevice;
  secrets: DeviceSecrets;
  config: DevicesConfig;
  /** The SSH host key pinned on first contact, if any. */
  pinnedHostKey: PinnedHostKey | undefined;
  now: () => Date;
}

export interface ScanPart {
  result: ScanResult;
  /** Whether the device answered this scanner at all. */
  answered: boolean;
  snmp?: SnmpInventory;
  ssh?: { user: string; root: boolean; hostKey: { type: string; fingerprint: string } };
  host?: HostReport;
  /** A host key seen for the first time, to pin with the report. */
  pin?: PinnedHostKey;
  errors: CollectionError[];
}

export interface Scanner {
  name: ScannerName;
  /** Whether the org file gives this device what the scanner needs. */
  applies(device: OrgDevice): boolean;
  scan(target: ScanTarget): Promise<ScanPart>;
}

/** What a scanner's work returns before it is timed: the part, its outcome and its sentence. */
export type Finding = Omit<ScanPart, 'result'> & { outcome: ScanResult['outcome']; message: string };

/** Runs a scanner's work and wraps it as its `ScanPart`, with how long it took. */
export async function timed(scanner: ScannerName, work: () => Promise<Finding>): Promise<ScanPart> {
  const started = performance.now();
  const { outcome, message, ...part } = await work();
  return { ...part, result: { scanner, outcome, message, durationMs: Math.round(performance.now() - started) } };
}

/** The secret a device names; start-up checked it exists, so a miss is a bug worth a sentence. */
export function secretOf(target: ScanTarget, name: string | undefined): string | undefined {
  return name === undefined ? undefined : target.secrets.get(name);
}
