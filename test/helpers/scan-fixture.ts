/** Scan verdicts for rule and document tests, bound to a report's posture as the collector binds them. */
import { postureOf } from '../../rules/posture/aspects.js';
import type { HostReport, HostScanInput, ScanRecord, ScanSummary } from '../../schema/index.js';

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

let recorded = 0;

/** A verdict as the scan log keeps it, judging `report` (a fresh id each call). */
export const scanRecordOf = (report: HostReport, extra: Partial<ScanRecord> = {}): ScanRecord => ({
  kind: 'verdict',
  id: `scan-${String(++recorded).padStart(12, '0')}`,
  hostId: report.agentId,
  hostname: 'PC-01',
  unit: 'hp',
  room: null,
  reportId: report.reportId,
  collectedAt: report.collectedAt,
  posture: postureOf(report),
  fingerprint: '0'.repeat(64),
  verdict: 'pass',
  conditions: [],
  dueDate: null,
  items: [],
  note: '',
  representative: null,
  officer: { name: 'police.hp', role: 'security_officer' },
  scannedOn: report.collectedAt.slice(0, 10),
  recordedAt: report.collectedAt,
  via: 'api',
  corrects: null,
  ...extra,
});
