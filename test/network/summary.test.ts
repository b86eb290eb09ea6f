import { describe, expect, it } from 'vitest';
import { summarisePathsAndSigning } from '../../cli/paths-signing-summary.js';
import { READY_SECTIONS, readyReport } from '../helpers/ready-report.js';

const AGENT = '66666666-6666-4666-8666-666666666666';

describe('the summary lines for network paths and signing', () => {
  it('names the way out, any extra link, the root CA, the token certificate and the software', () => {
    expect(summarisePathsAndSigning(readyReport(AGENT, '2025-12-05T03:00:00.000Z'))).toEqual([
      '  Paths     default route via 192.0.2.1 dev Ethernet',
      '            no Wi-Fi link, modem or shared connection',
      '  Signing   sector root CA trusted; Nguyễn Văn A until 2028-01-07; VGCA Token Manager, vSignPDF',
    ]);
    const c = READY_SECTIONS.connectivity;
    const risky = readyReport(AGENT, '2025-12-05T03:00:00.000Z', {
      connectivity: { ...c, defaultRoutes: [], wifi: [{ interface: 'Wi-Fi', ssid: 'HomeNet', connected: true, source: 'netsh' }], usbModems: [{ name: 'Huawei stick', vendorId: '12d1', productId: '1f01' }] },
      signing: { ...READY_SECTIONS.signing, sectorRoots: [], certificates: null },
    });
    expect(summarisePathsAndSigning(risky)).toEqual([
      '  Paths     default route none',
      '            Wi-Fi "HomeNet" on Wi-Fi; modem Huawei stick',
      '  Signing   sector root CA MISSING; token certificates not read; VGCA Token Manager, vSignPDF',
    ]);
  });
});
