/**
 * The messages between the collector's main thread and its evaluation worker
 * (docs/architecture.md). The worker keeps a mirror of everything whole-fleet evaluation reads
 * (`EvaluationBundle`): static inputs arrive once in `workerData`, the changing ones as update
 * messages. A later input (scan verdicts, exceptions, device reports...) is one more field of
 * the bundle and one more `BundleUpdate` kind, sent from where that input is stored.
 */
import type { CollectorConfig } from '../config.js';
import type { DocumentRequest } from '../readiness-documents.js';
import type { WrittenDay } from '../history-store.js';
import type { HostSummary } from '../store/types.js';

/** A host as the worker sees it: everything but its key hash. */
export type MirroredHost = Omit<HostSummary, 'keyHash'>;

/** Given once when the worker starts: what does not change while the collector runs. */
export interface WorkerInit {
  /** Org file and rule packs are loaded from the paths it names; `dataDir` is resolved. */
  config: CollectorConfig;
}

/** What the worker holds and keeps in step with the main thread. */
export interface EvaluationBundle {
  /** Every host, by agent id, as last committed by the store. */
  hosts: Map<string, MirroredHost>;
}

/** Main → worker: changes to the bundle, applied in order before any later job. */
export type BundleUpdate = { type: 'hosts'; hosts: MirroredHost[] };

export type JobRequest =
  | { type: 'evaluation'; unitId: string | null; asOf?: string }
  | { type: 'document'; req: DocumentRequest; now: string }
  | { type: 'snapshot' };

export type ToWorker = BundleUpdate | { type: 'job'; id: number; job: JobRequest };

export interface JobError {
  /** Set for answers the routes give as they are (400 bad day, 404 unknown unit...). */
  status?: number;
  code: string;
  message: string;
}

export type JobResult =
  | { kind: 'bytes'; body: Uint8Array; contentType?: string; fileName?: string; inline?: boolean }
  | { kind: 'snapshot'; written: WrittenDay | null };

export type FromWorker =
  | { type: 'log'; line: string }
  | { type: 'done'; id: number; result: JobResult }
  | { type: 'failed'; id: number; error: JobError };
