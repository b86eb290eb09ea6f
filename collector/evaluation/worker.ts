/**
 * The evaluation worker thread: holds a mirror of the fleet (`EvaluationBundle`), and runs
 * whole-fleet evaluations, readiness documents and the daily history snapshot one job at a
 * time, so none of them holds the collector's event loop. Results go back as bytes in a
 * transferred buffer: the main thread sends them without parsing or re-serialising.
 */
import { setPriority } from 'node:os';
import { join, resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { HistoryStore } from '../history-store.js';
import { deviceInputs } from '../devices/inputs.js';
import { loadReadinessInputs, Readiness } from '../readiness.js';
import { produceDocument } from '../readiness-documents.js';
import { aboutDocument, serialiseEvaluation } from '../readiness-jobs.js';
import { equippedSource } from '../assets/equipment-source.js';
import { ApiError } from '../errors.js';
import type { HostSummary } from '../store/types.js';
import type { EvaluationBundle, FromWorker, JobRequest, JobResult, ToWorker, WorkerInit } from './messages.js';

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
const bundle: EvaluationBundle = { hosts: new Map(), devices: new Map(), remediation: { exceptions: [], tasks: [] } };
const inputs = await loadReadinessInputs(config);
const history = await new HistoryStore(join(dataDir, 'history'), { asideDir: join(dataDir, 'corrupt', 'history'), log }).open();
const readiness = new Readiness({
  ...inputs,
  // The mirror has no key hashes; evaluation never reads them.
  store: { listHosts: () => [...bundle.hosts.values()] as HostSummary[] },
  history,
  now: () => new Date(),
  retainDays: config.history.retainDays,
  devices: () => deviceInputs(inputs.org, { get: (id) => bundle.devices.get(id) }),
  remediation: () => bundle.remediation,
});
// Documents read the equipment review beside the evaluation: the mirror's hosts and devices, and
// the asset register in force, read from the data directory when a document needs it.
const documents = equippedSource(readiness, dataDir);

/** A copy that owns its whole buffer, so it can be transferred. */
const owned = (bytes: Uint8Array) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));
const encoder = new TextEncoder();

async function run(job: JobRequest): Promise<JobResult> {
  switch (job.type) {
    case 'evaluation':
      return { kind: 'bytes', body: serialiseEvaluation(await readiness.evaluate({ unitId: job.unitId, recursive: job.recursive, ...(job.asOf ? { asOf: job.asOf } : {}) }), job.evidence) };
    case 'series':
      return { kind: 'bytes', body: encoder.encode(JSON.stringify(await readiness.completionSeries({ unitId: job.unitId, recursive: job.recursive, from: job.from, to: job.to }))) };
    case 'document': {
      const out = await produceDocument(documents, job.req, new Date(job.now));
      return { kind: 'bytes', body: owned(out.body), contentType: out.contentType, fileName: out.fileName, inline: out.inline, about: aboutDocument(out.document) };
    }
    case 'snapshot':
      return { kind: 'snapshot', written: await readiness.snapshot(job.auditHead) };
    case 'task-checks':
      return { kind: 'task-checks', checks: await readiness.taskChecks(job.tasks) };
  }
}

// One job at a time: a second spreadsheet waits rather than doubling the memory in use.
let queue: Promise<unknown> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  if (message.type === 'hosts') {
    for (const h of message.hosts) bundle.hosts.set(h.agentId, h);
    return;
  }
  if (message.type === 'devices') {
    for (const d of message.devices) bundle.devices.set(d.deviceId, d);
    return;
  }
  if (message.type === 'remediation') {
    bundle.remediation = message.remediation;
    return;
  }
  queue = queue.then(async () => {
    try {
      const result = await run(message.job);
      send({ type: 'done', id: message.id, result }, result.kind === 'bytes' ? [result.body.buffer as ArrayBuffer] : []);
    } catch (err) {
      const e = err as Error;
      send({ type: 'failed', id: message.id, error: err instanceof ApiError ? { status: err.status, code: err.code, message: err.message } : { code: 'internal', message: e.stack ?? e.message } });
    }
  });
});
