/**
 * Where each machine is plugged in, from the switches' forwarding tables: a MAC address of the
 * machine's report learned on a switch port. A MAC is learned on every switch between the
 * machine and the rest of the network, so ports leading to another switch (an LLDP or CDP
 * neighbour that is a bridge, switch or router) are left out, and of what remains the port
 * that has learned the fewest MACs wins: the access port the cable goes into.
 */
import type { HostEvaluation, HostReport, SwitchPort } from '../schema/index.js';
import { normaliseMac } from './mac.js';
import type { DeviceInput } from './device-input.js';

const UPLINK = /bridge|switch|router/i;

interface Candidate extends SwitchPort {
  macsOnPort: number;
}

/** MACs of a report's real interfaces (no loopback, no virtual bridges, no all-zero). */
export function reportMacs(report: HostReport | null): string[] {
  return (report?.network?.interfaces ?? []).filter((i) => !i.internal && !i.virtual).flatMap((i) => {
    const mac = normaliseMac(i.mac);
    return mac ? [mac] : [];
  });
}

export function switchPortIndex(devices: Iterable<DeviceInput>): Map<string, Candidate[]> {
  const byMac = new Map<string, Candidate[]>();
  for (const d of devices) {
    const snmp = d.report?.snmp;
    if (!snmp?.fdb?.length) continue;
    const uplinks = new Set((snmp.neighbours ?? []).filter((n) => n.capabilities.some((c) => UPLINK.test(c))).map((n) => n.localPort));
    const perPort = new Map<string, number>();
    for (const e of snmp.fdb) perPort.set(e.port, (perPort.get(e.port) ?? 0) + 1);
    for (const e of snmp.fdb) {
      if (uplinks.has(e.port)) continue;
      const list = byMac.get(e.mac) ?? [];
      list.push({ deviceId: d.deviceId, deviceName: d.name, port: e.port, mac: e.mac, fdbId: e.fdbId, seenAt: d.report!.scannedAt, macsOnPort: perPort.get(e.port)! });
      byMac.set(e.mac, list);
    }
  }
  return byMac;
}

/** Sets `switchPort` on each host whose MAC an access port has learned. */
export function locateHosts(hosts: HostEvaluation[], macsOf: ReadonlyMap<string, readonly string[]>, devices: Iterable<DeviceInput>): void {
  const index = switchPortIndex(devices);
  if (!index.size) return;
  for (const h of hosts) {
    let best: Candidate | undefined;
    for (const mac of macsOf.get(h.agentId) ?? []) {
      for (const c of index.get(mac) ?? []) {
        if (!best || c.macsOnPort < best.macsOnPort || (c.macsOnPort === best.macsOnPort && c.deviceId < best.deviceId)) best = c;
      }
    }
    if (best) {
      const { macsOnPort: _n, ...port } = best;
      h.switchPort = port;
    }
  }
}
