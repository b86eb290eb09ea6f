/**
 * Runs every registered collector concurrently, each under its own time limit, and assembles
 * the host report. A collector that throws or times out leaves its section out and adds an
 * `errors` entry: one broken subject never costs the rest of the report.
 */
import { randomUUID } from 'node:crypto';
import { HostReport, SCHEMA_VERSION, describeIssues } from '../schema/index.js';
import type { CollectionError, HostReportInput } from '../schema/index.js';
import { COLLECTORS } from './collectors/index.js';
import { useCLocaleForChildren } from './exec/locale.js';
import { SectionUnknown } from './collectors/types.js';
import type { CollectContext, Collector } from './collectors/types.js';
import { AGENT_VERSION } from './version.js';

export const DEFAULT_COLLECTOR_TIMEOUT_MS = 15_000;

class CollectorTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CollectorTimeout(`gave no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sentence = (err: unknown): string => (err instanceof Error ? err.message : String(err)) || 'failed without a message';

export interface BuildReportOptions {
  agentId: string;
  context: CollectContext;
  collectors?: readonly Collector[];
  defaultTimeoutMs?: number;
}

export async function buildReport(opts: BuildReportOptions): Promise<HostReport> {
  // Before any collector starts a tool, directly or through systeminformation.
  useCLocaleForChildren();
  const collectors = opts.collectors ?? COLLECTORS;
  const errors: CollectionError[] = [];
  const sections: Record<string, unknown> = {};

  await Promise.all(
    collectors.map(async (collector) => {
      const ms = collector.timeoutMs ?? opts.defaultTimeoutMs ?? DEFAULT_COLLECTOR_TIMEOUT_MS;
      try {
        const value = await withTimeout(collector.collect(opts.context), ms);
        // Validate each section alone so that one malformed section is dropped, not the report.
        const check = HostReport.shape[collector.section].safeParse(value);
        if (!check.success) {
          errors.push({
            section: collector.section,
            code: 'failed',
            message: `the ${collector.section} collector produced data that does not fit the schema (${describeIssues(check.error)})`,
          });
          return;
        }
        sections[collector.section] = check.data;
      } catch (err) {
        const timedOut = err instanceof CollectorTimeout;
        // A collector that knows why its section is unknown says so in its own words and code.
        if (err instanceof SectionUnknown) {
          errors.push({ section: collector.section, code: err.code, message: `${collector.section}: ${sentence(err)}` });
          return;
        }
        errors.push({
          section: collector.section,
          code: timedOut ? 'timeout' : 'failed',
          message: `the ${collector.section} collector ${timedOut ? sentence(err) : `failed: ${sentence(err)}`}`,
        });
      }
    }),
  );

  const input: HostReportInput = {
    schemaVersion: SCHEMA_VERSION,
    reportId: randomUUID(),
    agentId: opts.agentId,
    agentVersion: AGENT_VERSION,
    collectedAt: opts.context.now.toISOString(),
    ...sections,
    errors: errors.sort((a, b) => a.section.localeCompare(b.section)),
  };
  return HostReport.parse(input);
}
