/**
 * What the routes ask of the readiness service: the evaluation as JSON and readiness
 * documents, as bytes ready to send. In the collector these run on a worker thread
 * (collector/evaluation/), so a 20,000-host spreadsheet never holds the event loop; tests and
 * the CLI run them in-process with `inProcessJobs`.
 */
import { produceDocument } from './readiness-documents.js';
import type { DocumentRequest } from './readiness-documents.js';
import type { ReadinessSource } from './readiness-source.js';
import type { Evaluation, ReadinessDocument, TaskRecord } from '../schema/index.js';
import type { TaskCheck } from './remediation/tasks.js';

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
  /**
   * False: every result's evidence sentences left out (empty), for the dashboard's lists and
   * counts, which never show them: the answer is a fraction of the bytes to send and to read.
   */
  evidence?: boolean;
}

/** The evaluation as the bytes a job answers with, with or without its evidence sentences. */
export const serialiseEvaluation = (evaluation: Evaluation, evidence = true): Uint8Array =>
  encoder.encode(evidence ? JSON.stringify(evaluation) : JSON.stringify(evaluation, (key, value: unknown) => (key === 'evidence' ? [] : value)));

/** Completion per day, from the history: the dashboard's charts (ReadinessSource.completionSeries). */
export interface SeriesRequest {
  unitId: string | null;
  recursive: boolean;
  from: string;
  to: string;
}

export interface ReadinessJobs {
  /** `GET /readiness`: the Evaluation, serialised. */
  evaluationJson(req: EvaluationRequest): Promise<Uint8Array>;
  /** The dashboard's completion charts: `CompletionPoint[]`, serialised (the history's days are read off the request thread). */
  completionSeriesJson(req: SeriesRequest): Promise<Uint8Array>;
  /**
   * `GET /readiness/<kind>.<format>`: the rendered document. `background`: asked by the
   * collector itself (the scheduler, one document at a time), not by a request, so it waits
   * its turn instead of being refused when requests fill `documents.maxJobs`.
   */
  document(req: DocumentRequest, now: Date, opts?: { background?: boolean }): Promise<RenderedDocument>;
  /** Which remediation tasks the data shows done: a whole-fleet evaluation (collector/remediation/verify.ts). */
  taskChecks(tasks: readonly TaskToCheck[]): Promise<TaskCheck[]>;
}

/** The jobs run on the calling thread: for tests and the CLI, where nothing else waits. */
export const inProcessJobs = (source: ReadinessSource): ReadinessJobs => ({
  evaluationJson: async (req) => serialiseEvaluation(await source.evaluate({ unitId: req.unitId, recursive: req.recursive, ...(req.asOf ? { asOf: req.asOf } : {}) }), req.evidence),
  completionSeriesJson: async (req) => encoder.encode(JSON.stringify(await source.completionSeries(req))),
  document: async (req, now) => {
    const { document, body, contentType, fileName, inline } = await produceDocument(source, req, now);
    return { body, contentType, fileName, inline, about: aboutDocument(document) };
  },
  taskChecks: async (tasks) => (source.taskChecks ? source.taskChecks(tasks) : []),
});
