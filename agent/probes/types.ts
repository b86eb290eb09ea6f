/**
 * The one interface every probe kind implements. A probe sends a burst at one target and
 * returns its result; it never throws: a failure is data (`error` holds a sentence).
 */
import type { ProbeKind, ProbeResult, ProbeTarget } from '../../schema/index.js';

export const DEFAULT_PROBE_COUNT = 10;
/** 200 ms is the smallest interval iputils' ping allows without root on older systems. */
export const DEFAULT_INTERVAL_MS = 200;
export const DEFAULT_TIMEOUT_MS = 2000;

/** A target with every setting resolved: what one probe run needs, nothing more. */
export type ProbeRequest = ProbeTarget & { count: number; intervalMs: number; timeoutMs: number };

export interface Probe<K extends ProbeKind = ProbeKind> {
  kind: K;
  run(request: ProbeRequest & { kind: K }): Promise<ProbeResult>;
}

export const defineProbe = <K extends ProbeKind>(p: Probe<K>): Probe<K> => p;

/** The longest a burst may take: the last attempt starts after (count - 1) intervals, then waits. */
export const burstDeadlineMs = (r: Pick<ProbeRequest, 'count' | 'intervalMs' | 'timeoutMs'>): number =>
  (r.count - 1) * r.intervalMs + r.timeoutMs;

/** The part of every result that names what was probed; each probe adds its own figures. */
export const resultHeader = (request: ProbeRequest, startedAt: string) => ({
  kind: request.kind,
  scope: request.scope,
  role: request.role,
  target: request.target,
  startedAt,
});
