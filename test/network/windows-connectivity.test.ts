/**
 * Windows connectivity and signing parts of the posture document: adapters by kind, default
 * routes into different networks, Windows' own Internet check, Wi-Fi from netsh (localised),
 * USB modems, the sector's root CA and the personal (token) certificates. Fixture and sources:
 * test/fixtures/wan/windows-wan-paths-signing/SOURCE.md.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../agent/catalogue/catalogue.js';
import { readCapture } from '../../agent/exec/capture-dir.js';
import { parseWindowsConnectivity } from '../../agent/windows/connectivity.js';
import { parseWindowsDocument } from '../../agent/windows/document.js';
import { parseNetshWlanInterfaces } from '../../agent/windows/netsh-wlan.js';
import { WINDOWS_POSTURE_KEY } from '../../agent/windows/run-posture.js';
import { parseWindowsSigning } from '../../agent/windows/signing.js';
import { ConnectivitySection, SigningSection } from '../../schema/index.js';
import { documentWith } from '../posture/fixtures.js';

const FIXTURE = new URL('../fixtures/wan/windows-wan-paths-signing/', import.meta.url).pathname;
const catalogue = loadCatalogue();
const fixture = async () => parseWindowsDocument((await readCapture(FIXTURE)).outputs.get(WINDOWS_POSTURE_KEY));

describe('Windows adapters, routes and Wi-Fi', () => {
  it('reads each adapter\'s kind from its description, medium and USB id', async () => {
    const c = ConnectivitySection.parse(parseWindowsConnectivity(await fixture(), catalogue));
    expect(c.adapters.map((a) => [a.name, a.kind, a.up])).toEqual([
      ['Ethernet', 'ethernet', true],
      ['Wi-Fi', 'wifi', true],
      ['Ethernet 3', 'tethering', true],
      ['Ethernet 4', 'cellular', false],
      ['Bluetooth Network Connection', 'bluetooth', false],
      ['vEthernet (Default Switch)', 'virtual', true],
    ]);
    expect(c.adapters[3]!.kindReason).toMatch(/USB id 12d1:14dc is a Huawei mobile broadband stick/);
    expect(c.adapters[0]).toMatchObject({ addresses: ['192.0.2.57/24'], defaultRoute: true, internetDetected: false });
    expect(c.adapters[2]).toMatchObject({ addresses: ['192.168.42.57/24'], internetDetected: true, vendorId: '18d1', productId: '4ee3' });
  });

  it('puts each default route in the network of its gateway: three networks, three paths', async () => {
    const c = ConnectivitySection.parse(parseWindowsConnectivity(await fixture(), catalogue));
    expect(c.defaultRoutes?.map((r) => `${r.gateway} ${r.interface} ${r.network}`)).toEqual([
      '192.0.2.1 Ethernet 192.0.2.0/24',
      '10.10.0.1 Wi-Fi 10.10.0.0/24',
      '192.168.42.129 Ethernet 3 192.168.42.0/24',
    ]);
    expect(c.wifi).toEqual([expect.objectContaining({ interface: 'Wi-Fi', ssid: 'HomeNet', connected: true, bssid: 'a4:2b:b0:44:55:66', signalPct: 92 })]);
    expect(c.usbModems).toEqual([{ name: expect.stringMatching(/^Huawei/), vendorId: '12d1', productId: '14dc' }]);
  });

  it('reads Windows 7\'s Win32_NetworkAdapter fallback and the old route table', () => {
    const doc = documentWith({
      netAdapters: [{ Name: 'Local Area Connection', InterfaceDescription: 'Intel(R) 82579LM Gigabit Network Connection', InterfaceIndex: 11, Status: 'Up', AdapterTypeId: 0, Virtual: false, PnPDeviceID: 'PCI\\VEN_8086&DEV_1502' }],
      netIpConfig: { InterfaceIndex: 11, IPAddress: ['192.0.2.70'], IPSubnet: ['255.255.255.0'] },
      netRoutes: { DestinationPrefix: '0.0.0.0/0', NextHop: '192.0.2.1', InterfaceIndex: 11, InterfaceAlias: '', RouteMetric: 10 },
      netProfiles: { error: "The term 'Get-NetConnectionProfile' is not recognized as the name of a cmdlet" },
      wlanInterfaces: 'There is no wireless interface on the system.\r\n',
      usb: [],
    });
    const c = ConnectivitySection.parse(parseWindowsConnectivity(doc, catalogue));
    expect(c.adapters).toEqual([expect.objectContaining({ kind: 'ethernet', up: true, addresses: ['192.0.2.70/24'], internetDetected: null, defaultRoute: true })]);
    expect(c.defaultRoutes).toEqual([{ family: 'ipv4', gateway: '192.0.2.1', interface: 'Local Area Connection', metric: 10, network: '192.0.2.0/24' }]);
    expect(c.wifi).toEqual([]);
  });

  it('leaves the section unknown when the adapters could not be read, and Wi-Fi unknown without the WLAN service', () => {
    expect(() => parseWindowsConnectivity(documentWith({ netAdapters: { error: 'Access denied' } }), catalogue)).toThrow(/network adapters could not be read \(Access denied\)/);
    const doc = documentWith({
      netAdapters: [{ Name: 'Wi-Fi', InterfaceDescription: 'Intel(R) Wi-Fi 6 AX201 160MHz', InterfaceIndex: 18, Status: 'Disconnected', NdisPhysicalMedium: 9, InterfaceType: 71 }],
      wlanInterfaces: 'The Wireless AutoConfig Service (wlansvc) is not running.\r\n',
    });
    expect(parseWindowsConnectivity(doc, catalogue).wifi).toBeNull();
  });
});

describe('netsh wlan show interfaces, as printed on real machines', () => {
  it('reads the English output of a connected interface', async () => {
    const text = await readFile(`${FIXTURE}netsh-wlan-show-interfaces.txt`, 'utf8');
    expect(parseNetshWlanInterfaces(text)).toEqual([
      { interface: 'Wi-Fi', ssid: 'HomeNet', connected: true, bssid: 'a4:2b:b0:44:55:66', authentication: 'WPA2-Personal', signalPct: 92, source: 'netsh wlan show interfaces' },
    ]);
  });

  it.each([
    [
      'disconnected, radio switched off in software (a value over two lines; public parser test)',
      'There is 1 interface on the system:\r\n\r\n    Name                   : Wi-Fi\r\n    Description            : Intel(R) Wi-Fi 6 AX201 160MHz\r\n    GUID                   : 7c4a8d09-ca37-4b2f-9f1e-2b1c3d4e5f60\r\n    Physical address       : a4:c3:f0:11:22:33\r\n    State                  : disconnected\r\n    Radio status           : Hardware On\r\n                             Software Off\r\n',
      [{ interface: 'Wi-Fi', ssid: '', connected: false }],
    ],
    [
      'Windows 11 24H2 names the access point "AP BSSID" (public parser test)',
      '\nThere is 1 interface on the system:\n\n    Name                   : Wi-Fi\n    Description            : MediaTek MT7921 Wi-Fi 6 802.11ax PCIe Adapter\n    State                  : connected\n    SSID                   : NETGEAR94\n    AP BSSID               : 74:fe:ce:11:07:e7\n    Band                   : 5 GHz\n    Signal                 : 87%\n    Profile                : NETGEAR94\n',
      [{ interface: 'Wi-Fi', ssid: 'NETGEAR94', connected: true, bssid: '74:fe:ce:11:07:e7', signalPct: 87 }],
    ],
    [
      'a German Windows: translated labels, the SSID line says it is connected (public parser test)',
      '\nAuf dem System ist eine Schnittstelle vorhanden:\n\n    Name                   : WLAN\n    Beschreibung           : Intel(R) Wi-Fi 6 AX201 160MHz\n    GUID                   : e1f5c2a0-1234-5678-9abc-def012345678\n    Physische Adresse      : aa:bb:cc:dd:ee:ff\n    Status                 : Verbunden\n    SSID                   : Schulhof-Netz\n    BSSID                  : 11:22:33:44:55:66\n    Signal                 : 88%\n',
      [{ interface: 'WLAN', ssid: 'Schulhof-Netz', connected: true, bssid: '11:22:33:44:55:66', signalPct: 88 }],
    ],
    [
      'two interfaces, one connected',
      'There are 2 interfaces on the system:\n\n    Name                   : Wi-Fi\n    State                  : disconnected\n\n    Name                   : Wi-Fi 2\n    State                  : connected\n    SSID                   : Phong1-Guest\n',
      [{ interface: 'Wi-Fi', connected: false }, { interface: 'Wi-Fi 2', ssid: 'Phong1-Guest', connected: true }],
    ],
  ])('%s', (_, text, expected) => {
    expect(parseNetshWlanInterfaces(text)).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it('says "none" without an interface and "unknown" when the WLAN service is stopped', () => {
    expect(parseNetshWlanInterfaces('There is no wireless interface on the system.\r\n')).toEqual([]);
    expect(parseNetshWlanInterfaces('The Wireless AutoConfig Service (wlansvc) is not running.\r\n')).toBeNull();
  });
});

describe('Windows certificate stores', () => {
  it('finds the sector root CA and the personal certificates with their providers, never a key', async () => {
    const s = SigningSection.parse(parseWindowsSigning(await fixture(), catalogue));
    expect(s.sectorRoots).toEqual([expect.objectContaining({ name: expect.stringMatching(/^RootCA chuyên dùng Chính phủ G2/), thumbprint: '761a8d4043c70e020b8578b78f89bc16a637918b', store: 'LocalMachine\\Root' })]);
    expect(s.certificates?.map((c) => [c.subject.split(', ').at(-1), c.store.split('\\')[0], c.provider, c.onToken, c.sectorIssuer, c.notAfter])).toEqual([
      ['CN=PC-P1-07.vks.example', 'LocalMachine', 'Microsoft Software Key Storage Provider', false, false, expect.any(String)],
      ['CN=Nguyễn Văn A', 'User', 'eToken Base Cryptographic Provider', true, true, '2026-11-30T08:00:00.000Z'],
      ['CN=Nguyễn Văn A (chứng thư cũ)', 'User', 'eToken Base Cryptographic Provider', true, true, '2025-11-01T00:00:00.000Z'],
    ]);
    expect(s.certificates?.[1]).toMatchObject({ issuer: 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN', serial: '1000', thumbprint: '36091b0317e71061e0d42d00388b569ef933eaa7' });
    expect(s.software).toEqual([
      { name: 'SafeNet Authentication Client', kind: 'middleware', program: 'SafeNet Authentication Client 10.8' },
      { name: 'vSignPDF', kind: 'signing', program: 'vSignPDF' },
    ]);
    expect(JSON.stringify(s)).not.toMatch(/PRIVATE KEY/);
  });

  it('says why when a store could not be read', () => {
    const s = parseWindowsSigning(documentWith({ certRoots: { error: 'Access is denied' }, certPersonal: [], software: [] }), catalogue);
    expect(s).toMatchObject({ sectorRoots: null, certificates: [], reason: expect.stringMatching(/trusted root certificates could not be read \(Access is denied\)/) });
  });
});
