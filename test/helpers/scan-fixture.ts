/** Scan verdicts for rule and document tests, bound to a report's posture as the collector binds them. */
import { postureOf } from '../../rules/posture/aspects.js';
import type { HostReport, HostScanInput, ScanSummary } from '../../schema/index.js';

export function scanOf(report: HostReport, extra: Partial<ScanSummary> = {}): ScanSummary {
  return {
    id: 'scan-000000000001',
    verdict: 'pass',
    scannedOn: report.collectedAt.slice(0, 10),
    officer: 'police.hp',
    conditions: [],
    dueDate: null,
    reportId: report.reportId,
    collectedAt: report.collectedAt,
    posture: postureOf(report),
    accepted: false,
    ...extra,
  };
}

/** A host's scans with one verdict (accepted when `accepted`). */
export const scannedInput = (report: HostReport, extra: Partial<ScanSummary> = {}): HostScanInput => {
  const latest = scanOf(report, extra);
  return { latest, latestAccepted: latest.accepted ? latest : null };
};
