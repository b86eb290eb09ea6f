/**
 * The one interface every collector implements: it fills one section of the host report.
 * Collectors may throw; `runCollectors` turns a throw or a time-out into an `errors` entry so
 * the report still goes out with that section `unknown`.
 */
import type { AgentConfig, CollectionError, HostReportInput, ReportSectionName } from '../../schema/index.js';

export interface CollectContext {
  /** The run's clock, so that ages (signature age, report age) are computed once. */
  now: Date;
  /** Targets and settings from the collector, when the agent is enrolled and online. */
  config: AgentConfig | null;
  /** `--replay DIR`: parse recorded command outputs from here instead of running commands. */
  replayDir: string | null;
}

export interface Collector<S extends ReportSectionName = ReportSectionName> {
  section: S;
  /** Per-collector time limit; the run's default applies when absent. */
  timeoutMs?: number;
  collect(ctx: CollectContext): Promise<NonNullable<HostReportInput[S]>>;
}

/** Lets a list hold collectors of different sections while keeping each one typed. */
export const defineCollector = <S extends ReportSectionName>(c: Collector<S>): Collector<S> => c;

/**
 * Thrown by a collector that knows why its section is unknown (not supported on this
 * platform, a tool not found, a time limit): the run records `code` and the sentence as is,
 * instead of the generic "failed".
 */
export class SectionUnknown extends Error {
  constructor(
    message: string,
    readonly code: CollectionError['code'],
  ) {
    super(message);
  }
}
