/**
 * One agent run, and the loop around it: fetch the collector's config (targets, interval),
 * collect, then send the report or write it to a file.
 */
import { writeFile } from 'node:fs/promises';
import type { AgentConfig, HostReport } from '../schema/index.js';
import { buildReport } from './build-report.js';
import { CollectorError, fetchAgentConfig, sendReport } from './client.js';
import type { ReportAck } from '../schema/index.js';
import type { AgentState } from './state.js';
import type { Collector } from './collectors/types.js';

export interface RunOptions {
  state: Pick<AgentState, 'agentId' | 'agentKey' | 'collectorUrl'> | { agentId: string; agentKey?: undefined; collectorUrl?: undefined };
  /** Write the report here instead of sending it. */
  output?: string | null;
  replayDir?: string | null;
  collectors?: readonly Collector[];
  now?: () => Date;
  log?: (line: string) => void;
}

export interface RunResult {
  report: HostReport;
  config: AgentConfig | null;
  ack: ReportAck | null;
  /** Why the report was not delivered, when it was not. */
  deliveryError: CollectorError | null;
}

/** Asks the collector for targets; offline or not enrolled means no targets this run. */
async function tryConfig(opts: RunOptions, log: (l: string) => void): Promise<AgentConfig | null> {
  const { collectorUrl, agentKey } = opts.state;
  if (!collectorUrl || !agentKey) return null;
  try {
    return await fetchAgentConfig(collectorUrl, agentKey);
  } catch (err) {
    log(`agent: no config from the collector this run (${(err as Error).message}); probing nothing`);
    return null;
  }
}

export async function runOnce(opts: RunOptions): Promise<RunResult> {
  const log = opts.log ?? ((l) => console.error(l));
  const now = opts.now ?? (() => new Date());
  const config = opts.output ? null : await tryConfig(opts, log);
  const report = await buildReport({
    agentId: opts.state.agentId,
    context: { now: now(), config, replayDir: opts.replayDir ?? null },
    collectors: opts.collectors,
  });
  if (opts.output) {
    await writeFile(opts.output, JSON.stringify(report, null, 2) + '\n');
    return { report, config, ack: null, deliveryError: null };
  }
  const { collectorUrl, agentKey } = opts.state;
  if (!collectorUrl || !agentKey) throw new Error('this agent is not enrolled; run `readiness agent enroll` or use --output FILE');
  try {
    const ack = await sendReport(collectorUrl, agentKey, report);
    return { report, config, ack, deliveryError: null };
  } catch (err) {
    if (err instanceof CollectorError) return { report, config, ack: null, deliveryError: err };
    throw err;
  }
}

export interface LoopOptions extends RunOptions {
  /** Used until the collector says otherwise. */
  intervalSeconds: number;
  signal: AbortSignal;
  onRun?: (result: RunResult) => void;
}

/** Runs until `signal` aborts; the collector's `intervalSeconds` overrides the local one. */
export async function runLoop(opts: LoopOptions): Promise<void> {
  const log = opts.log ?? ((l) => console.error(l));
  let interval = opts.intervalSeconds;
  while (!opts.signal.aborted) {
    try {
      const result = await runOnce(opts);
      if (result.config) interval = result.config.intervalSeconds;
      if (result.deliveryError) log(`agent: report ${result.report.reportId} not delivered: ${result.deliveryError.message}`);
      opts.onRun?.(result);
    } catch (err) {
      log(`agent: run failed: ${(err as Error).message}`);
    }
    await sleep(interval * 1000, opts.signal);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
