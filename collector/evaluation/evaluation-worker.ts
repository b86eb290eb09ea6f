/**
 * The main thread's side of the evaluation worker: starts it, keeps its mirror of the hosts and
 * devices in step with their stores (each committed change, coalesced per record and sent
 * before any later job), and runs jobs on it with a bound on how many may run or wait at once (503 with
 * `Retry-After` beyond it). If the worker dies, waiting jobs fail with 500 and a new worker
 * starts with the whole fleet.
 */
import type { RollupFigures } from '../rollup/snapshot.js';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AuditHead } from '../access/audit-log.js';
import { ApiError } from '../errors.js';
import type { CollectorConfig } from '../config.js';
import type { WrittenDay } from '../history-store.js';
import type { DocumentRequest } from '../readiness-documents.js';
import type { EvaluationRequest, ReadinessJobs, RenderedDocument, SeriesRequest } from '../readiness-jobs.js';
import type { HostListRequest, HostModelRequest, ScopeRequest, UnitModelRequest } from '../../dashboard/page-models.js';
import type { DeviceRecord, DeviceStore } from '../store/device-store.js';
import type { HostSummary, Store } from '../store/types.js';
import type { ScanStore } from '../scans/scan-store.js';
import type { MirroredScans } from '../scans/verdicts.js';
import type { FromWorker, JobRequest, JobResult, MirroredDevice, MirroredHost, ToWorker, WorkerInit } from './messages.js';
import type { ExceptionStore } from '../remediation/exceptions.js';
import type { TaskStore } from '../remediation/tasks.js';
import type { TaskCheck } from '../remediation/tasks.js';
import type { AutoTaskCandidate } from '../remediation/auto-tasks.js';
import type { TaskToCheck } from '../readiness-jobs.js';

/** Hosts per start-up message: big enough to be cheap, small enough to keep each clone short. */
const CHUNK = 1000;
/** How soon a client told "busy" should come back. */
const BUSY_RETRY_SECONDS = 10;

const mirrored = ({ keyHash: _secret, ...host }: HostSummary): MirroredHost => host;
const mirroredDevice = ({ deviceId, latest, firstScanned }: DeviceRecord): MirroredDevice => ({ deviceId, latest, firstScanned });

/** Where the worker's changing inputs come from, on the main thread. */
export interface WorkerSources {
  store: Store;
  /** The device store; absent where the collector scans no devices. */
  devices?: Pick<DeviceStore, 'list' | 'onDeviceChange'>;
  /** The pre-use scan records; absent where none are kept (tests). */
  scans?: Pick<ScanStore, 'onVerdicts' | 'mirrorOf' | 'mirrors' | 'refresh'>;
  /** The audit chain's head, read when a history snapshot is asked for. */
  auditHead?: () => Promise<AuditHead>;
  /** Exceptions and remediation tasks (collector/remediation/); absent where there are none (tests). */
  remediation?: {
    exceptions: Pick<ExceptionStore, 'all' | 'onChange'>;
    tasks: Pick<TaskStore, 'all' | 'onChange'>;
  };
}

function spawn(init: WorkerInit): Worker {
  if (import.meta.url.endsWith('.ts')) {
    // A test run compiled these sources once (test/global-setup.ts, docs/testing.md): the worker
    // loads its compiled entry from there instead of registering tsx in every worker thread.
    const built = process.env.READINESS_TEST_BUILD;
    if (built && built !== 'off') return new Worker(join(built, 'collector', 'evaluation', 'worker.js'), { workerData: init });
    // Under tsx or vitest the sources are TypeScript: the worker registers tsx before loading its entry.
    const entry = new URL('./worker.ts', import.meta.url).href;
    return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData: init });
  }
  return new Worker(new URL('./worker.js', import.meta.url), { workerData: init });
}

interface Pending {
  resolve: (result: JobResult) => void;
  reject: (err: Error) => void;
}

export class EvaluationWorker implements ReadinessJobs {
  private worker!: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly inflight = new Set<Promise<JobResult>>();
  /** Jobs asked for by requests and not answered yet (the snapshot is not counted). */
  private requested = 0;
  private readonly changed = new Map<string, MirroredHost>();
  private readonly changedDevices = new Map<string, MirroredDevice>();
  /** Hosts whose scan records changed: their whole records go at the next flush. */
  private readonly changedScans = new Set<string>();
  /** Exceptions or tasks changed since the last flush: the whole lists go. */
  private remediationChanged = false;
  private flushScheduled = false;
  /** True while the start-up snapshot of the hosts is being sent. */
  private syncing = true;
  private synced: Promise<void> = Promise.resolve();
  private nextId = 1;
  private closing = false;

  private constructor(
    private readonly init: WorkerInit,
    private readonly sources: WorkerSources,
    private readonly maxJobs: number,
    private readonly log: (line: string) => void,
  ) {
    sources.store.onHostChange((host) => {
      this.changed.set(host.agentId, mirrored(host));
      this.scheduleFlush();
    });
    sources.devices?.onDeviceChange((record) => {
      this.changedDevices.set(record.deviceId, mirroredDevice(record));
      this.scheduleFlush();
    });
    sources.scans?.onVerdicts((hostId) => {
      this.changedScans.add(hostId);
      this.scheduleFlush();
    });
    const remediationChanged = () => {
      this.remediationChanged = true;
      this.scheduleFlush();
    };
    sources.remediation?.exceptions.onChange(remediationChanged);
    sources.remediation?.tasks.onChange(remediationChanged);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Starts the worker with every host of `store`. Does not wait for it to load its inputs: the
   * collector listens meanwhile, and jobs posted early wait in the worker's queue.
   */
  static start(config: CollectorConfig, sources: WorkerSources, log: (line: string) => void): EvaluationWorker {
    const pool = new EvaluationWorker({ config }, sources, config.documents.maxJobs, log);
    pool.boot();
    return pool;
  }

  private boot(): void {
    const worker = spawn(this.init);
    this.worker = worker;
    this.syncing = true;
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (err) => this.log(`collector: the evaluation worker failed: ${err.stack ?? err.message}`));
    worker.on('exit', (code) => {
      const err = new ApiError(500, 'internal', 'the evaluation worker stopped while making this answer; try again');
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (!this.closing) {
        this.log(`collector: warning: the evaluation worker exited (${code}); starting a new one`);
        this.boot();
      }
    });
    this.changed.clear();
    this.changedDevices.clear();
    this.changedScans.clear();
    this.synced = this.sendAll();
  }

  /**
   * Sends every device (a few hundred at most), then every host, a chunk per turn of the event
   * loop so start-up with 20,000 hosts does not hold requests. Changes made meanwhile wait in
   * `changed` and go after the last chunk (a newer version must never be overtaken by the
   * snapshot's older one), and jobs wait for it too.
   */
  private async sendAll(): Promise<void> {
    const worker = this.worker;
    const devices = this.sources.devices?.list() ?? [];
    if (devices.length) this.post({ type: 'devices', devices: devices.map(mirroredDevice) });
    const verdicts = this.sources.scans?.mirrors() ?? [];
    for (let i = 0; i < verdicts.length; i += CHUNK) this.post({ type: 'verdicts', hosts: verdicts.slice(i, i + CHUNK) });
    this.postRemediation();
    const hosts = this.sources.store.listHosts();
    for (let i = 0; i < hosts.length; i += CHUNK) {
      // A worker started again meanwhile gets its own snapshot.
      if (this.worker !== worker) return;
      this.post({ type: 'hosts', hosts: hosts.slice(i, i + CHUNK).map(mirrored) });
      await new Promise((r) => setImmediate(r));
    }
    this.syncing = false;
    this.flush();
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private postRemediation(): void {
    this.remediationChanged = false;
    const r = this.sources.remediation;
    if (r) this.post({ type: 'remediation', remediation: { exceptions: [...r.exceptions.all()], tasks: [...r.tasks.all()] } });
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.syncing) return;
    if (this.remediationChanged) this.postRemediation();
    if (this.changedDevices.size) {
      this.post({ type: 'devices', devices: [...this.changedDevices.values()] });
      this.changedDevices.clear();
    }
    if (this.changedScans.size) {
      const hosts: MirroredScans[] = [...this.changedScans].map((id) => this.sources.scans!.mirrorOf(id));
      this.post({ type: 'verdicts', hosts });
      this.changedScans.clear();
    }
    if (this.changed.size) {
      this.post({ type: 'hosts', hosts: [...this.changed.values()] });
      this.changed.clear();
    }
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'log') return this.log(m.line);
    if (m.type !== 'done' && m.type !== 'failed') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.type === 'done') return p.resolve(m.result);
    const e = m.error;
    p.reject(e.status ? new ApiError(e.status as ApiError['status'], e.code, e.message) : new Error(`the evaluation worker failed: ${e.message}`));
  }

  /** Runs `job` after every change committed so far; `internal` jobs (the snapshot) are not bounded. */
  private run(job: JobRequest, internal = false): Promise<JobResult> {
    if (!internal && this.requested >= this.maxJobs) {
      return Promise.reject(
        new ApiError(503, 'busy', `the collector is already making ${this.requested} documents or evaluations; try again in ${BUSY_RETRY_SECONDS} s`, undefined, {
          'retry-after': String(BUSY_RETRY_SECONDS),
        }),
      );
    }
    const id = this.nextId++;
    const result = new Promise<JobResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      void this.synced.then(() => {
        // Verdicts another process (`readiness scan`) appended since: read them now, so the job sees them.
        this.sources.scans?.refresh();
        this.flush();
        this.post({ type: 'job', id, job });
      });
    });
    this.inflight.add(result);
    if (!internal) this.requested++;
    const forget = () => {
      this.inflight.delete(result);
      if (!internal) this.requested--;
    };
    result.then(forget, forget);
    return result;
  }

  async evaluationJson(req: EvaluationRequest): Promise<Uint8Array[]> {
    const r = await this.run({ type: 'evaluation', unitId: req.unitId, recursive: req.recursive, ...(req.asOf ? { asOf: req.asOf } : {}) });
    return (r as Extract<JobResult, { kind: 'chunks' }>).chunks;
  }

  async completionSeriesJson(req: SeriesRequest): Promise<Uint8Array> {
    const r = await this.run({ type: 'series', req });
    return (r as Extract<JobResult, { kind: 'bytes' }>).body;
  }

  async scanQueueJson(req: Omit<EvaluationRequest, 'asOf'>): Promise<Uint8Array> {
    const r = await this.run({ type: 'scanQueue', unitId: req.unitId, recursive: req.recursive });
    return (r as Extract<JobResult, { kind: 'bytes' }>).body;
  }

  /** The figures a roll-up snapshot carries, evaluated on the worker (the whole evaluation is ~70 MB of JSON at 20,000 hosts). */
  async rollupFigures(): Promise<RollupFigures> {
    const r = (await this.run({ type: 'rollup' })) as Extract<JobResult, { kind: 'bytes' }>;
    return JSON.parse(new TextDecoder().decode(r.body)) as RollupFigures;
  }

  async document(req: DocumentRequest, now: Date, opts: { background?: boolean } = {}): Promise<RenderedDocument> {
    const r = (await this.run({ type: 'document', req, now: now.toISOString() }, opts.background ?? false)) as Extract<JobResult, { kind: 'bytes' }>;
    return { body: r.body, contentType: r.contentType!, fileName: r.fileName!, inline: r.inline!, about: r.about! };
  }

  private async bytes(job: JobRequest): Promise<Uint8Array> {
    return ((await this.run(job)) as Extract<JobResult, { kind: 'bytes' }>).body;
  }

  scopeSummaryJson(req: ScopeRequest): Promise<Uint8Array> {
    return this.bytes({ type: 'scope-summary', req });
  }

  unitModelJson(req: UnitModelRequest): Promise<Uint8Array> {
    return this.bytes({ type: 'unit-model', req });
  }

  hostModelJson(req: HostModelRequest): Promise<Uint8Array> {
    return this.bytes({ type: 'host-model', req });
  }

  hostListJson(req: HostListRequest): Promise<Uint8Array> {
    return this.bytes({ type: 'host-list', req });
  }

  /** Not bounded: it must reach the worker even when it is busy, after the change it follows. */
  async forgetPageModels(): Promise<void> {
    await this.run({ type: 'forget-page-models' }, true);
  }

  /** Which remediation tasks the data shows done, from the worker's mirror (not bounded by maxJobs: the collector asks, not a request). */
  async taskChecks(tasks: readonly TaskToCheck[]): Promise<TaskCheck[]> {
    if (!tasks.length) return [];
    return ((await this.run({ type: 'task-checks', tasks: [...tasks] }, true)) as Extract<JobResult, { kind: 'task-checks' }>).checks;
  }

  /** The tasks the packs' `autoTasks` settings ask for, from the worker's mirror (not bounded: the collector asks). */
  async autoTaskCandidates(): Promise<AutoTaskCandidate[]> {
    return ((await this.run({ type: 'auto-tasks' }, true)) as Extract<JobResult, { kind: 'auto-tasks' }>).candidates;
  }

  /** Records today's history from the worker's mirror, anchored to the audit chain's head as of now. */
  async snapshot(): Promise<WrittenDay | null> {
    const auditHead = this.sources.auditHead ? await this.sources.auditHead() : null;
    return ((await this.run({ type: 'snapshot', auditHead }, true)) as Extract<JobResult, { kind: 'snapshot' }>).written;
  }

  /** Waits for the jobs asked for so far, then stops the worker. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.inflight);
    await this.worker.terminate();
  }
}
