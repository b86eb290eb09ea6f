/**
 * The messages between the collector's main thread and its evaluation worker
 * (docs/architecture.md). The worker keeps a mirror of everything whole-fleet evaluation reads
 * (`EvaluationBundle`): static inputs arrive once in `workerData`, the changing ones as update
 * messages. A later input (scan verdicts, exceptions, device reports...) is one more field of
 * the bundle and one more `BundleUpdate` kind, sent from where that input is stored.
 */
import type { AuditHead } from '../access/audit-log.js';
import type { CollectorConfig } from '../config.js';
import type { DocumentRequest } from '../readiness-documents.js';
import type { DocumentAbout, SeriesRequest } from '../readiness-jobs.js';
import type { WrittenDay } from '../history-store.js';
import type { DeviceRecord } from '../store/device-store.js';
import type { ScanMirror } from '../scans/scan-mirror.js';
import type { MirroredScans } from '../scans/verdicts.js';
import type { HostSummary } from '../store/types.js';
import type { HostListRequest, HostModelRequest, ScopeRequest, UnitModelRequest } from '../../dashboard/page-models.js';
import type { RemediationInputs } from '../readiness.js';
import type { TaskToCheck } from '../readiness-jobs.js';
import type { TaskCheck } from '../remediation/tasks.js';
import type { AutoTaskCandidate } from '../remediation/auto-tasks.js';

/** A host as the worker sees it: everything but its key hash. */
export type MirroredHost = Omit<HostSummary, 'keyHash'>;

/** A device as the worker sees it: its latest scan (what `deviceInputs` reads), not its history or pinned key. */
export type MirroredDevice = Pick<DeviceRecord, 'deviceId' | 'latest' | 'firstScanned'>;

/**
 * Given once when the worker starts: what does not change while the collector runs. The org
 * file, rule packs (with their software policy) and licensing policy (KMS allow-list) are
 * loaded from the paths and values it names, by the same `loadReadinessInputs` as the main
 * thread's; `dataDir` is resolved.
 */
export interface WorkerInit {
  config: CollectorConfig;
}

/** What the worker holds and keeps in step with the main thread. */
export interface EvaluationBundle {
  /** Every host, by agent id, as last committed by the store (with its import origin, software matches, clock, retirement). */
  hosts: Map<string, MirroredHost>;
  /** Every scanned device's latest report, by device id, as last committed by the device store. */
  devices: Map<string, MirroredDevice>;
  /** Every host's pre-use scan verdicts and acceptances, as last committed by the scan store (collector/scans/). */
  verdicts: ScanMirror;
  /** Every exception and remediation task, as last committed by their stores (collector/remediation/). */
  remediation: RemediationInputs;
}

/** Main → worker: changes to the bundle, applied in order before any later job. */
export type BundleUpdate =
  | { type: 'hosts'; hosts: MirroredHost[] }
  | { type: 'devices'; devices: MirroredDevice[] }
  | { type: 'verdicts'; hosts: MirroredScans[] }
  /** The whole lists each time: they are small (hundreds), and a whole list cannot be applied out of order. */
  | { type: 'remediation'; remediation: RemediationInputs };

/**
 * A job carries what belongs to the request rather than to the fleet: the caller's scope
 * (`unitId`, `recursive`), and for the history snapshot the audit chain's head at the moment
 * it was asked (documents carry theirs in `DocumentRequest.auditHead`).
 */
export type JobRequest =
  | { type: 'evaluation'; unitId: string | null; recursive: boolean; asOf?: string }
  | { type: 'series'; req: SeriesRequest }
  | { type: 'document'; req: DocumentRequest; now: string }
  | { type: 'scanQueue'; unitId: string | null; recursive: boolean }
  /** The roll-up figures of every unit (collector/rollup/snapshot.ts): small, unlike the whole evaluation. */
  | { type: 'rollup' }
  | { type: 'snapshot'; auditHead: AuditHead | null }
  // The dashboard's page models (dashboard/page-models.ts): one page's figures, not the fleet's evaluation.
  | { type: 'scope-summary'; req: ScopeRequest }
  | { type: 'unit-model'; req: UnitModelRequest }
  | { type: 'host-model'; req: HostModelRequest }
  | { type: 'host-list'; req: HostListRequest }
  | { type: 'forget-page-models' }
  | { type: 'task-checks'; tasks: TaskToCheck[] }
  | { type: 'auto-tasks' };

export type ToWorker = BundleUpdate | { type: 'job'; id: number; job: JobRequest };

export interface JobError {
  /** Set for answers the routes give as they are (400 bad day, 404 unknown unit...). */
  status?: number;
  code: string;
  message: string;
}

export type JobResult =
  | { kind: 'bytes'; body: Uint8Array; contentType?: string; fileName?: string; inline?: boolean; about?: DocumentAbout }
  /** A whole-fleet answer too long for one string (the evaluation as JSON): its chunks, each buffer transferred. */
  | { kind: 'chunks'; chunks: Uint8Array[] }
  | { kind: 'snapshot'; written: WrittenDay | null }
  | { kind: 'task-checks'; checks: TaskCheck[] }
  | { kind: 'auto-tasks'; candidates: AutoTaskCandidate[] };

export type FromWorker =
  | { type: 'log'; line: string }
  | { type: 'done'; id: number; result: JobResult }
  | { type: 'failed'; id: number; error: JobError };
