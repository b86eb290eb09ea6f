/**
 * Linux connectivity from iproute2's JSON (recorded here in a test namespace), sysfs, nmcli and
 * iw outputs (sources: test/fixtures/wan/linux/SOURCE.md), and the sector root CA in a CA bundle.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../agent/catalogue/catalogue.js';
import type { RawOutput } from '../../agent/exec/recorded.js';
import { CONNECTIVITY_KEYS, gatherConnectivityOutputs } from '../../agent/linux/connectivity-steps.js';
import type { CommandSpec } from '../../agent/exec/run-command.js';
import { parseIwDev, parseLinuxConnectivity, parseNmcliDevices } from '../../agent/linux/connectivity.js';
import { parseLinuxSigning } from '../../agent/linux/signing.js';
import { SIGNING_KEYS } from '../../agent/linux/signing-steps.js';
import { LINUX_KEYS } from '../../agent/linux/steps.js';
import { parseSerializedCertificate, serializeCertificate } from '../../agent/signing/serialized-cert.js';
import { ConnectivitySection } from '../../schema/index.js';

const DIR = new URL('../fixtures/wan/', import.meta.url).pathname;
const catalogue = loadCatalogue();
const read = (f: string) => readFile(`${DIR}${f}`, 'utf8');

const output = (key: string, stdout: string, extra: Partial<RawOutput> = {}): [string, RawOutput] => [
  key,
  { key, command: key, kind: 'command', absent: false, exitCode: 0, timedOut: false, durationMs: 1, stderr: '', stdout, ...extra },
];

async function recorded(extra: Array<[string, RawOutput]> = []) {
  return new Map([
    output(CONNECTIVITY_KEYS.ipAddr, await read('linux/ip-addr.json')),
    output(CONNECTIVITY_KEYS.ipRoute4, await read('linux/ip-route4.json')),
    output(CONNECTIVITY_KEYS.ipRoute6, await read('linux/ip-route6.json')),
    output(CONNECTIVITY_KEYS.netDevices, await read('linux/net-devices.txt')),
    output(CONNECTIVITY_KEYS.nmcli, '', { absent: true, exitCode: null }),
    output(CONNECTIVITY_KEYS.iw, '', { absent: true, exitCode: null }),
    ...extra,
  ]);
}

describe('Linux adapters and default routes', () => {
  it('reads a workstation with a second default route into another network (recorded in a namespace)', async () => {
    const c = ConnectivitySection.parse(parseLinuxConnectivity(await recorded(), catalogue));
    expect(c.adapters.map((a) => [a.name, a.kind, a.up, a.addresses, a.defaultRoute])).toEqual([
      ['lo', 'loopback', true, [], false],
      ['eth0', 'virtual', true, ['10.77.1.2/24'], true],
      ['eth1', 'virtual', true, ['198.51.100.20/24'], true],
    ]);
    expect(c.defaultRoutes).toEqual([
      { family: 'ipv4', gateway: '198.51.100.1', interface: 'eth1', metric: 50, network: '198.51.100.0/24' },
      { family: 'ipv4', gateway: '10.77.1.1', interface: 'eth0', metric: 100, network: '10.77.1.0/24' },
    ]);
    expect(c.wifi).toEqual([]);
  });

  it('tells tethering, a modem, Wi-Fi and Ethernet apart from drivers, device types and USB ids', () => {
    const link = (ifname: string, addr: string, operstate = 'UP', link_type = 'ether') => ({ ifname, operstate, link_type, flags: ['UP', 'LOWER_UP'], addr_info: addr ? [{ family: 'inet', local: addr.split('/')[0], prefixlen: Number(addr.split('/')[1]) }] : [] });
    const outputs = new Map([
      output(CONNECTIVITY_KEYS.ipAddr, JSON.stringify([link('enp1s0', '192.0.2.60/24'), link('usb0', '192.168.42.57/24'), link('wwan0', '100.64.21.213/30', 'UNKNOWN', 'none'), link('wlp0s20f3', '', 'DOWN'), link('bnep0', '', 'DOWN'), link('enx00e04c680001', '', 'DOWN')])),
      output(CONNECTIVITY_KEYS.ipRoute4, JSON.stringify([{ dst: 'default', gateway: '192.0.2.1', dev: 'enp1s0', metric: 100 }, { dst: 'default', dev: 'wwan0', metric: 700 }])),
      output(CONNECTIVITY_KEYS.ipRoute6, '[]'),
      output(
        CONNECTIVITY_KEYS.netDevices,
        ['enp1s0\t\tr8169\t\t0\t0', 'usb0\t\trndis_host\t18d1:4ee3\t0\t0', 'wwan0\twwan\tqmi_wwan\t2c7c:0125\t0\t0', 'wlp0s20f3\twlan\tiwlwifi\t\t0\t1', 'bnep0\tbluetooth\t\t\t1\t0', 'enx00e04c680001\t\trndis_host\t12d1:14dc\t0\t0'].join('\n'),
      ),
      output(CONNECTIVITY_KEYS.nmcli, '', { absent: true, exitCode: null }),
      output(LINUX_KEYS.usb, '12d1:14dc\tHUAWEI\tHUAWEI_MOBILE\n18d1:4ee3\tGoogle\tPixel 6\n0529:0620\tSafeNet\tToken JC\n'),
    ]);
    const c = ConnectivitySection.parse(parseLinuxConnectivity(outputs, catalogue));
    expect(c.adapters.map((a) => [a.name, a.kind, a.up])).toEqual([
      ['enp1s0', 'ethernet', true],
      ['usb0', 'tethering', true],
      ['wwan0', 'cellular', true],
      ['wlp0s20f3', 'wifi', false],
      ['bnep0', 'bluetooth', false],
      ['enx00e04c680001', 'cellular', false],
    ]);
    // A route straight onto the modem's point-to-point link has no gateway: its own network.
    expect(c.defaultRoutes?.map((r) => r.network)).toEqual(['192.0.2.0/24', 'link wwan0']);
    expect(c.wifi).toEqual([expect.objectContaining({ interface: 'wlp0s20f3', connected: false, source: expect.stringMatching(/link state/) })]);
    expect(c.usbModems).toEqual([{ name: expect.stringMatching(/^Huawei/), vendorId: '12d1', productId: '14dc' }]);
  });

  it('takes the Wi-Fi network from nmcli, else from iw', async () => {
    expect(parseNmcliDevices(await read('linux/nmcli-devices.txt'))).toEqual([
      { device: 'wlp0s20f3', type: 'wifi', state: 'connected', connection: 'SJTU' },
      { device: 'enp1s0', type: 'ethernet', state: 'connected', connection: 'Wired connection 1' },
      { device: 'cdc-wdm0', type: 'gsm', state: 'connected', connection: 'Viettel: 4G' },
      { device: 'p2p-dev-wlp0s20f3', type: 'wifi-p2p', state: 'disconnected', connection: '' },
      { device: 'lo', type: 'loopback', state: 'connected (externally)', connection: 'lo' },
    ]);
    expect([...parseIwDev(await read('linux/iw-dev.txt'))]).toEqual([['wlp0s20f3', { ssid: 'SJTU' }]]);
    const wlan = (tool: 'nmcli' | 'iw') =>
      new Map([
        output(CONNECTIVITY_KEYS.ipAddr, JSON.stringify([{ ifname: 'wlp0s20f3', operstate: 'UP', link_type: 'ether', flags: ['UP'], addr_info: [{ family: 'inet', local: '10.181.226.126', prefixlen: 15 }] }])),
        output(CONNECTIVITY_KEYS.ipRoute4, JSON.stringify([{ dst: 'default', gateway: '10.180.0.1', dev: 'wlp0s20f3', metric: 600 }])),
        output(CONNECTIVITY_KEYS.netDevices, 'wlp0s20f3\twlan\tiwlwifi\t\t0\t1\n'),
        tool === 'nmcli' ? output(CONNECTIVITY_KEYS.nmcli, 'wlp0s20f3:wifi:connected:SJTU\n') : output(CONNECTIVITY_KEYS.iw, 'phy#0\n\tInterface wlp0s20f3\n\t\tssid SJTU\n'),
      ]);
    for (const tool of ['nmcli', 'iw'] as const) {
      const c = parseLinuxConnectivity(wlan(tool), catalogue);
      expect(c.wifi).toEqual([expect.objectContaining({ interface: 'wlp0s20f3', ssid: 'SJTU', connected: true })]);
      expect(c.defaultRoutes).toEqual([expect.objectContaining({ network: '10.180.0.0/15' })]);
    }
  });

  it('is unknown without iproute2, with the reason', () => {
    expect(() => parseLinuxConnectivity(new Map([output(CONNECTIVITY_KEYS.ipAddr, '', { absent: true, exitCode: null })]), catalogue)).toThrow(/`ip` \(iproute2\) is not installed/);
  });
});

describe('signing on Linux and the registry form of a certificate', () => {
  it('finds a sector root in a CA bundle by name, and leaves token certificates unread with the reason', async () => {
    const standIn = await read('windows-wan-paths-signing/certs/issuing-ca-stand-in.pem');
    const bundle = (pem: string) => new Map([output(SIGNING_KEYS.caBundle, pem, { command: 'read /etc/ssl/certs/ca-certificates.crt', kind: 'file' })]);
    // The stand-in is an issuing CA, not a root: found as a sector CA, not as the root.
    expect(parseLinuxSigning(bundle(standIn), catalogue)).toMatchObject({ sectorRoots: [], certificates: null, reason: expect.stringMatching(/not read on Linux/) });
    const renamed = { ...catalogue, signing: { ...catalogue.signing, rootCAs: [{ ...catalogue.signing.rootCAs[0]!, subjectAliases: ['ca phuc vu cac co quan nha nuoc g2'] }] } };
    expect(parseLinuxSigning(bundle(standIn), renamed).sectorRoots).toEqual([expect.objectContaining({ subject: 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN', store: '/etc/ssl/certs/ca-certificates.crt' })]);
    expect(parseLinuxSigning(new Map(), catalogue)).toMatchObject({ sectorRoots: null, reason: expect.stringMatching(/no trusted CA bundle/) });
  });

  it('reads a serialized certificate blob back, and survives a truncated one', () => {
    const der = Buffer.from('3003020101', 'hex');
    const blob = serializeCertificate(der, 'bit4id xPKI CSP');
    expect(parseSerializedCertificate(blob)).toEqual({ der, provider: 'bit4id xPKI CSP' });
    expect(parseSerializedCertificate(serializeCertificate(der))).toEqual({ der, provider: '' });
    expect(parseSerializedCertificate(blob.subarray(0, blob.length - 2))).toEqual({ der: null, provider: 'bit4id xPKI CSP' });
    expect(parseSerializedCertificate(Buffer.alloc(5))).toEqual({ der: null, provider: '' });
  });
});

describe('reading the netlink dumps', () => {
  it('reads an interrupted dump once more, and leaves a missing `ip` or a timeout alone', async () => {
    const calls: string[] = [];
    const reply = (spec: CommandSpec, over: Partial<RawOutput>): RawOutput => ({ key: spec.key, command: `${spec.file} ${spec.args.join(' ')}`, kind: 'command', absent: false, exitCode: 0, timedOut: false, durationMs: 1, stderr: '', stdout: '[]', ...over });
    const host = {
      run: async (spec: CommandSpec): Promise<RawOutput> => {
        calls.push(spec.key);
        const n = calls.filter((k) => k === spec.key).length;
        if (spec.key === CONNECTIVITY_KEYS.ipRoute4 && n === 1) return reply(spec, { exitCode: 1, stdout: '', stderr: 'Dump was interrupted and may be inconsistent.\n' });
        if (spec.key === CONNECTIVITY_KEYS.ipRoute6) return reply(spec, { exitCode: null, timedOut: true, stdout: '' });
        if (spec.key === CONNECTIVITY_KEYS.nmcli) return reply(spec, { absent: true, exitCode: 127, stdout: '' });
        return reply(spec, {});
      },
      netDevices: async (): Promise<RawOutput> => ({ key: CONNECTIVITY_KEYS.netDevices, command: 'sysfs', kind: 'file', absent: false, exitCode: 0, timedOut: false, durationMs: 1, stderr: '', stdout: '' }),
    };
    const outputs = new Map((await gatherConnectivityOutputs(host)).map((o) => [o.key, o]));
    expect(outputs.get(CONNECTIVITY_KEYS.ipRoute4)).toMatchObject({ exitCode: 0, stdout: '[]' });
    expect(calls.filter((k) => k === CONNECTIVITY_KEYS.ipRoute4)).toHaveLength(2);
    expect(calls.filter((k) => k === CONNECTIVITY_KEYS.ipRoute6)).toHaveLength(1);
    expect(calls.filter((k) => k === CONNECTIVITY_KEYS.nmcli)).toHaveLength(1);
  });
});
