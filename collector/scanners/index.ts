/**
 * The one list of scanners, and a device scan: every scanner the org file gives the device
 * what it needs runs, side by side; their results become one device report, validated by
 * its schema.
 */
import { randomUUID } from 'node:crypto';
import { DEVICE_REPORT_VERSION, DeviceReport } from '../../schema/index.js';
import type { PinnedHostKey } from '../store/device-store.js';
import { snmpScanner } from './snmp.js';
import { sshScanner } from './ssh.js';
import type { Scanner, ScanTarget } from './types.js';

export const SCANNERS: readonly Scanner[] = [snmpScanner, sshScanner];

export async function scanDevice(target: ScanTarget, scanners: readonly Scanner[] = SCANNERS): Promise<{ report: DeviceReport; pin?: PinnedHostKey }> {
  const started = performance.now();
  const scannedAt = target.now().toISOString();
  const mine = scanners.filter((s) => s.applies(target.device));
  const parts = await Promise.all(mine.map((s) => s.scan(target)));
  const d = target.device;
  const snmp = parts.find((p) => p.snmp)?.snmp;
  const ssh = parts.find((p) => p.ssh);
  const report = DeviceReport.parse({
    schemaVersion: DEVICE_REPORT_VERSION,
    reportId: randomUUID(),
    deviceId: d.id,
    kind: d.kind,
    address: d.address,
    scannedAt,
    durationMs: Math.round(performance.now() - started),
    reachable: mine.length ? parts.some((p) => p.answered) : null,
    scans: parts.map((p) => p.result),
    ...(snmp ? { snmp } : {}),
    ...(ssh?.ssh ? { ssh: ssh.ssh } : {}),
    ...(ssh?.host ? { host: ssh.host } : {}),
    errors: parts.flatMap((p) => p.errors),
  });
  const pin = parts.find((p) => p.pin)?.pin;
  return pin ? { report, pin } : { report };
}
