/**
 * The evaluation worker's copy of the scan records' evaluation side (collector/evaluation/):
 * each host's verdicts and acceptances as the scan store last sent them, answering
 * `verdicts()` and `verdictsAsOf()` as the store itself does.
 */
import type { HostScanInput } from '../../schema/index.js';
import type { ScanSource } from '../readiness.js';
import { inputOf, verdictsAsOf } from './verdicts.js';
import type { MirroredScans, ScanHistory } from './verdicts.js';

export class ScanMirror implements ScanSource {
  private readonly hosts = new Map<string, ScanHistory>();
  private readonly inputs = new Map<string, HostScanInput>();

  /** Replaces a host's records with those sent (none: the host has no verdict). */
  set(m: MirroredScans): void {
    const host: ScanHistory = { verdicts: m.verdicts, acceptances: new Map(m.acceptances.map((a) => [a.scanId, a])) };
    const input = inputOf(host);
    if (input) {
      this.hosts.set(m.hostId, host);
      this.inputs.set(m.hostId, input);
    } else {
      this.hosts.delete(m.hostId);
      this.inputs.delete(m.hostId);
    }
  }

  verdicts(): ReadonlyMap<string, HostScanInput> {
    return this.inputs;
  }

  verdictsAsOf(day: string, timeZone: string): ReadonlyMap<string, HostScanInput> {
    return verdictsAsOf(this.hosts, day, timeZone);
  }
}
