/**
 * Prometheus metrics of one collector: ingest outcomes and latency, hosts known and hosts
 * reporting. One registry per app (not prom-client's global one) so tests can build many apps.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MiddlewareHandler } from 'hono';
import type { Store } from './store/types.js';

const OUTCOMES: Record<number, string> = {
  200: 'duplicate',
  201: 'stored',
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'too_large',
  429: 'rate_limited',
};

export interface CollectorMetrics {
  registry: Registry;
  /** Counts every `/reports` answer by outcome and times it. */
  ingest: MiddlewareHandler;
}

export function createMetrics(store: Store, now: () => Date, opts: { processMetrics?: boolean } = {}): CollectorMetrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'readiness_' });

  const reports = new Counter({
    name: 'readiness_reports_total',
    help: 'Host reports received, by outcome (stored, duplicate, invalid, unauthorized, forbidden, too_large, error).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'readiness_report_ingest_seconds',
    help: 'Time to answer a report, including the durable write.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'readiness_hosts',
    help: 'Hosts enrolled (or imported) in the store.',
    registers: [registry],
    collect() {
      this.set(store.size);
    },
  });
  new Gauge({
    name: 'readiness_hosts_reported_last_24h',
    help: 'Hosts whose last report arrived within the last 24 hours.',
    registers: [registry],
    collect() {
      const since = now().getTime() - 24 * 3600 * 1000;
      this.set(store.listHosts().filter((h) => h.lastSeen && Date.parse(h.lastSeen) >= since).length);
    },
  });

  const ingest: MiddlewareHandler = async (c, next) => {
    const stop = seconds.startTimer();
    try {
      await next();
    } finally {
      stop();
      reports.inc({ outcome: OUTCOMES[c.res.status] ?? (c.res.status >= 500 ? 'error' : String(c.res.status)) });
    }
  };
  return { registry, ingest };
}
