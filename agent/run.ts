/**
 * One agent run, and the loop around it: fetch the collector's config (targets, interval),
 * collect, then write the report to a file, or spool it and deliver the spool oldest first.
 * While the collector is unreachable the loop retries delivery with exponential backoff and
 * jitter between its scheduled runs.
 */
import { writeFile } from 'node:fs/promises';
import { lt, valid } from 'semver';
import type { AgentConfig, HostReport } from '../schema/index.js';
import { buildReport } from './build-report.js';
import { COLLECTORS } from './collectors/index.js';
import { CollectorError, fetchAgentConfig, sendReport } from './client.js';
import type { ReportAck } from '../schema/index.js';
import type { AgentState } from './state.js';
import type { Collector } from './collectors/types.js';
import { loadConfigCache, saveConfigCache } from './config-cache.js';
import { backoffDelayMs } from './spool/backoff.js';
import type { BackoffPolicy } from './spool/backoff.js';
import { deliverSpool } from './spool/deliver.js';
import type { DeliveryResult } from './spool/deliver.js';
import type { Spool } from './spool/spool.js';
import { AGENT_VERSION } from './version.js';

type Enrolled = Pick<AgentState, 'agentId' | 'agentKey' | 'collectorUrl'> & Partial<Pick<AgentState, 'ca' | 'insecureHttp'>>;

export interface RunOptions {
  state: Enrolled | { agentId: string; agentKey?: undefined; collectorUrl?: undefined; ca?: undefined; insecureHttp?: undefined };
  /** Write the report here instead of sending it. */
  output?: string | null;
  replayDir?: string | null;
  collectors?: readonly Collector[];
  now?: () => Date;
  log?: (line: string) => void;
  /**
   * Keep each report here until the collector acknowledges it. Without a spool a report is
   * sent once and, if the collector is down, only the error comes back (`readiness up`, where
   * agent and collector share a process).
   */
  spool?: Spool | null;
  /** Where the last config from the collector is kept, for runs when it cannot be reached. */
  configCachePath?: string | null;
  /**
   * A light report: the probes alone, marked `probeOnly` (docs/availability.md), sent and
   * spooled like any report. The loop sends one every `probeIntervalSeconds` between full runs.
   */
  probeOnly?: boolean;
}

export interface RunResult {
  report: HostReport;
  config: AgentConfig | null;
  /** The collector's ack of this run's report, when it arrived this run. */
  ack: ReportAck | null;
  /** Why this run's report was not delivered, when it was not. */
  deliveryError: CollectorError | null;
  /** What delivering the spool did this run; null without a spool or with --output. */
  delivery: DeliveryResult | null;
}

/** Asks the collector for targets; when it cannot be reached, the last config it gave (if any). */
async function tryConfig(opts: RunOptions, log: (l: string) => void): Promise<AgentConfig | null> {
  const { collectorUrl, agentKey } = opts.state;
  if (!collectorUrl || !agentKey) return null;
  try {
    const config = await fetchAgentConfig(collectorUrl, agentKey, { ca: opts.state.ca, insecureHttp: opts.state.insecureHttp });
    const outdated = outdatedBy(config);
    if (outdated) log(`agent: warning: ${outdated}`);
    if (opts.configCachePath) {
      await saveConfigCache(opts.configCachePath, config).catch((err: Error) =>
        log(`agent: warning: cannot keep the config in ${opts.configCachePath} (${err.message}); offline runs will probe only the gateway`),
      );
    }
    return config;
  } catch (err) {
    const cached = opts.configCachePath ? await loadConfigCache(opts.configCachePath) : null;
    log(
      `agent: no config from the collector this run (${(err as Error).message}); ` +
        (cached ? `probing the ${cached.targets.length} target(s) it gave last time` : 'probing only the default gateway'),
    );
    return cached;
  }
}

/** Why this agent is older than the collector expects, or null when it is not. */
export function outdatedBy(config: AgentConfig, version: string = AGENT_VERSION): string | null {
  const expected = config.expectedAgentVersion;
  if (!expected || !valid(expected) || !valid(version) || !lt(version, expected)) return null;
  return `this agent is version ${version} and the collector expects ${expected}; install the new agent (docs/deploy.md, "Upgrading the agent")`;
}

const sender = (state: Enrolled) => (report: HostReport) => sendReport(state.collectorUrl, state.agentKey, report, { ca: state.ca, insecureHttp: state.insecureHttp });

function enrolled(state: RunOptions['state']): Enrolled {
  const { agentId, collectorUrl, agentKey, ca, insecureHttp } = state;
  if (!collectorUrl || !agentKey) throw new Error('this agent is not enrolled; run `readiness agent enroll` or use --output FILE');
  return { agentId, collectorUrl, agentKey, ca, insecureHttp };
}

export async function runOnce(opts: RunOptions): Promise<RunResult> {
  const log = opts.log ?? ((l) => console.error(l));
  const now = opts.now ?? (() => new Date());
  const config = opts.output ? null : await tryConfig(opts, log);
  const all = opts.collectors ?? COLLECTORS;
  const report = await buildReport({
    agentId: opts.state.agentId,
    context: { now: now(), config, replayDir: opts.replayDir ?? null },
    collectors: opts.probeOnly ? all.filter((c) => c.section === 'probes') : all,
  });
  if (opts.probeOnly) report.probeOnly = true;
  if (opts.output) {
    await writeFile(opts.output, JSON.stringify(report, null, 2) + '\n');
    return { report, config, ack: null, deliveryError: null, delivery: null };
  }
  const state = enrolled(opts.state);

  if (opts.spool && (await spoolReport(opts.spool, report, log))) {
    const delivery = await deliverSpool(opts.spool, sender(state));
    const ack = delivery.delivered.find((a) => a.reportId === report.reportId) ?? null;
    const refused = delivery.rejected.find((r) => r.reportId === report.reportId)?.error;
    return { report, config, ack, deliveryError: ack ? null : (refused ?? delivery.error), delivery };
  }
  try {
    const ack = await sendReport(state.collectorUrl, state.agentKey, report);
    return { report, config, ack, deliveryError: null, delivery: null };
  } catch (err) {
    if (err instanceof CollectorError) return { report, config, ack: null, deliveryError: err, delivery: null };
    throw err;
  }
}

/**
 * Puts the report on disk with the drop count it carries, before the first attempt to send
 * it: a killed agent or a lost ack then costs nothing. False when the spool cannot be written
 * (disk full, permissions): the report is then sent without a safety copy rather than not at all.
 */
async function spoolReport(spool: Spool, report: HostReport, log: (l: string) => void): Promise<boolean> {
  const dropped = await spool.dropped();
  report.spoolDropped = dropped;
  try {
    await spool.add(report);
  } catch (err) {
    report.spoolDropped = 0;
    log(`agent: warning: cannot write the report to the spool ${spool.dir} (${(err as Error).message}); sending it without a copy on disk`);
    return false;
  }
  await spool.addDropped(-dropped);
  return true;
}

export interface LoopOptions extends RunOptions {
  /** Used until the collector says otherwise. */
  intervalSeconds: number;
  signal: AbortSignal;
  onRun?: (result: RunResult) => void;
  /** After each delivery attempt between runs (backoff retries). */
  onDelivery?: (delivery: DeliveryResult) => void;
  backoff?: BackoffPolicy;
  random?: () => number;
}

/**
 * Runs until `signal` aborts; the collector's `intervalSeconds` overrides the local one. While
 * spooled reports wait on an unreachable or failing collector, delivery is retried between
 * runs after `backoffDelayMs` (never later than the next run, which retries too).
 */
export async function runLoop(opts: LoopOptions): Promise<void> {
  const log = opts.log ?? ((l) => console.error(l));
  let intervalMs = opts.intervalSeconds * 1000;
  // Probe-only reports between full runs, at the collector's probe interval (none for a replay: it probes nothing).
  let probeIntervalMs = 0;
  let nextRunAt = 0;
  let nextProbeAt = Infinity;
  let failures = 0;
  while (!opts.signal.aborted) {
    let pending = 0;
    let error: CollectorError | null = null;
    const full = Date.now() >= nextRunAt;
    if (full || Date.now() >= nextProbeAt) {
      try {
        const result = await runOnce({ ...opts, probeOnly: !full });
        if (result.config) {
          intervalMs = result.config.intervalSeconds * 1000;
          probeIntervalMs = opts.replayDir ? 0 : result.config.probeIntervalSeconds * 1000;
        }
        pending = result.delivery?.pending ?? 0;
        error = result.deliveryError ?? result.delivery?.error ?? null;
        if (result.deliveryError) {
          log(`agent: report ${result.report.reportId} not delivered: ${result.deliveryError.message}${pending ? `; ${pending} report(s) wait in the spool` : ''}`);
        }
        opts.onRun?.(result);
      } catch (err) {
        log(`agent: run failed: ${(err as Error).message}`);
      }
      if (full) nextRunAt = Date.now() + intervalMs;
      nextProbeAt = probeIntervalMs > 0 ? Date.now() + probeIntervalMs : Infinity;
    } else if (opts.spool) {
      try {
        const delivery = await deliverSpool(opts.spool, sender(enrolled(opts.state)));
        pending = delivery.pending;
        error = delivery.error;
        if (delivery.delivered.length) log(`agent: delivered ${delivery.delivered.length} spooled report(s); ${pending} still wait`);
        opts.onDelivery?.(delivery);
      } catch (err) {
        log(`agent: delivering the spool failed: ${(err as Error).message}`);
      }
    }
    failures = pending > 0 && error?.retryable ? failures + 1 : 0;
    const untilRun = Math.max(0, Math.min(nextRunAt, nextProbeAt) - Date.now());
    // The collector's Retry-After is a floor: no attempt, not even the next run's, comes sooner.
    const notBeforeMs = (error?.retryAfterSeconds ?? 0) * 1000;
    const waitMs = Math.max(notBeforeMs, failures > 0 ? Math.min(untilRun, backoffDelayMs(failures, opts.backoff, opts.random)) : untilRun);
    if (failures > 0) log(`agent: collector unreachable or busy (${error!.message}); next delivery attempt in ${(waitMs / 1000).toFixed(1)} s`);
    await sleep(waitMs, opts.signal);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
