/**
 * Scanning the org file's devices: on an interval (collector config
 * `devices.scanIntervalMinutes`) and on demand (`POST /api/v1/devices/scan`, `readiness
 * devices scan`), at most `devices.concurrency` devices at a time. A device already being
 * scanned is not scanned twice at once: a second request waits for the same scan. Every
 * result is stored (device store) before it is returned.
 */
import type { OrgDevice, OrgFile } from '../../schema/index.js';
import { scanMessage } from '../../schema/index.js';
import { scanDevice, SCANNERS } from '../scanners/index.js';
import type { Scanner } from '../scanners/types.js';
import type { DeviceRecord, DeviceStore } from '../store/device-store.js';
import { overallOutcome } from '../store/device-store.js';
import type { DevicesConfig } from './config.js';
import type { DeviceSecrets } from './secrets-file.js';
import { orgDevices } from './secrets-file.js';

export interface PlacedDevice {
  device: OrgDevice;
  unitId: string;
  roomId: string | null;
}

/** One line of a scan's answer. */
export interface ScanSummary {
  deviceId: string;
  name: string;
  kind: string;
  unit: string;
  room: string | null;
  address: string;
  scannedAt: string;
  reachable: boolean | null;
  outcome: string;
  message: string;
  durationMs: number;
}

export class ScanRequestError extends Error {}

export interface ScanFilter {
  unit?: string | undefined;
  device?: string | undefined;
  within?: ((unitId: string) => boolean) | undefined;
}

export interface DeviceScanOptions {
  org: OrgFile | null;
  secrets: DeviceSecrets;
  config: DevicesConfig;
  store: DeviceStore;
  now: () => Date;
  log?: (line: string) => void;
  scanners?: readonly Scanner[];
}

/** Which device a line is about. */
const about = (placed: PlacedDevice) => ({
  deviceId: placed.device.id,
  name: placed.device.name ?? placed.device.id,
  kind: placed.device.kind,
  unit: placed.unitId,
  room: placed.roomId,
  address: placed.device.address,
});

export const summarise = (placed: PlacedDevice, record: DeviceRecord): ScanSummary => ({
  ...about(placed),
  scannedAt: record.latest.scannedAt,
  reachable: record.latest.reachable,
  outcome: overallOutcome(record.latest),
  message: scanMessage(record.latest.scans),
  durationMs: record.latest.durationMs,
});

/** A device the org file gives neither snmp nor ssh: nothing to run, nothing stored. */
const unscannable = (placed: PlacedDevice, now: Date): ScanSummary => ({
  ...about(placed),
  scannedAt: now.toISOString(),
  reachable: null,
  outcome: 'error',
  message: `the org file gives device "${placed.device.id}" no way in: add snmp (switches, printers, UPSs) or ssh (Linux servers) to its entry`,
  durationMs: 0,
});

export class DeviceScanService {
  private readonly placed: PlacedDevice[];
  private readonly inFlight = new Map<string, Promise<DeviceRecord>>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: DeviceScanOptions) {
    this.placed = orgDevices(opts.org);
  }

  get devices(): readonly PlacedDevice[] {
    return this.placed;
  }

  get store(): DeviceStore {
    return this.opts.store;
  }

  /**
   * The devices a request names: one device, a unit and the units below it, or all; `within`
   * keeps only devices of the units it accepts (the caller's scope).
   */
  select(filter: ScanFilter): PlacedDevice[] {
    const chosen = this.chooseDevices(filter);
    return filter.within ? chosen.filter((p) => filter.within!(p.unitId)) : chosen;
  }

  private chooseDevices(filter: ScanFilter): PlacedDevice[] {
    if (filter.device !== undefined) {
      const found = this.placed.find((p) => p.device.id === filter.device);
      if (!found) throw new ScanRequestError(`no device "${filter.device}" in the org file; list them with GET /api/v1/devices`);
      return [found];
    }
    if (filter.unit === undefined) return [...this.placed];
    const units = this.opts.org?.units ?? [];
    if (!units.some((u) => u.id === filter.unit)) throw new ScanRequestError(`no unit "${filter.unit}" in the org file; list the units with GET /api/v1/units`);
    // The unit and every unit below it: parents are checked at load, so this ends.
    const within = new Set([filter.unit]);
    let before = 0;
    while (within.size !== before) {
      before = within.size;
      for (const u of units) if (u.parent && within.has(u.parent)) within.add(u.id);
    }
    return this.placed.filter((p) => within.has(p.unitId));
  }

  /** Scans the devices a request names, `devices.concurrency` at a time, in org file order. */
  async scan(filter: ScanFilter = {}): Promise<ScanSummary[]> {
    const chosen = this.select(filter);
    const scanners = this.opts.scanners ?? SCANNERS;
    const out: ScanSummary[] = new Array(chosen.length);
    let next = 0;
    const worker = async () => {
      while (next < chosen.length) {
        const i = next++;
        const placed = chosen[i]!;
        out[i] = scanners.some((s) => s.applies(placed.device)) ? summarise(placed, await this.scanOne(placed)) : unscannable(placed, this.opts.now());
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.config.concurrency, chosen.length) }, worker));
    return out;
  }

  private scanOne(placed: PlacedDevice): Promise<DeviceRecord> {
    const id = placed.device.id;
    const running = this.inFlight.get(id);
    if (running) return running;
    const task = (async () => {
      const { report, pin } = await scanDevice(
        { device: placed.device, secrets: this.opts.secrets, config: this.opts.config, pinnedHostKey: this.opts.store.get(id)?.sshHostKey, now: this.opts.now },
        this.opts.scanners ?? SCANNERS,
      );
      return this.opts.store.put(report, pin);
    })().finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, task);
    return task;
  }

  /** Scans everything now and then every `scanIntervalMinutes` (not at all when 0 or no device). */
  start(): void {
    const minutes = this.opts.config.scanIntervalMinutes;
    if (!minutes || !this.placed.length) return;
    const log = this.opts.log ?? (() => {});
    const all = () => {
      const started = performance.now();
      this.round = this.round
        .then(() => this.scan())
        .then(
          (done) => {
            const bad = done.filter((d) => d.outcome !== 'ok' && d.outcome !== 'partial');
            log(`collector: scanned ${done.length} devices in ${(performance.now() - started).toFixed(0)} ms${bad.length ? `; not read: ${bad.map((d) => `${d.deviceId} (${d.outcome})`).join(', ')}` : ''}`);
          },
          (err: Error) => log(`collector: warning: the device scan failed: ${err.message}`),
        );
    };
    all();
    this.timer = setInterval(all, minutes * 60_000);
    this.timer.unref();
  }

  /** Stops the interval and waits for the scans under way (their results are stored). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
    await Promise.allSettled([...this.inFlight.values()]);
  }
}
