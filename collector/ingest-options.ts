/**
 * What the store computes from a report inside the write that stores it: the probe-rule trail
 * (hysteresis) and the software-policy matches. Shared by the agents' ingest and the import.
 */
import type { HostReport } from '../schema/index.js';
import type { OrgDirectory } from './org-directory.js';
import type { AddReportOptions } from './store/types.js';

export const ingestOptions = (org: OrgDirectory, report: HostReport): AddReportOptions => ({
  nextTrail: (host) => org.nextTrail(host, report),
  softwareMatches: () => org.softwareMatches(report),
});
