/** Valid host reports for tests, built through the schema so they stay in step with it. */
import { randomUUID } from 'node:crypto';
import { HostReport, SCHEMA_VERSION } from '../../schema/index.js';
import type { HostReportInput } from '../../schema/index.js';

export function makeReport(agentId: string, extra: Partial<HostReportInput> = {}): HostReport {
  return HostReport.parse({
    schemaVersion: SCHEMA_VERSION,
    reportId: randomUUID(),
    agentId,
    agentVersion: '0.1.0',
    collectedAt: new Date().toISOString(),
    os: {
      platform: 'windows',
      distro: 'Microsoft Windows 10 Pro',
      release: '10.0.19045',
      kernel: '10.0.19045',
      arch: 'x64',
      hostname: 'VP-PC01',
    },
    hardware: {
      system: { manufacturer: 'Dell Inc.', model: 'OptiPlex 7090', serial: 'ABC123', uuid: '', virtual: false },
      bios: { vendor: 'Dell Inc.', version: '1.2.3', releaseDate: '2021-05-01' },
      cpu: { manufacturer: 'Intel', brand: 'Core i5-10500', cores: 12, physicalCores: 6, speedGHz: 3.1 },
      memory: { totalBytes: 8 * 1024 ** 3 },
      disks: [{ name: 'Samsung SSD', type: 'SSD', interface: 'SATA', vendor: 'Samsung', sizeBytes: 256e9 }],
      filesystems: [{ mount: 'C:', fs: 'C:', type: 'NTFS', sizeBytes: 255e9, usedBytes: 80e9 }],
    },
    network: {
      interfaces: [
        {
          name: 'Ethernet',
          mac: '00:11:22:33:44:55',
          ipv4: ['192.0.2.10'],
          ipv6: [],
          type: 'wired',
          operstate: 'up',
          speedMbps: 1000,
          virtual: false,
          internal: false,
          dhcp: true,
        },
      ],
      defaultGateway: '192.0.2.1',
      defaultInterface: 'Ethernet',
    },
    peripherals: {
      printers: [{ name: 'Canon LBP 2900', model: 'LBP2900', status: 'idle', local: true, default: true }],
      usb: [{ name: 'eToken', manufacturer: 'SafeNet', vendorId: '0529', productId: '0620', type: 'Smartcard' }],
    },
    ...extra,
  });
}
