/**
 * What evaluations read of the scan records: per host, the latest verdict and the latest
 * accepted one (`HostScanInput`), now or as recorded by the end of a past day. Shared by the
 * scan store (collector/scans/scan-store.ts) and the evaluation worker's mirror of it
 * (scan-mirror.ts), so both answer the same.
 */
import type { HostScanInput, ScanAcceptance, ScanRecord, ScanSummary } from '../../schema/index.js';
import { dayInZone } from '../../rules/per-device.js';

/** A host's verdicts (in log order) and acceptances (by scan id): all an evaluation reads. */
export interface ScanHistory {
  verdicts: ScanRecord[];
  acceptances: Map<string, ScanAcceptance>;
}

/** A host's scan history as plain data, sent to the evaluation worker (attachments stay behind). */
export interface MirroredScans {
  hostId: string;
  verdicts: ScanRecord[];
  acceptances: ScanAcceptance[];
}

export const mirroredScans = (hostId: string, host: ScanHistory | undefined): MirroredScans => ({
  hostId,
  verdicts: host?.verdicts ?? [],
  acceptances: host ? [...host.acceptances.values()] : [],
});

const summaryOf = (r: ScanRecord, accepted: boolean): ScanSummary => ({
  id: r.id,
  verdict: r.verdict,
  scannedOn: r.scannedOn,
  officer: r.officer.name,
  conditions: r.conditions,
  dueDate: r.dueDate,
  reportId: r.reportId,
  collectedAt: r.collectedAt,
  posture: r.posture,
  accepted,
});

/** The latest by scan day, then by the order recorded (a correction entered later wins). */
function latestOf(verdicts: readonly ScanRecord[], keep: (r: ScanRecord) => boolean = () => true): ScanRecord | null {
  let best: ScanRecord | null = null;
  for (const r of verdicts) if (keep(r) && (!best || r.scannedOn >= best.scannedOn)) best = r;
  return best;
}

export function inputOf(host: ScanHistory, acceptedBy: (r: ScanRecord) => boolean = (r) => host.acceptances.has(r.id)): HostScanInput | null {
  const latest = latestOf(host.verdicts);
  if (!latest) return null;
  const accepted = latestOf(host.verdicts, acceptedBy);
  return { latest: summaryOf(latest, acceptedBy(latest)), latestAccepted: accepted ? summaryOf(accepted, true) : null };
}

/**
 * Every host's input as recorded by the end of `day` (org time zone): for a past day's
 * register. Verdicts dated later, or entered later, and later acceptances are left out.
 */
export function verdictsAsOf(hosts: ReadonlyMap<string, ScanHistory>, day: string, timeZone: string): Map<string, HostScanInput> {
  const out = new Map<string, HostScanInput>();
  const by = (at: string) => dayInZone(at, timeZone) <= day;
  for (const [hostId, host] of hosts) {
    const verdicts = host.verdicts.filter((r) => r.scannedOn <= day && by(r.recordedAt));
    const input = inputOf({ ...host, verdicts }, (r) => {
      const a = host.acceptances.get(r.id);
      return a !== undefined && by(a.at);
    });
    if (input) out.set(hostId, input);
  }
  return out;
}
