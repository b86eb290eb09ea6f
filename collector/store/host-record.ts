/**
 * How a host record changes, as pure functions shared by every store implementation, so that
 * the file store and the memory store cannot drift apart on what a report does to a host.
 */
import { RECENT_REPORT_IDS } from './types.js';
import type { AddReportOptions, HostRecord, HostSummary, NewAgent } from './types.js';
import type { HostReport } from '../../schema/index.js';

/** A host that enrolled (or was imported) and has not reported yet. */
export const newHostRecord = (agent: NewAgent): HostRecord => ({
  ...agent,
  firstSeen: null,
  lastSeen: null,
  reportCount: 0,
  recentReportIds: [],
  latest: null,
});

/** A resent old report (from an agent's spool) is counted but does not replace a newer one. */
export const isNewestReport = (report: HostReport, latest: HostReport | null): boolean =>
  !latest || report.collectedAt >= latest.collectedAt;

/**
 * The host after `report` was accepted: seen times, count, the bounded list of report ids,
 * the latest report (in the store's own form, `stored`), and the probe-rule trail.
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
  const newest = isNewestReport(report, host.latest);
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
    ...(newest && options.nextTrail ? { ruleTrail: options.nextTrail(host, report) } : {}),
    ...(newest && options.softwareMatches ? { softwareMatches: options.softwareMatches(host, report) } : {}),
  };
}
