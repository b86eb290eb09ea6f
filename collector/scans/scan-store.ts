/**
 * The scan records of a data directory: the scan log (scan-log.ts) read into memory by host,
 * the attachments beside it (`<data>/scans/attachments/<sha256>`, content-addressed, written
 * crash-safely before the event that names them), and the small per-host input evaluations
 * read (`verdicts()`), kept up to date as events are appended here or by another process.
 * Verdicts are keyed by host id only: a host merged into another, or re-enrolled under a new
 * id, keeps its verdicts where they were and the new id starts unscanned.
 */
import { join } from 'node:path';
import type { AttachmentType, HostScanInput, ScanAttachment, ScanEvent, ScanRecord, ScanView } from '../../schema/index.js';
import { fileMutex, processMutex } from '../access/lock.js';
import type { Mutex } from '../access/lock.js';
import { AttachmentBlobs } from './attachment.js';
import { ScanLog } from './scan-log.js';
import { inputOf, mirroredScans, verdictsAsOf } from './verdicts.js';
import type { MirroredScans, ScanHistory } from './verdicts.js';

interface HostScans extends ScanHistory {
  attachments: Map<string, ScanAttachment[]>;
}

export interface ScanStoreOptions {
  /** The collector's data directory; null keeps everything in memory (tests). */
  dataDir: string | null;
  log?: (line: string) => void;
}

export class ScanStore {
  private readonly hosts = new Map<string, HostScans>();
  private readonly byId = new Map<string, ScanRecord>();
  private readonly inputs = new Map<string, HostScanInput>();
  private readonly scanLog: ScanLog | null;
  private readonly mutex: Mutex;
  private readonly blobs: AttachmentBlobs;
  private readonly listeners: Array<(hostId: string, input: HostScanInput | null) => void> = [];

  constructor(opts: ScanStoreOptions) {
    const log = opts.log ?? ((l) => console.error(l));
    const dir = opts.dataDir === null ? null : join(opts.dataDir, 'scans');
    this.blobs = new AttachmentBlobs(dir && join(dir, 'attachments'));
    this.scanLog = dir ? new ScanLog(join(dir, 'scans.log'), (e) => this.apply(e), () => this.clear()) : null;
    this.mutex = opts.dataDir === null ? processMutex() : fileMutex(join(opts.dataDir, 'scans.lock'), log);
  }

  /** Reads the log; a damaged line stops start-up naming it. */
  load(): this {
    this.scanLog?.refresh();
    return this;
  }

  private clear(): void {
    // The log was replaced: whatever is re-read replaces what listeners were told.
    for (const hostId of this.hosts.keys()) for (const listener of this.listeners) listener(hostId, null);
    this.hosts.clear();
    this.byId.clear();
    this.inputs.clear();
  }

  private hostOf(hostId: string): HostScans {
    let h = this.hosts.get(hostId);
    if (!h) this.hosts.set(hostId, (h = { verdicts: [], attachments: new Map(), acceptances: new Map() }));
    return h;
  }

  private apply(e: ScanEvent): void {
    const host = this.hostOf(e.hostId);
    if (e.kind === 'verdict') {
      host.verdicts.push(e);
      this.byId.set(e.id, e);
    } else if (e.kind === 'attachment') {
      host.attachments.set(e.scanId, [...(host.attachments.get(e.scanId) ?? []), e]);
    } else if (!host.acceptances.has(e.scanId)) {
      host.acceptances.set(e.scanId, e);
    }
    // Evaluations are synchronous: none runs while an event is applied, so the map is changed in place.
    const input = inputOf(host);
    if (input) {
      this.inputs.set(e.hostId, input);
      for (const listener of this.listeners) listener(e.hostId, input);
    }
  }

  /**
   * Called with a host's new evaluation input whenever an event changes it, whoever appended
   * it (this process, or `readiness scan` seen at the next read; null when a replaced log
   * dropped the host): what the evaluation worker's mirror is kept up to date with
   * (`mirrorOf`, collector/evaluation/).
   */
  onVerdicts(listener: (hostId: string, input: HostScanInput | null) => void): void {
    this.listeners.push(listener);
  }

  /** Reads what other processes appended since the last read (listeners hear of it). */
  refresh(): void {
    this.scanLog?.refresh();
  }

  /** A host's verdicts and acceptances as the evaluation worker mirrors them. */
  mirrorOf(hostId: string): MirroredScans {
    return mirroredScans(hostId, this.hosts.get(hostId));
  }

  /** Every host's, for a worker's start-up. */
  mirrors(): MirroredScans[] {
    this.scanLog?.refresh();
    return [...this.hosts.keys()].map((id) => this.mirrorOf(id));
  }

  /** Every host's latest verdict (and latest accepted one), by host id: what evaluations read. */
  verdicts(): ReadonlyMap<string, HostScanInput> {
    this.scanLog?.refresh();
    return this.inputs;
  }

  /**
   * The same as recorded by the end of `day` (org time zone): for a past day's register.
   * Verdicts dated later, or entered later, and later acceptances are left out.
   */
  verdictsAsOf(day: string, timeZone: string): ReadonlyMap<string, HostScanInput> {
    this.scanLog?.refresh();
    return verdictsAsOf(this.hosts, day, timeZone);
  }

  /** A host's verdicts with their attachments and acceptance, newest first. */
  history(hostId: string): ScanView[] {
    this.scanLog?.refresh();
    const host = this.hosts.get(hostId);
    if (!host) return [];
    return [...host.verdicts].reverse().map((r) => this.view(r, host));
  }

  private view(r: ScanRecord, host: HostScans): ScanView {
    const acceptance = host.acceptances.get(r.id);
    return {
      ...r,
      attachments: (host.attachments.get(r.id) ?? []).map(({ kind: _k, scanId: _s, hostId: _h, ...a }) => a),
      acceptance: acceptance ? { by: acceptance.by, at: acceptance.at, note: acceptance.note } : null,
    };
  }

  getScan(scanId: string): ScanView | undefined {
    this.scanLog?.refresh();
    const r = this.byId.get(scanId);
    return r ? this.view(r, this.hostOf(r.hostId)) : undefined;
  }

  /**
   * Appends the event `decide` returns, under the scans lock, after reading what others
   * appended (so its checks see every earlier event). Resolves with the event and its line
   * once the line is on disk.
   */
  append<E extends ScanEvent>(decide: () => E): Promise<{ event: E; line: string }> {
    return this.mutex.run(async () => {
      this.scanLog?.refresh();
      const event = decide();
      if (!this.scanLog) {
        this.apply(event);
        return { event, line: JSON.stringify(event) };
      }
      return { event, line: await this.scanLog.appendLocked(event) };
    });
  }

  /** Stores an attachment's bytes (once per content) before the event naming it is appended. */
  putAttachment(bytes: Uint8Array, type: AttachmentType): Promise<string> {
    return this.blobs.put(bytes, type);
  }

  readAttachment(sha256: string, type: AttachmentType): Promise<Uint8Array | null> {
    return this.blobs.read(sha256, type);
  }
}
