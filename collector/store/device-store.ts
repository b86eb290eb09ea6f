/**
 * The device store: per device of the org file, its latest device report, a short history of
 * scan outcomes, and the SSH host key pinned on first contact. An interface, so a PostgreSQL
 * store can implement it too; the embedded one keeps one durable file per device under
 * `<data>/devices/<id>.json`, written like the host files (temporary file, fsync, rename,
 * directory fsync: util/durable-write.ts), one write at a time per device.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DeviceId, DeviceReport, ScanOutcome, Timestamp, describeIssues, worstOutcome } from '../../schema/index.js';
import { isTempFile, writeFileDurably } from '../../util/durable-write.js';

/** Scan outcomes kept per device: about four days at the default hourly scan. */
export const DEVICE_HISTORY = 100;

export const PinnedHostKey = z.object({
  type: z.string(),
  /** OpenSSH-style `SHA256:<base64>`. */
  fingerprint: z.string(),
  /** Where it was first seen. */
  address: z.string(),
  port: z.number().int(),
  pinnedAt: Timestamp,
});
export type PinnedHostKey = z.infer<typeof PinnedHostKey>;

export const DeviceRecord = z.object({
  deviceId: DeviceId,
  firstScanned: Timestamp,
  lastScanned: Timestamp,
  scanCount: z.number().int().nonnegative(),
  latest: DeviceReport,
  /** Oldest first: one line per scan. */
  history: z.array(z.object({ scannedAt: Timestamp, reachable: z.boolean().nullable(), outcome: ScanOutcome, durationMs: z.number().nonnegative() })),
  sshHostKey: PinnedHostKey.optional(),
});
export type DeviceRecord = z.infer<typeof DeviceRecord>;

/** The worst outcome of a report's scans: what one history line says. */
export const overallOutcome = (report: DeviceReport): ScanOutcome => worstOutcome(report.scans);

/** The record after a scan: pure, shared by every implementation. */
export function withDeviceReport(previous: DeviceRecord | undefined, report: DeviceReport, pin: PinnedHostKey | undefined): DeviceRecord {
  const line = { scannedAt: report.scannedAt, reachable: report.reachable, outcome: overallOutcome(report), durationMs: report.durationMs };
  const sshHostKey = pin ?? previous?.sshHostKey;
  return {
    deviceId: report.deviceId,
    firstScanned: previous?.firstScanned ?? report.scannedAt,
    lastScanned: report.scannedAt,
    scanCount: (previous?.scanCount ?? 0) + 1,
    latest: report,
    history: [...(previous?.history ?? []), line].slice(-DEVICE_HISTORY),
    ...(sshHostKey ? { sshHostKey } : {}),
  };
}

export interface DeviceStore {
  /** Reads everything; call once before use. */
  load(): Promise<void>;
  get(deviceId: string): DeviceRecord | undefined;
  list(): DeviceRecord[];
  /**
   * Stores a scan's report (and the host key it pinned on first contact); resolves once it is
   * on disk.
   */
  put(report: DeviceReport, pin?: PinnedHostKey): Promise<DeviceRecord>;
  /** Drops the pinned SSH host key so the next audit pins the one it finds; false for an unknown device. */
  forgetHostKey(deviceId: string): Promise<boolean>;
  /**
   * Calls `listener` with each record once it is on disk (the evaluation worker keeps its
   * mirror of the latest scans by it, collector/evaluation/).
   */
  onDeviceChange(listener: (record: DeviceRecord) => void): void;
  /** Files set aside at load, for the log. */
  readonly warnings: readonly string[];
}

/** Keeps everything in memory: for tests and the benchmark's baseline. */
export class MemoryDeviceStore implements DeviceStore {
  protected readonly records = new Map<string, DeviceRecord>();
  readonly warnings: string[] = [];
  private readonly listeners: Array<(record: DeviceRecord) => void> = [];

  async load(): Promise<void> {}

  get(deviceId: string): DeviceRecord | undefined {
    return this.records.get(deviceId);
  }

  list(): DeviceRecord[] {
    return [...this.records.values()];
  }

  async put(report: DeviceReport, pin?: PinnedHostKey): Promise<DeviceRecord> {
    const record = withDeviceReport(this.records.get(report.deviceId), report, pin);
    await this.save(record);
    this.records.set(record.deviceId, record);
    for (const listener of this.listeners) listener(record);
    return record;
  }

  onDeviceChange(listener: (record: DeviceRecord) => void): void {
    this.listeners.push(listener);
  }

  async forgetHostKey(deviceId: string): Promise<boolean> {
    const record = this.records.get(deviceId);
    if (!record) return false;
    const { sshHostKey: _dropped, ...rest } = record;
    await this.save(rest);
    this.records.set(deviceId, rest);
    return true;
  }

  protected async save(_record: DeviceRecord): Promise<void> {}
}

export class FileDeviceStore extends MemoryDeviceStore {
  private readonly dir: string;
  private readonly queues = new Map<string, Promise<unknown>>();

  /** `readOnly`: for readers beside a running collector; nothing is deleted or set aside. */
  constructor(
    readonly dataDir: string,
    private readonly options: { readOnly?: boolean } = {},
  ) {
    super();
    this.dir = join(dataDir, 'devices');
  }

  override async load(): Promise<void> {
    if (!this.options.readOnly) await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      if (isTempFile(name)) {
        if (!this.options.readOnly) await unlink(join(this.dir, name)).catch(() => {});
        continue;
      }
      if (name.endsWith('.json')) await this.loadOne(name);
    }
  }

  private async loadOne(name: string): Promise<void> {
    let problem: string;
    try {
      const parsed = DeviceRecord.safeParse(JSON.parse(readFileSync(join(this.dir, name), 'utf8')));
      if (parsed.success && `${parsed.data.deviceId}.json` === name) {
        this.records.set(parsed.data.deviceId, parsed.data);
        return;
      }
      problem = parsed.success ? 'its deviceId does not match its file name' : describeIssues(parsed.error);
    } catch (err) {
      problem = (err as Error).message;
    }
    if (this.options.readOnly) {
      this.warnings.push(`skipped devices/${name}: ${problem}`);
      return;
    }
    const aside = join(this.dataDir, 'corrupt', 'devices');
    await mkdir(aside, { recursive: true });
    await rename(join(this.dir, name), join(aside, name));
    this.warnings.push(`set aside devices/${name} in ${aside}: ${problem}`);
  }

  override put(report: DeviceReport, pin?: PinnedHostKey): Promise<DeviceRecord> {
    return this.serialise(report.deviceId, () => super.put(report, pin));
  }

  override forgetHostKey(deviceId: string): Promise<boolean> {
    return this.serialise(deviceId, () => super.forgetHostKey(deviceId));
  }

  protected override save(record: DeviceRecord): Promise<void> {
    return writeFileDurably(join(this.dir, `${record.deviceId}.json`), JSON.stringify(record));
  }

  /** One write at a time per device, in arrival order. */
  private serialise<T>(deviceId: string, task: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(deviceId) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => {});
    this.queues.set(deviceId, tail);
    void tail.then(() => {
      if (this.queues.get(deviceId) === tail) this.queues.delete(deviceId);
    });
    return run;
  }
}
