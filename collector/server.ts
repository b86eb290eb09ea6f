/**
 * Starts the collector: config, org and rule packs, secrets, store, the evaluation worker, then
 * the HTTP server (with its timeouts and connection cap) and the daily history snapshot.
 * Returns a handle to stop it, so `readiness up` and the end-to-end tests can run it
 * in-process too.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { createMetrics } from './metrics.js';
import type { CollectorConfig } from './config.js';
import { resolveSecrets } from './secrets.js';
import { loadWarnings, openHistory, openStore } from './store/open.js';
import type { Store } from './store/types.js';
import { loadReadinessInputs, Readiness, readinessDeps } from './readiness.js';
import { createLimits } from './limits.js';
import { EvaluationWorker } from './evaluation/evaluation-worker.js';
import { removeTempFiles } from '../util/durable-write.js';
import { ArchiveStore } from './archive/store.js';
import { RegisterStore } from './assets/register-store.js';
import { RunStore } from './schedule/runs.js';
import { describeSchedules, openMailer, openScheduler } from './schedule/index.js';
import type { Scheduler } from './schedule/scheduler.js';
import { ConfigError } from './config.js';
import { AccessStore } from './access/access-store.js';
import { createAccessControl } from './access/access-control.js';
import type { AccessControl } from './access/access-control.js';
import { ScanStore } from './scans/scan-store.js';
import { ScanService } from './scans/service.js';
import { openDeviceScanning } from './devices/start.js';
import { deviceInputs } from './devices/inputs.js';
import type { DeviceScanService } from './devices/scan-service.js';
import { ChildRegistry } from './rollup/children.js';
import { ReceivedSnapshots } from './rollup/received.js';
import { RollupSender } from './rollup/sender.js';
import { openRemediation } from './remediation/index.js';
import { openAvailability } from './availability/index.js';
import { AlertService } from './alerts/alerts.js';
import { alertNotifiers } from './alerts/notifier.js';
import { checkAlertUnits } from './alerts/email-notifier.js';
import { DeadlineWatch } from './alerts/deadline-watch.js';
import type { Availability } from './availability/index.js';
import type { Remediation } from './remediation/index.js';

export interface RunningCollector {
  url: string;
  port: number;
  store: Store;
  /** The bootstrap admin token (accepted until an admin user exists, unless kept by config). */
  adminToken: string;
  enrollSecret: string;
  access: AccessControl;
  secretsGenerated: boolean;
  loadMs: number;
  readiness: Readiness;
  scans: ScanService;
  /** Evaluations and documents, made on the worker thread. */
  jobs: EvaluationWorker;
  devices: DeviceScanService;
  /** Sends this collector's figures to its parent; null without `parent:` in the config. */
  rollup: RollupSender | null;
  remediation: Remediation;
  availability: Availability;
  archive: ArchiveStore;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export async function startCollector(
  config: CollectorConfig,
  opts: {
    store?: Store;
    log?: (line: string) => void;
    /** The config file's name, for start-up errors found after the org file is read. */
    configFile?: string;
  } = {},
): Promise<RunningCollector> {
  const log = opts.log ?? ((l) => console.error(l));
  // A bad org file or rule pack stops start-up here, before anything listens.
  const inputs = await loadReadinessInputs(config);
  const parentToken = config.parent ? (config.parent.token ?? process.env.READINESS_PARENT_TOKEN) : undefined;
  if (config.parent && !parentToken) throw new ConfigError('the config names a parent (field "parent") without its token: set parent.token or READINESS_PARENT_TOKEN to the child token the parent\'s admin created');
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await removeTempFiles(dataDir);
  const secrets = await resolveSecrets({ ...config, dataDir }, process.env, log);
  const tls = config.tls ? await readTls(config.tls) : null;
  const accessStore = await new AccessStore({ dataDir, log }).load();
  const started = performance.now();
  // A store given by the caller is the caller's to close; the one the config names is ours.
  const ownStore = opts.store ? null : openStore(config.store, dataDir, { log });
  const store = opts.store ?? ownStore!;
  try {
    await store.load();
  } catch (err) {
    await ownStore?.close?.().catch(() => {});
    throw err;
  }
  const loadMs = performance.now() - started;
  for (const w of loadWarnings(store)) log(`collector: warning: ${w}`);

  const now = () => new Date();
  // A damaged scan log stops start-up naming the line, as damaged access records do.
  const scanStore = new ScanStore({ dataDir, log }).load();
  // The machine page's results over time: read here, a day at a time, and kept (dashboard/host-history.ts).
  // Read-only beside the worker, which writes the history and sets damaged days aside; in the
  // database with a PostgreSQL store (collector/store/open.ts).
  const history = openHistory(config.store, dataDir, { readOnly: true, log });
  const devices = await openDeviceScanning({ config, org: inputs.org, dataDir, now, log });
  // The main thread answers placements, units and trails; whole-fleet work goes to the worker,
  // which gets every input of this one (collector/evaluation/, docs/architecture.md).
  const readiness = new Readiness({
    ...inputs,
    store,
    history: null,
    now,
    retainDays: config.history.retainDays,
    auditHead: () => accessStore.audit.head(),
    devices: () => deviceInputs(inputs.org, devices.store),
    scans: scanStore,
  });
  const scans = new ScanService({
    scans: scanStore,
    hosts: store,
    devices: () => deviceInputs(inputs.org, devices.store),
    rules: inputs.rules,
    org: readiness,
    audit: (fields) => accessStore.record(fields),
    now,
  });
  // Exceptions and tasks: read by the worker's evaluation; open tasks checked on it (collector/remediation/).
  const remediation = openRemediation({
    dataDir,
    rules: inputs.rules,
    store,
    org: readiness,
    access: accessStore,
    jobs: { taskChecks: (tasks) => jobs.taskChecks(tasks), autoTaskCandidates: () => jobs.autoTaskCandidates() },
    now,
    log,
  });
  const availability = openAvailability({ dataDir, rules: inputs.rules, agent: config.agent, now });
  for (const w of availability.series.warnings) log(`collector: warning: availability series ${w}`);
  const unitName = (unit: string) => readiness.listUnits().units.find((u) => u.id === unit)?.name ?? unit;
  // One mail transport for scheduled documents and alerts (the scheduler closes it).
  checkAlertUnits(config, inputs.org ? new Set(inputs.org.units.map((u) => u.id)) : null, opts.configFile);
  const mailer = await openMailer(config, log);
  availability.alerts = new AlertService(dataDir, alertNotifiers(config, mailer, readiness), { attempts: config.alerts.attempts, unitName, now, log }).load();
  const alerts = availability.alerts;
  availability.tracker.onChange((change) => alerts.onStatusChange(change));
  await alerts.reconcile(availability.series);
  const jobs = EvaluationWorker.start(
    { ...config, dataDir },
    { store, devices: devices.store, scans: scanStore, auditHead: () => accessStore.audit.head(), remediation: { exceptions: remediation.exceptions, tasks: remediation.tasks } },
    log,
  );
  // Deadline and exception alerts, from the worker's whole-fleet evaluation (collector/alerts/deadline-watch.ts).
  const deadlineWatch = new DeadlineWatch({ alerts, figures: () => jobs.rollupFigures(), exceptions: () => remediation.exceptions.all(), timeZone: readiness.timeZone, now, log });
  deadlineWatch.start(config.alerts.watchMinutes);
  const access = createAccessControl({
    store: accessStore,
    bootstrapToken: secrets.adminToken,
    keepBootstrapToken: config.keepAdminToken,
    secureCookies: tls !== null,
    sessions: config.sessions,
  });
  if (!accessStore.hasActiveAdmin()) {
    log(`collector: no admin user yet: the bootstrap admin token (${config.adminToken ? 'from the config' : 'READINESS_ADMIN_TOKEN or secrets.json'}) works until one is added (readiness user add NAME --role admin)`);
  } else if (config.keepAdminToken) {
    log('collector: warning: the bootstrap admin token stays valid beside the admin users because the config says keepAdminToken: true; remove that line once no automation needs it');
  }
  if (inputs.org?.example) log(`collector: warning: the org file ${config.org} is example data; replace it with your organisation's units and rooms`);
  const strays = readiness.listUnits().units.flatMap((u) => [
    ...(!u.declared && u.enrolled > 0 ? [u.id] : []),
    ...u.rooms.filter((r) => u.declared && !r.declared && r.enrolled > 0).map((r) => `${u.id}/${r.id}`),
  ]);
  if (inputs.org && strays.length) {
    log(`collector: warning: hosts are enrolled into units or rooms the org file does not name (${strays.join(', ')}); move them with PATCH /api/v1/hosts/:id`);
  }
  // As a parent: the children's tokens and what they sent; as a child: the sender to the parent.
  const rollup = { children: new ChildRegistry(dataDir), received: await new ReceivedSnapshots(dataDir, log).load() };
  // A damaged children file stops start-up here, naming it, rather than refuse every child later.
  rollup.children.list();
  const archive = new ArchiveStore(dataDir);
  // Writes a crash cut short: the archive's, the schedules' run records' and the asset register's.
  await archive.removeLeftovers();
  await new RunStore(dataDir).removeLeftovers();
  await new RegisterStore(dataDir).removeLeftovers();
  for (const w of await archive.warnings()) log(`collector: warning: ${w}`);
  const unfinished = await archive.unfinished();
  // A crash's expected leftover, not damage: said once, without alarm.
  if (unfinished.length) log(`collector: ${unfinished.length} file(s) in ${join(archive.dir, 'files')} have no archive entry (the collector stopped while archiving them, before acknowledging them); they are not listed`);
  const scheduler = await openScheduler({
    config,
    // Scheduled documents are made on the worker, like downloaded ones, with the audit head.
    jobs,
    auditHead: async () => (await accessStore.audit.head()).hash,
    archive,
    dataDir,
    timeZone: readiness.timeZone,
    unitIds: inputs.org ? new Set(inputs.org.units.map((u) => u.id)) : null,
    log,
    mailer,
    ...(opts.configFile ? { configName: opts.configFile } : {}),
  });
  const app = createApp({
    archive,
    store,
    metrics: createMetrics(store, now, { processMetrics: true }),
    enrollSecret: secrets.enrollSecret,
    access,
    config,
    now,
    scans,
    limits: createLimits(config),
    ...readinessDeps(readiness),
    history,
    // Whole-fleet evaluations and documents: on the worker thread, never on this one.
    readiness: jobs,
    devices: devices.service,
    rollup,
    remediation,
    availability,
  });

  const limits = config.server;
  const serverOptions = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Timeouts are checked this often; Node's default (30 s) would let a slow client hold a socket that long past them.
    connectionsCheckingInterval: 1000,
  };
  const server = (
    tls
      ? serve({ fetch: app.fetch, hostname: config.host, port: config.port, createServer: createHttpsServer, serverOptions: { ...serverOptions, ...tls } })
      : serve({ fetch: app.fetch, hostname: config.host, port: config.port, serverOptions })
  ) as import('node:http').Server;
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
  await new Promise<void>((ok, fail) => {
    server.once('listening', ok);
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${config.port} on ${config.host} is already in use; stop the other process or pass --port`
            : `cannot listen on ${config.host}:${config.port}: ${err.message}`,
        ),
      ),
    );
  });
  // Today's history record: now, then every few minutes (the last one of a day stands), and at close.
  const snapshot = () => jobs.snapshot().catch((err: Error) => log(`collector: warning: could not record today's history: ${err.message}`));
  const firstStarted = performance.now();
  // Said once at start-up: with a large fleet the first evaluation takes a noticeable moment.
  let snapshotting: Promise<unknown> = snapshot().then((written) => {
    if (written) log(`collector: history for ${written.day} recorded for ${store.size} hosts in ${(performance.now() - firstStarted).toFixed(0)} ms`);
  });
  // Tasks are verified after reports (TaskVerifier.poke) and with every snapshot.
  const verifyTasks = () => remediation.verifier.run().catch((err: Error) => log(`collector: warning: could not verify the remediation tasks: ${err.message}`));
  void verifyTasks();
  const timer = setInterval(() => {
    snapshotting = snapshotting.then(snapshot);
    void verifyTasks();
  }, config.history.snapshotMinutes * 60_000);
  timer.unref();
  // Units whose machines fell silent turn to "no data" (collector/availability/tracker.ts).
  const sweeper = setInterval(() => void availability.tracker.sweep().catch((err: Error) => log(`collector: warning: could not record an availability change: ${err.message}`)), Math.max(1000, availability.freshMs / 4));
  sweeper.unref();
  for (const line of describeSchedules(config, readiness.timeZone, now())) log(line);
  await scheduler.start();
  devices.service.start();
  const sender =
    config.parent && parentToken
      ? await RollupSender.start({
          parent: { ...config.parent, token: parentToken },
          dataDir,
          figures: () => jobs.rollupFigures(),
          // A child's snapshot received changes the figures this collector passes on, as a host's change does.
          onChange: (listener) => {
            store.onHostChange(listener);
            rollup.received.onStored(listener);
          },
          now,
          log,
        })
      : null;
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `${tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    store,
    adminToken: secrets.adminToken,
    enrollSecret: secrets.enrollSecret,
    access,
    secretsGenerated: secrets.generated,
    loadMs,
    readiness,
    scans,
    jobs,
    devices: devices.service,
    rollup: sender,
    remediation,
    availability,
    archive,
    scheduler,
    close: async () => {
      clearInterval(timer);
      await sender?.close();
      clearInterval(sweeper);
      deadlineWatch.close();
      alerts.close();
      remediation.verifier.close();
      await scheduler.close();
      await devices.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await snapshotting.then(snapshot);
      await jobs.close();
      await history.close();
      await ownStore?.close?.();
    },
  };
}

/** The certificate chain and key of `tls:` (PEM); a file that cannot be read stops start-up naming it. */
async function readTls(files: { cert: string; key: string }): Promise<{ cert: string; key: string }> {
  const read = async (file: string, what: string, marker: RegExp) => {
    const text = await readFile(file, 'utf8').catch((err: Error) => {
      throw new ConfigError(`cannot read the TLS ${what} ${file} (field "tls.${what === 'certificate' ? 'cert' : 'key'}"): ${err.message}`);
    });
    if (!marker.test(text)) throw new ConfigError(`${file} (field "tls.${what === 'certificate' ? 'cert' : 'key'}") holds no PEM ${what}; give a file that starts with -----BEGIN`);
    return text;
  };
  return { cert: await read(files.cert, 'certificate', /-----BEGIN CERTIFICATE-----/), key: await read(files.key, 'key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/) };
}
