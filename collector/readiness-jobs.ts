/**
 * What the routes ask of the readiness service: the evaluation as JSON and readiness
 * documents, as bytes ready to send. In the collector these run on a worker thread
 * (collector/evaluation/), so a 20,000-host spreadsheet never holds the event loop; tests and
 * the CLI run them in-process with `inProcessJobs`.
 */
import { produceDocument } from './readiness-documents.js';
import type { DocumentRequest } from './readiness-documents.js';
import type { ReadinessSource } from './readiness-source.js';
import { scanQueueAnswer } from './scans/queue.js';
import type { Evaluation, ReadinessDocument, TaskRecord } from '../schema/index.js';
import { PageModels } from '../dashboard/page-models.js';
import type { HostListRequest, HostModelRequest, ScopeRequest, UnitModelRequest } from '../dashboard/page-models.js';
import type { TaskCheck } from './remediation/tasks.js';
import { jsonChunks } from '../util/json-chunks.js';
import type { AutoTaskCandidate } from './remediation/auto-tasks.js';

/** What a task verification sends: the task without its notes and history. */
export type TaskToCheck = Pick<TaskRecord, 'id' | 'rule' | 'target' | 'createdAt'>;

const encoder = new TextEncoder();

/** What a rendered document is, without its content: what the archive records beside the bytes. */
export type DocumentAbout = Pick<ReadinessDocument, 'kind' | 'lang' | 'title' | 'unit' | 'asOf' | 'period'>;

export const aboutDocument = (d: ReadinessDocument): DocumentAbout => ({ kind: d.kind, lang: d.lang, title: d.title, unit: { id: d.unit.id, name: d.unit.name }, asOf: d.asOf, period: d.period });

export interface RenderedDocument {
  body: Uint8Array;
  contentType: string;
  fileName: string;
  /** Shown by a browser rather than saved. */
  inline: boolean;
  about: DocumentAbout;
}

export interface EvaluationRequest {
  unitId: string | null;
  /** False: the unit's own rooms and machines only (collector/access/scope.ts). */
  recursive: boolean;
  /** Default: today. */
  asOf?: string;
}

/**
 * The evaluation as the bytes a job answers with: chunks (util/json-chunks.ts), never one
 * string, since at 100,000 hosts the JSON is longer than V8's longest string. Joined, they are
 * `JSON.stringify(evaluation)` in UTF-8.
 */
export const serialiseEvaluation = (evaluation: Evaluation): Uint8Array[] => jsonChunks(evaluation);

/** Completion per day, from the history: the dashboard's charts (ReadinessSource.completionSeries). */
export interface SeriesRequest {
  unitId: string | null;
  recursive: boolean;
  from: string;
  to: string;
  /** True: only `unitId`'s own points (what its chart shows), not those of the units below it, so the answer stays small. */
  unitOnly?: boolean;
}

/** The series as the bytes a job answers with. */
export async function seriesJson(source: Pick<ReadinessSource, 'completionSeries'>, req: SeriesRequest): Promise<Uint8Array> {
  const { unitOnly, ...opts } = req;
  const points = await source.completionSeries(opts);
  return encoder.encode(JSON.stringify(unitOnly && req.unitId !== null ? points.filter((p) => p.unitId === req.unitId) : points));
}

export interface ReadinessJobs {
  /** `GET /readiness`: the Evaluation, serialised in chunks (`serialiseEvaluation`), sent one after another. */
  evaluationJson(req: EvaluationRequest): Promise<Uint8Array[]>;
  /** The dashboard's completion charts: `CompletionPoint[]`, serialised (the history's days are read off the request thread). */
  completionSeriesJson(req: SeriesRequest): Promise<Uint8Array>;
  /**
   * `GET /readiness/<kind>.<format>`: the rendered document. `background`: asked by the
   * collector itself (the scheduler, one document at a time), not by a request, so it waits
   * its turn instead of being refused when requests fill `documents.maxJobs`.
   */
  document(req: DocumentRequest, now: Date, opts?: { background?: boolean }): Promise<RenderedDocument>;
  /**
   * The dashboard's page models (dashboard/page-models.ts), serialised: what one page shows,
   * made from the evaluation of exactly the scope given, so the request thread reads kilobytes,
   * never a fleet. The overview's (and the charts' today): `ScopeSummary`.
   */
  scopeSummaryJson(req: ScopeRequest): Promise<Uint8Array>;
  /** A unit page's: `UnitModel`. */
  unitModelJson(req: UnitModelRequest): Promise<Uint8Array>;
  /** A machine page's: `HostModel` (its own unit evaluated, the machine alone sent, with evidence). */
  hostModelJson(req: HostModelRequest): Promise<Uint8Array>;
  /** The machines list's: one page of rows, filtered and sorted, and the total (`HostListModel`). */
  hostListJson(req: HostListRequest): Promise<Uint8Array>;
  /** Drops the evaluations the page models are made from (a machine moved or retired). */
  forgetPageModels(): Promise<void>;
  /** Which remediation tasks the data shows done: a whole-fleet evaluation (collector/remediation/verify.ts). */
  taskChecks(tasks: readonly TaskToCheck[]): Promise<TaskCheck[]>;
  /**
   * Which tasks the packs' `autoTasks` settings ask for: a whole-fleet evaluation
   * (collector/remediation/auto-tasks.ts). Absent (a test's jobs): none are made.
   */
  autoTaskCandidates?(): Promise<AutoTaskCandidate[]>;
  /** `GET /scans/queue`: the security team's queue for a scope (collector/scans/queue.ts), serialised. */
  scanQueueJson(req: Omit<EvaluationRequest, 'asOf'>): Promise<Uint8Array>;
}

/** Page models as the bytes a job answers with. */
export const serialiseModel = (model: unknown): Uint8Array => encoder.encode(JSON.stringify(model));

/**
 * The jobs run on the calling thread: for tests and the CLI, where nothing else waits. Page
 * models are made from a fresh evaluation each time (nothing kept here): the dashboard keeps its
 * answers itself (dashboard/evaluation-cache.ts).
 */
export function inProcessJobs(source: ReadinessSource): ReadinessJobs {
  const models = new PageModels(source, (id) => source.latestReport?.(id) ?? null, 0);
  return {
    evaluationJson: async (req) => serialiseEvaluation(await source.evaluate({ unitId: req.unitId, recursive: req.recursive, ...(req.asOf ? { asOf: req.asOf } : {}) })),
    completionSeriesJson: (req) => seriesJson(source, req),
    document: async (req, now) => {
      const { document, body, contentType, fileName, inline } = await produceDocument(source, req, now);
      return { body, contentType, fileName, inline, about: aboutDocument(document) };
    },
    scopeSummaryJson: async (req) => serialiseModel(await models.summary(req)),
    unitModelJson: async (req) => serialiseModel(await models.unit(req)),
    hostModelJson: async (req) => serialiseModel(await models.host(req)),
    hostListJson: async (req) => serialiseModel(await models.hostList(req)),
    forgetPageModels: async () => models.forget(),
    taskChecks: async (tasks) => (source.taskChecks ? source.taskChecks(tasks) : []),
    autoTaskCandidates: async () => (source.autoTaskCandidates ? source.autoTaskCandidates() : []),
    scanQueueJson: async (req) => serialiseModel(await scanQueueAnswer(source, req)),
  };
}
