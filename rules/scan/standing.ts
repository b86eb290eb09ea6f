/**
 * Where a device stands with its pre-use scan on a day: the verdict that counts (with
 * acceptance on, the latest accepted one; a failure counts at once), whether it is still in
 * force (a conditional verdict until its due date, any verdict for `validDays`), and the
 * material changes of its posture since the report it judged. Pure; the facts, the documents
 * and the scan queue all read this one answer.
 */
import type { HostReport, HostScanInput, PostureSnapshot, ScanChange, ScanStanding, ScanSummary } from '../../schema/index.js';
import { daysBetween } from '../deadline.js';
import { postureOf } from '../posture/aspects.js';
import { materialChanges } from './policy.js';
import type { CompiledScanPolicy } from './policy.js';

/** A host's latest report stays the same object between evaluations: read its posture once. */
const postures = new WeakMap<HostReport, PostureSnapshot>();
export function cachedPosture(report: HostReport): PostureSnapshot {
  let p = postures.get(report);
  if (!p) postures.set(report, (p = postureOf(report)));
  return p;
}

export const NEVER_SCANNED: ScanStanding = Object.freeze({ status: 'never', scan: null, changes: null, ageDays: null }) as ScanStanding;

/** The verdict that counts, or null (none yet, or none accepted while acceptance is asked for). */
export function countingScan(input: HostScanInput, policy: Pick<CompiledScanPolicy, 'acceptance'>): ScanSummary | null {
  if (!policy.acceptance || input.latest.verdict === 'fail' || input.latest.accepted) return input.latest;
  return input.latestAccepted;
}

/**
 * `report`: the host's current report, or null when it has none recent enough to judge by
 * (the changes are then not known).
 */
export function scanStanding(input: HostScanInput | null | undefined, report: HostReport | null, policy: CompiledScanPolicy, asOf: string): ScanStanding {
  if (!input) return NEVER_SCANNED;
  const counting = countingScan(input, policy);
  const shown = counting ?? input.latest;
  const found = report ? materialChanges(policy, shown.posture, cachedPosture(report)) : undefined;
  const changes = found ? found.map((c): ScanChange => ({ ...c, since: shown.scannedOn })) : null;
  const ageDays = daysBetween(shown.scannedOn, asOf);
  const scan = {
    id: shown.id,
    verdict: shown.verdict,
    scannedOn: shown.scannedOn,
    officer: shown.officer,
    conditions: shown.conditions,
    dueDate: shown.dueDate,
    reportId: shown.reportId,
    accepted: shown.accepted,
  };
  return { status: statusOf(counting, changes, ageDays, asOf, policy), scan, changes, ageDays };
}

function statusOf(counting: ScanSummary | null, changes: ScanChange[] | null, ageDays: number, asOf: string, policy: CompiledScanPolicy): ScanStanding['status'] {
  if (!counting) return 'awaiting_acceptance';
  if (counting.verdict === 'fail') return 'failed';
  if (ageDays > policy.validDays) return 'expired';
  if (counting.verdict === 'conditional' && counting.dueDate !== null && counting.dueDate < asOf) return 'lapsed';
  if (changes?.length) return 'changed';
  return counting.verdict === 'conditional' ? 'conditional' : 'passed';
}

/** Whether the standing clears the device for use (the `scan.in_force` fact). */
export const inForce = (s: ScanStanding): boolean | undefined =>
  s.status === 'never' ? undefined : s.status === 'passed' || s.status === 'conditional' || s.status === 'changed';
