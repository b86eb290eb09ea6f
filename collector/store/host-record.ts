/**
 * How a host record changes, as pure functions shared by every store implementation, so that
 * the file store and the memory store cannot drift apart on what a report, a re-enrollment, a
 * retirement or a merge does to a host.
 */
import { HOST_EVENTS, RECENT_REPORT_IDS } from './types.js';
import type { AddReportOptions, HostEvent, HostRecord, HostSummary, NewAgent, Rekey, Retirement, RetirementBy } from './types.js';
import { instantMs } from '../../schema/index.js';
import type { HostReport } from '../../schema/index.js';

const withEvent = <T extends Pick<HostRecord, 'events'>>(host: T, event: HostEvent): T => ({
  ...host,
  events: [...(host.events ?? []), event].slice(-HOST_EVENTS),
});

/** A host that enrolled (or was imported) and has not reported yet. */
export const newHostRecord = (agent: NewAgent): HostRecord => ({
  ...agent,
  firstSeen: null,
  lastSeen: null,
  reportCount: 0,
  recentReportIds: [],
  latest: null,
  reportAt: null,
  clock: null,
  retired: null,
  events: [{ at: agent.enrolledAt, kind: 'enrolled', detail: `enrolled in ${agent.unit}${agent.room ? `/${agent.room}` : ''} as ${agent.hostname}` }],
});

/**
 * The instant a report describes on the collector's clock: `collectedAt` corrected by the skew
 * measured when it was sent (a machine whose clock is an hour ahead collected it an hour
 * earlier than it says), and never later than its receipt.
 */
export function reportInstant(report: HostReport, receivedAt: Date, clockSkewSeconds: number | null | undefined): number {
  const collected = instantMs(report.collectedAt) - (clockSkewSeconds ?? 0) * 1000;
  return Math.min(collected, receivedAt.getTime());
}

/** The stored latest report's instant (records written before `reportAt` existed: collectedAt capped by lastSeen). */
export function latestInstant(host: Pick<HostSummary, 'latest' | 'reportAt' | 'lastSeen'>): number | null {
  if (!host.latest) return null;
  if (host.reportAt) return instantMs(host.reportAt);
  const collected = instantMs(host.latest.collectedAt);
  return host.lastSeen ? Math.min(collected, instantMs(host.lastSeen)) : collected;
}

/** The host record and the in-memory copy hold the software section without its programs (kept apart by every store). */
export function withoutPrograms(report: HostReport): HostReport {
  if (!report.software) return report;
  return { ...report, software: { ...report.software, programs: [] } };
}

/** A resent old report (from an agent's spool) is counted but does not replace a newer one. */
export function isNewestReport(host: Pick<HostSummary, 'latest' | 'reportAt' | 'lastSeen'>, instant: number): boolean {
  const latest = latestInstant(host);
  return latest === null || instant >= latest;
}

/**
 * The host after `report` was accepted: seen times, count, the bounded list of report ids,
 * the latest report (in the store's own form, `stored`), the clock reading and the probe-rule trail.
 */
export function withReport(
  host: HostSummary,
  recentIds: Iterable<string>,
  report: HostReport,
  receivedAt: Date,
  options: AddReportOptions = {},
  stored: (report: HostReport) => HostReport = (r) => r,
): HostRecord {
  const at = receivedAt.toISOString();
  const instant = reportInstant(report, receivedAt, options.clockSkewSeconds);
  const newest = isNewestReport(host, instant);
  const skew = options.clockSkewSeconds;
  // The origin follows the latest report: an agent's own report clears an import's mark.
  const { latestOrigin, ...rest } = host;
  const origin = newest ? options.origin : latestOrigin;
  return {
    ...rest,
    ...(origin ? { latestOrigin: origin } : {}),
    firstSeen: host.firstSeen ?? at,
    lastSeen: at,
    reportCount: host.reportCount + 1,
    recentReportIds: [...recentIds, report.reportId].slice(-RECENT_REPORT_IDS),
    latest: newest ? stored(report) : host.latest,
    reportAt: newest ? new Date(instant).toISOString() : (host.reportAt ?? null),
    clock: skew === undefined || skew === null ? (host.clock ?? null) : { skewSeconds: skew, measuredAt: at },
    ...(newest && options.nextTrail ? { ruleTrail: options.nextTrail(host, report) } : {}),
    ...(newest && options.softwareMatches ? { softwareMatches: options.softwareMatches(host, report) } : {}),
  };
}

export const withMove = <T extends HostSummary>(host: T, to: { unit: string; room: string | null }, at: string): T =>
  withEvent({ ...host, unit: to.unit, room: to.room }, { at, kind: 'moved', detail: `moved from ${placeName(host)} to ${placeName(to)}` });

export const withRekey = <T extends HostSummary>(host: T, rekey: Rekey): T =>
  withEvent(
    { ...host, keyHash: rekey.keyHash, unit: rekey.unit, room: rekey.room, hostname: rekey.hostname, deviceKind: rekey.deviceKind },
    {
      at: rekey.at,
      kind: 're-enrolled',
      detail: `re-enrolled with its own key: new key issued, old key revoked${placeName(host) === placeName(rekey) ? '' : `; moved from ${placeName(host)} to ${placeName(rekey)}`}`,
    },
  );

/** The retirement a merge writes for the host folded into `intoId`. */
export const mergedRetirement = (intoId: string, by: RetirementBy): Retirement => ({ ...by, reason: `merged into ${intoId}`, mergedInto: intoId });

/** A retired host's key hash is replaced by one no key can match. */
export const withRetirement = <T extends HostSummary>(host: T, retirement: Retirement, deadKeyHash: string): T =>
  withEvent(
    { ...host, keyHash: deadKeyHash, retired: retirement },
    { at: retirement.at, kind: 'retired', detail: retirement.mergedInto ? `merged into ${retirement.mergedInto}` : `retired: ${retirement.reason}` },
  );

/**
 * `into` after `from` was folded into it. Only the history of the record crosses (enrollment
 * date, first sighting, report count, report ids for idempotency); what was judged about
 * `from` does not (its probe-rule trail; scan verdicts of issue 12 must not either).
 */
export function withMerge(into: HostRecord, from: HostRecord, at: string): HostRecord {
  const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : instantMs(a) <= instantMs(b) ? a : b);
  return withEvent(
    {
      ...into,
      enrolledAt: earlier(into.enrolledAt, from.enrolledAt)!,
      firstSeen: earlier(into.firstSeen, from.firstSeen),
      reportCount: into.reportCount + from.reportCount,
      recentReportIds: [...new Set([...from.recentReportIds, ...into.recentReportIds])].slice(-RECENT_REPORT_IDS),
    },
    { at, kind: 'merged', detail: `${from.agentId} (${from.hostname}) merged into this host` },
  );
}

const placeName = (p: { unit: string; room: string | null }) => `${p.unit}${p.room ? `/${p.room}` : ''}`;
