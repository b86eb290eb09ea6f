/**
 * A small fleet with devices for tests: the city unit with a core switch, and Phòng 1 with one
 * workstation, a printer, an SSH-audited server and a second printer it expects but does not
 * list; `scanned()` gives the devices scans as the scanners would store them.
 */
import { NO_KMS_HOSTS } from '../../rules/facts/types.js';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { parseOrgFile } from '../../collector/org-file.js';
import { deviceInputs } from '../../collector/devices/inputs.js';
import { deviceAgentId } from '../../collector/scanners/ssh.js';
import { MemoryDeviceStore } from '../../collector/store/device-store.js';
import type { RuleSet } from '../../rules/compile.js';
import type { FleetInput } from '../../rules/evaluate.js';
import { buildOrgModel } from '../../rules/org-model.js';
import { DEVICE_REPORT_VERSION, DeviceReport } from '../../schema/index.js';
import type { FdbEntry, SnmpNeighbour } from '../../schema/index.js';
import { readyReport } from './ready-report.js';

type DeviceReportInput = z.input<typeof DeviceReport>;

export const NOW = new Date('2026-12-01T03:00:00Z');
export const ORG = parseOrgFile(
  `
name: test
units:
  - id: hp
    name: VKSND thành phố Hải Phòng
    level: city
    devices:
      - { id: hp-sw-core, kind: switch, address: 192.0.2.2, purchaseYear: 2018, snmp: { version: 2c, community: c } }
    rooms:
      - id: phong-1
        name: Phòng 1
        expectedWorkstations: 1
        expectedPrinters: 2
        devices:
          - { id: hp-p1-printer, kind: printer, address: 192.0.2.21, purchaseYear: 2024, snmp: { version: 2c, community: c } }
          - { id: hp-p1-srv, kind: server, address: 192.0.2.30, ssh: { user: audit, key: k } }
`,
  'org.yaml',
);

export const report = (deviceId: string, kind: string, extra: Partial<DeviceReportInput>): DeviceReport =>
  DeviceReport.parse({
    schemaVersion: DEVICE_REPORT_VERSION,
    reportId: randomUUID(),
    deviceId,
    kind,
    address: '192.0.2.2',
    scannedAt: '2026-12-01T02:00:00.000Z',
    durationMs: 12,
    reachable: true,
    scans: [{ scanner: 'snmp', outcome: 'ok', message: 'read', durationMs: 12 }],
    ...extra,
  });

const fdb = (mac: string, port: string): FdbEntry => ({ mac, port, ifIndex: null, fdbId: 10 });
const uplink: SnmpNeighbour = { protocol: 'lldp', localPort: 'Gi0/48', remoteName: 'core', remotePort: 'Gi1/0/1', remoteAddress: '', remoteChassis: '', remoteDescr: '', capabilities: ['bridge'] };
const system = { descr: 'Cisco IOS', objectId: '1.3.6.1.4.1.9.1.516', upTimeSeconds: 1, contact: '', name: 'core', location: '' };

export function fleet(rules: RuleSet, store: MemoryDeviceStore, workstationMac = '00:11:22:33:44:55'): FleetInput {
  const ws = readyReport(randomUUID(), '2026-12-01T02:30:00.000Z');
  ws.network!.interfaces[0]!.mac = workstationMac.toUpperCase();
  return {
    set: rules,
    org: buildOrgModel(ORG, [{ unit: 'hp', room: 'phong-1' }]),
    hosts: [{ agentId: ws.agentId, hostname: 'VP-PC01', unitId: 'hp', roomId: 'phong-1', deviceKind: 'workstation', lastSeen: '2026-12-01T02:31:00.000Z', report: ws }],
    now: NOW,
    asOf: '2026-12-01',
    scopeUnitId: null,
    licensing: NO_KMS_HOSTS,
    completeSince: () => null,
    devices: deviceInputs(ORG, store),
  };
}

export async function scanned(): Promise<MemoryDeviceStore> {
  const store = new MemoryDeviceStore();
  await store.put(
    report('hp-sw-core', 'switch', {
      snmp: {
        version: '2c',
        system,
        interfaces: [],
        neighbours: [uplink],
        // The workstation's MAC on its access port and on the uplink; another machine's too.
        fdb: [fdb('00:11:22:33:44:55', 'Gi0/7'), fdb('00:11:22:33:44:55', 'Gi0/48'), fdb('00:11:22:33:44:66', 'Gi0/48')],
      },
    }),
  );
  await store.put(report('hp-p1-printer', 'printer', { snmp: { version: '2c', system, printer: { model: 'HP LaserJet M404', serial: 'VNB3R1', status: 'idle', alerts: [], pageCount: 1, supplies: [{ index: '1.1', description: 'Black Toner', type: 'toner', colour: 'black', level: 500, maxCapacity: 10000, percent: 5, state: 'low' }] } } }));
  const host = readyReport(deviceAgentId('hp-p1-srv'), '2026-12-01T02:00:00.000Z', { probes: undefined });
  host.network!.interfaces[0]!.mac = '00:11:22:33:44:99';
  await store.put(report('hp-p1-srv', 'server', { host, scans: [{ scanner: 'ssh', outcome: 'ok', message: 'audited', durationMs: 40 }] }));
  return store;
}

