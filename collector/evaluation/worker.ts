/**
 * The evaluation worker thread: holds a mirror of the fleet (`EvaluationBundle`), and runs
 * whole-fleet evaluations, readiness documents and the daily history snapshot one job at a
 * time, so none of them holds the collector's event loop. Results go back as bytes in a
 * transferred buffer: the main thread sends them without parsing or re-serialising.
 */
import { snapshotFigures } from '../rollup/snapshot.js';
import { setPriority } from 'node:os';
import { join, resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openHistory } from '../store/open.js';
import { deviceInputs } from '../devices/inputs.js';
import { childInputs, loadReadinessInputs, Readiness } from '../readiness.js';
import { produceDocument } from '../readiness-documents.js';
import { scanQueueAnswer } from '../scans/queue.js';
import { aboutDocument, serialiseEvaluation, serialiseModel, seriesJson } from '../readiness-jobs.js';
import { equippedSource } from '../assets/equipment-source.js';
import { seriesOnDisk, withAvailability } from '../availability-source.js';
import { PageModels } from '../../dashboard/page-models.js';
import { ApiError } from '../errors.js';
import type { HostSummary } from '../store/types.js';
import { ScanMirror } from '../scans/scan-mirror.js';
import type { EvaluationBundle, FromWorker, JobRequest, JobResult, MirroredHost, ToWorker, WorkerInit } from './messages.js';

// Lower this thread's scheduling priority (Linux keeps a nice value per thread; on other systems
// this may apply to the whole process, so it is only done on Linux): when the cores are
// contended, requests on the main thread go first and a document takes a little longer.
if (process.platform === 'linux') {
  try {
    setPriority(10);
  } catch {
    // Not allowed here (a container without the right): the worker runs at normal priority.
  }
}

const port = parentPort!;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const log = (line: string) => send({ type: 'log', line });

const { config } = workerData as WorkerInit;
const dataDir = resolve(config.dataDir);
const bundle: EvaluationBundle = { hosts: new Map(), devices: new Map(), verdicts: new ScanMirror(), remediation: { exceptions: [], tasks: [] } };
const inputs = await loadReadinessInputs(config);
const history = await openHistory(config.store, dataDir, { asideDir: join(dataDir, 'corrupt', 'history'), log }).open();
const readiness = new Readiness({
  ...inputs,
  // The mirror has no key hashes; evaluation never reads them.
  store: { listHosts: () => [...bundle.hosts.values()] as HostSummary[], getHost: (id) => bundle.hosts.get(id) as HostSummary | undefined },
  history,
  now: () => new Date(),
  retainDays: config.history.retainDays,
  devices: () => deviceInputs(inputs.org, { get: (id) => bundle.devices.get(id) }),
  scans: bundle.verdicts,
  remediation: () => bundle.remediation,
  // The children's snapshots are read from the data directory, where the parent's POST /rollup
  // writes them before it answers 201: the next job sees each one acknowledged.
  children: childInputs(config, dataDir, log),
});
// Documents read the equipment review beside the evaluation: the mirror's hosts and devices, and
// the asset register in force, read from the data directory when a document needs it; the
// availability series likewise (the main thread appends them, fsynced before acknowledging).
const documents = withAvailability(equippedSource(readiness, dataDir), seriesOnDisk(dataDir), (scope) => readiness.listUnits(scope));

// The pages' evaluations are kept here for the dashboard's refresh period, so a filter, a sort or
// another page of the machines list reuses one evaluation instead of making a new one.
const models = new PageModels(readiness, (id) => bundle.hosts.get(id)?.latest ?? null, config.dashboard.cacheSeconds * 1000);

/** Whether a change moves a host between units or rooms, or in or out of the count: kept page evaluations no longer hold. */
const moves = (before: MirroredHost | undefined, after: MirroredHost) =>
  !before || before.unit !== after.unit || before.room !== after.room || JSON.stringify(before.retired ?? null) !== JSON.stringify(after.retired ?? null);

/** A copy that owns its whole buffer, so it can be transferred. */
const owned = (bytes: Uint8Array) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));

/** The buffers a result gives away rather than copies. */
const transferred = (result: JobResult): ArrayBuffer[] =>
  result.kind === 'bytes' ? [result.body.buffer as ArrayBuffer] : result.kind === 'chunks' ? result.chunks.map((c) => c.buffer as ArrayBuffer) : [];

async function run(job: JobRequest): Promise<JobResult> {
  switch (job.type) {
    case 'evaluation':
      return { kind: 'chunks', chunks: serialiseEvaluation(await readiness.evaluate({ unitId: job.unitId, recursive: job.recursive, ...(job.asOf ? { asOf: job.asOf } : {}) })).map(owned) };
    case 'series':
      return { kind: 'bytes', body: await seriesJson(readiness, job.req) };
    case 'document': {
      const out = await produceDocument(documents, job.req, new Date(job.now));
      return { kind: 'bytes', body: owned(out.body), contentType: out.contentType, fileName: out.fileName, inline: out.inline, about: aboutDocument(out.document) };
    }
    case 'scanQueue':
      return { kind: 'bytes', body: serialiseModel(await scanQueueAnswer(readiness, job)) };
    case 'snapshot':
      return { kind: 'snapshot', written: await readiness.snapshot(job.auditHead) };
    case 'scope-summary':
      return { kind: 'bytes', body: serialiseModel(await models.summary(job.req)) };
    case 'unit-model':
      return { kind: 'bytes', body: serialiseModel(await models.unit(job.req)) };
    case 'host-model':
      return { kind: 'bytes', body: serialiseModel(await models.host(job.req)) };
    case 'host-list':
      return { kind: 'bytes', body: serialiseModel(await models.hostList(job.req)) };
    case 'forget-page-models':
      models.forget();
      return { kind: 'bytes', body: new Uint8Array(0) };
    case 'rollup':
      // This collector's own units, and beside them (a chain of parents) what its children sent, passed on whole.
      return { kind: 'bytes', body: serialiseModel(snapshotFigures(await readiness.evaluate({ unitId: null, recursive: true, children: false }), await readiness.forwarded(), config.parent?.includeHosts ?? false)) };
    case 'task-checks':
      return { kind: 'task-checks', checks: await readiness.taskChecks(job.tasks) };
    case 'auto-tasks':
      return { kind: 'auto-tasks', candidates: await readiness.autoTaskCandidates() };
  }
}

// One job at a time: a second spreadsheet waits rather than doubling the memory in use.
let queue: Promise<unknown> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  if (message.type === 'hosts') {
    let moved = false;
    for (const h of message.hosts) {
      moved ||= moves(bundle.hosts.get(h.agentId), h);
      bundle.hosts.set(h.agentId, h);
    }
    if (moved) models.forget();
    return;
  }
  if (message.type === 'devices') {
    for (const d of message.devices) bundle.devices.set(d.deviceId, d);
    return;
  }
  if (message.type === 'verdicts') {
    for (const h of message.hosts) bundle.verdicts.set(h);
    return;
  }
  if (message.type === 'remediation') {
    bundle.remediation = message.remediation;
    return;
  }
  queue = queue.then(async () => {
    try {
      const result = await run(message.job);
      send({ type: 'done', id: message.id, result }, transferred(result));
    } catch (err) {
      const e = err as Error;
      send({ type: 'failed', id: message.id, error: err instanceof ApiError ? { status: err.status, code: err.code, message: err.message } : { code: 'internal', message: e.stack ?? e.message } });
    }
  });
});
