/**
 * Device scanning in the collector: loads the secrets file and checks every credential the org
 * file names (a missing one stops start-up with the file, the device and the field), loads the
 * device store, and starts the periodic scan.
 */
import type { OrgFile } from '../../schema/index.js';
import type { CollectorConfig } from '../config.js';
import { FileDeviceStore } from '../store/device-store.js';
import type { DeviceStore } from '../store/device-store.js';
import { DeviceScanService } from './scan-service.js';
import { checkSecretReferences, loadDeviceSecrets, orgDevices } from './secrets-file.js';

export interface DeviceScanning {
  store: DeviceStore;
  service: DeviceScanService;
  close(): Promise<void>;
}

/** Everything that can refuse a bad file runs before the caller listens. */
export async function openDeviceScanning(opts: {
  config: CollectorConfig;
  org: OrgFile | null;
  dataDir: string;
  now: () => Date;
  log: (line: string) => void;
  store?: DeviceStore;
}): Promise<DeviceScanning> {
  const { config, org } = opts;
  const secretsFile = config.devices.secretsFile;
  const secrets = secretsFile ? await loadDeviceSecrets(secretsFile) : null;
  if (org) checkSecretReferences(org, config.org ?? 'the org file', secrets, secretsFile);
  const store = opts.store ?? new FileDeviceStore(opts.dataDir);
  await store.load();
  for (const w of store.warnings) opts.log(`collector: warning: ${w}`);
  const service = new DeviceScanService({ org, secrets: secrets ?? new Map(), config: config.devices, store, now: opts.now, log: opts.log });
  const count = orgDevices(org).length;
  if (count) {
    opts.log(
      config.devices.scanIntervalMinutes
        ? `collector: scanning ${count} devices every ${config.devices.scanIntervalMinutes} min, ${config.devices.concurrency} at a time`
        : `collector: ${count} devices, scanned on demand only (devices.scanIntervalMinutes is 0)`,
    );
  }
  return { store, service, close: () => service.close() };
}
