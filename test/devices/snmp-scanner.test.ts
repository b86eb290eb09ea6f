/**
 * The SNMP scanner against real agents on loopback: Debian's snmpd (v2c and a v3 authPriv
 * SHA-256/AES user; the host's own IF-MIB and system group; printer supplies and a UPS served
 * with `override` lines) and snmpsim serving the recorded Cisco Catalyst 3750 walk it ships
 * (/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz, BSD-2-Clause), plus a small
 * walk this test writes for LLDP and Q-BRIDGE, which no shipped walk holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DevicesConfig } from '../../collector/devices/config.js';
import { scanSnmp, snmpTargetOf } from '../../collector/scanners/snmp.js';
import { supplyLevel } from '../../collector/scanners/snmp/mibs/printer-mib.js';
import type { SnmpAccess } from '../../schema/index.js';
import { SnmpAccess as SnmpAccessSchema } from '../../schema/index.js';
import { freeUdpPort, SNMPSIM_EXAMPLES, startSnmpd, startSnmpsim } from '../helpers/snmp-agents.js';
import type { RunningAgent } from '../helpers/snmp-agents.js';
import { gunzipFile, hex, snmprec } from '../helpers/snmprec.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const req = systemRequirement({ commands: ['/usr/sbin/snmpd', 'snmpget', 'snmpsimd'], install: 'apt-get install snmpd snmp snmpsim' });

// Reads get the default patience (the machine may be busy); the silent cases a short one.
const CONFIG = DevicesConfig.parse({});
const SILENT = DevicesConfig.parse({ snmp: { timeoutMs: 400, retries: 0 } });
const COMMUNITY = `c${Math.random().toString(36).slice(2, 10)}`;
const V3 = { user: 'readiness', auth: 'SHA-256' as const, authPass: 'auth-pass-0123', priv: 'AES' as const, privPass: 'priv-pass-0123' };

const SUPPLIES = '1.3.6.1.2.1.43.11.1.1';
const PRINTER_OVERRIDES: Array<[string, 'integer' | 'octet_str' | 'counter', string | number]> = [
  // Black toner 42 %, cyan "some remaining" (−3), magenta unknown (−2), yellow 5 % (low).
  ...(
    [
      [1, 'Black Toner Cartridge', 4200],
      [2, 'Cyan Toner Cartridge', -3],
      [3, 'Magenta Toner Cartridge', -2],
      [4, 'Yellow Toner Cartridge', 500],
    ] as const
  ).flatMap(([i, name, level]): Array<[string, 'integer' | 'octet_str', string | number]> => [
    [`${SUPPLIES}.3.1.${i}`, 'integer', i],
    [`${SUPPLIES}.5.1.${i}`, 'integer', 3],
    [`${SUPPLIES}.6.1.${i}`, 'octet_str', name],
    [`${SUPPLIES}.8.1.${i}`, 'integer', 10000],
    [`${SUPPLIES}.9.1.${i}`, 'integer', level],
  ]),
  ['1.3.6.1.2.1.43.12.1.1.4.1.1', 'octet_str', 'black'],
  ['1.3.6.1.2.1.43.12.1.1.4.1.4', 'octet_str', 'yellow'],
  ['1.3.6.1.2.1.43.10.2.1.4.1.1', 'counter', 123456],
  ['1.3.6.1.2.1.43.5.1.1.17.1', 'octet_str', 'VNB3R12345'],
  ['1.3.6.1.2.1.33.1.1.2.0', 'octet_str', 'Smart-UPS 1500'],
  ['1.3.6.1.2.1.33.1.2.1.0', 'integer', 2],
  ['1.3.6.1.2.1.33.1.2.3.0', 'integer', 47],
  ['1.3.6.1.2.1.33.1.2.4.0', 'integer', 96],
  ['1.3.6.1.2.1.33.1.4.1.0', 'integer', 3],
];

/** An access switch made up for this test: LLDP (an uplink to a core switch) and a Q-BRIDGE table. */
const LLDP_SWITCH = snmprec([
  ['1.3.6.1.2.1.1.1.0', '4', 'Access switch (walk written by the readiness tests)'],
  ['1.3.6.1.2.1.1.2.0', '6', '1.3.6.1.4.1.8072.3.2.10'],
  ['1.3.6.1.2.1.1.3.0', '67', 123400],
  ['1.3.6.1.2.1.1.5.0', '4', 'sw-phong-1'],
  ...[1, 2, 3].flatMap((i): Array<[string, '2' | '4' | '4x' | '66', string | number]> => [
    [`1.3.6.1.2.1.2.2.1.2.${i}`, '4', `GigabitEthernet0/${i}`],
    [`1.3.6.1.2.1.2.2.1.3.${i}`, '2', 6],
    [`1.3.6.1.2.1.2.2.1.5.${i}`, '66', 1_000_000_000],
    [`1.3.6.1.2.1.2.2.1.6.${i}`, '4x', `0011223344${i.toString(16).padStart(2, '0')}`],
    [`1.3.6.1.2.1.2.2.1.7.${i}`, '2', 1],
    [`1.3.6.1.2.1.2.2.1.8.${i}`, '2', i === 2 ? 2 : 1],
    [`1.3.6.1.2.1.31.1.1.1.1.${i}`, '4', `Gi0/${i}`],
    [`1.3.6.1.2.1.31.1.1.1.15.${i}`, '66', 1000],
    [`1.3.6.1.2.1.17.1.4.1.2.${i}`, '2', i],
  ]),
  // Q-BRIDGE: aa:bb:cc:00:00:01 learned on port 1 in VLAN 10; the switch's own MAC (status self) left out.
  ['1.3.6.1.2.1.17.7.1.2.2.1.2.10.170.187.204.0.0.1', '2', 1],
  ['1.3.6.1.2.1.17.7.1.2.2.1.3.10.170.187.204.0.0.1', '2', 3],
  ['1.3.6.1.2.1.17.7.1.2.2.1.2.10.0.17.34.51.68.1', '2', 1],
  ['1.3.6.1.2.1.17.7.1.2.2.1.3.10.0.17.34.51.68.1', '2', 4],
  // LLDP: on local port 3, the core switch (chassis MAC, port by name, bridge+router), at 192.0.2.2.
  ['1.0.8802.1.1.2.1.3.7.1.4.3', '4', 'Gi0/3'],
  ['1.0.8802.1.1.2.1.4.1.1.4.0.3.1', '2', 4],
  ['1.0.8802.1.1.2.1.4.1.1.5.0.3.1', '4x', '0016c7026e80'],
  ['1.0.8802.1.1.2.1.4.1.1.6.0.3.1', '2', 5],
  ['1.0.8802.1.1.2.1.4.1.1.7.0.3.1', '4', 'Gi1/0/24'],
  ['1.0.8802.1.1.2.1.4.1.1.9.0.3.1', '4', 'core-sw'],
  ['1.0.8802.1.1.2.1.4.1.1.10.0.3.1', '4x', hex('Core switch')],
  ['1.0.8802.1.1.2.1.4.1.1.12.0.3.1', '4x', '28'],
  ['1.0.8802.1.1.2.1.4.2.1.3.0.3.1.1.4.192.0.2.2', '2', 2],
]);

describe.skipIf(!req.ok)('SNMP scanner against snmpd and snmpsim on loopback', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let snmpd: RunningAgent;
  let snmpsim: RunningAgent;
  const secrets = new Map<string, string>();
  const scan = (port: number, access: Partial<SnmpAccess> & Pick<SnmpAccess, 'version'>, config = CONFIG) =>
    scanSnmp(snmpTargetOf('127.0.0.1', SnmpAccessSchema.parse({ port, ...access }), config, (n) => (n ? secrets.get(n) : undefined)));

  beforeAll(async () => {
    tmp = await makeTempDir('readiness-snmp-');
    secrets.set('office', COMMUNITY).set('wrong', `${COMMUNITY}x`).set('v3-auth', V3.authPass).set('v3-priv', V3.privPass).set('v3-wrong', 'not-the-password');
    secrets.set('cisco', 'cisco').set('access', 'access');
    // Each assigned as soon as it runs, so that afterAll stops it even if the other fails to start.
    await Promise.all([
      startSnmpd({ dir: join(tmp.path, 'snmpd'), community: COMMUNITY, v3: V3, sysName: 'printer-test', overrides: PRINTER_OVERRIDES }).then((a) => (snmpd = a)),
      startSnmpsim(join(tmp.path, 'sim'), { cisco: gunzipFile(`${SNMPSIM_EXAMPLES}/cisco_16_switch.snmprec.gz`), access: LLDP_SWITCH }).then((a) => (snmpsim = a)),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([snmpd?.stop(), snmpsim?.stop()]);
    await tmp?.remove();
  });

  it('reads the system group, the host IF-MIB, printer supplies and the UPS over v2c', async () => {
    const r = await scan(snmpd.port, { version: '2c', community: 'office' });
    expect(r.outcome).toBe('ok');
    expect(r.snmp?.system).toMatchObject({ name: 'printer-test', location: 'readiness test room' });
    expect(r.snmp?.system?.objectId).toMatch(/^1\.3\.6\.1\.4\.1\.8072\./);
    const lo = r.snmp?.interfaces?.find((i) => i.name === 'lo');
    expect(lo).toMatchObject({ type: 24, operStatus: 'up' });
    const supplies = r.snmp?.printer?.supplies ?? [];
    expect(supplies.map((s) => [s.description, s.colour, s.percent, s.state])).toEqual([
      ['Black Toner Cartridge', 'black', 42, 'ok'],
      ['Cyan Toner Cartridge', '', null, 'some_remaining'],
      ['Magenta Toner Cartridge', '', null, 'unknown'],
      ['Yellow Toner Cartridge', 'yellow', 5, 'low'],
    ]);
    expect(r.snmp?.printer).toMatchObject({ pageCount: 123456, serial: 'VNB3R12345' });
    expect(r.snmp?.ups).toMatchObject({ model: 'Smart-UPS 1500', batteryStatus: 'normal', minutesRemaining: 47, chargePct: 96, outputSource: 'normal' });
    expect(r.message).toContain('4 printer supplies');
  });

  it('reads the same over v3 authPriv with SHA-256 and AES', async () => {
    const r = await scan(snmpd.port, { version: '3', user: V3.user, auth: { protocol: 'sha256', secret: 'v3-auth' }, priv: { protocol: 'aes', secret: 'v3-priv' } });
    expect(r.outcome).toBe('ok');
    expect(r.snmp?.version).toBe('3');
    expect(r.snmp?.system?.name).toBe('printer-test');
  });

  it('says the v3 password is wrong, naming the secret', async () => {
    const r = await scan(snmpd.port, { version: '3', user: V3.user, auth: { protocol: 'sha256', secret: 'v3-wrong' }, priv: { protocol: 'aes', secret: 'v3-priv' } });
    expect(r.outcome).toBe('auth_failed');
    expect(r.message).toContain('refused the authentication password of SNMP v3 user "readiness" (usmStatsWrongDigests): fix the secret "v3-wrong"');
    expect(r.snmp).toBeUndefined();
  });

  it('says the v3 user is unknown', async () => {
    const r = await scan(snmpd.port, { version: '3', user: 'nobody-here', auth: { protocol: 'sha256', secret: 'v3-auth' } });
    expect(r.outcome).toBe('auth_failed');
    expect(r.message).toContain('does not know the SNMP v3 user "nobody-here"');
  });

  it('a wrong community is a result with a sentence naming it, not an exception', async () => {
    const r = await scan(snmpd.port, { version: '2c', community: 'wrong' }, SILENT);
    expect(r.outcome).toBe('unreachable');
    expect(r.answered).toBe(false);
    expect(r.message).toMatch(/^no SNMP answer from 127\.0\.0\.1:\d+ within 400 ms \(1 try\).*the community is wrong.*secret "wrong"/);
  });

  it('nothing listening is unreachable', async () => {
    const r = await scan(await freeUdpPort(), { version: '2c', community: 'office' }, SILENT);
    expect(r.outcome).toBe('unreachable');
  });

  it('reads the recorded Catalyst 3750: ports, ENTITY model and serial, CDP neighbour, forwarding table', async () => {
    const r = await scan(snmpsim.port, { version: '2c', community: 'cisco' });
    expect(r.outcome).toBe('ok');
    expect(r.snmp?.system?.name).toBe('Profiler3750');
    expect(r.snmp?.system?.descr).toMatch(/^Cisco IOS Software, C3750 Software/);
    expect(r.snmp?.interfaces).toHaveLength(59);
    expect(r.snmp?.interfaces?.find((i) => i.index === 11008)).toMatchObject({ name: 'Fa3/0/8', descr: 'FastEthernet3/0/8' });
    const chassis = r.snmp?.entities?.find((e) => e.class === 'chassis' && e.serial);
    expect(chassis).toMatchObject({ model: 'WS-C3750-48PS-S', serial: 'CAT0952N20R', softwareRev: '12.2(55)SE10' });
    expect(r.snmp?.neighbours).toEqual([
      expect.objectContaining({ protocol: 'cdp', localPort: 'Fa3/0/48', remoteName: 'C2960X.uac.local', remotePort: 'GigabitEthernet1/0/8', remoteAddress: '10.204.88.10', remoteChassis: 'cisco WS-C2960X-24PD-L' }),
    ]);
    expect(r.snmp?.fdb).toEqual([{ mac: '68:99:cd:a5:9f:88', port: 'Fa3/0/48', ifIndex: 11048, fdbId: null }]);
    expect(r.snmp?.printer).toBeNull();
    expect(r.snmp?.ups).toBeNull();
  });

  it('reads LLDP neighbours and the Q-BRIDGE table, learned entries only', async () => {
    const r = await scan(snmpsim.port, { version: '2c', community: 'access' });
    expect(r.outcome).toBe('ok');
    expect(r.snmp?.interfaces?.map((i) => [i.name, i.operStatus, i.speedMbps, i.mac])).toEqual([
      ['Gi0/1', 'up', 1000, '00:11:22:33:44:01'],
      ['Gi0/2', 'down', 1000, '00:11:22:33:44:02'],
      ['Gi0/3', 'up', 1000, '00:11:22:33:44:03'],
    ]);
    expect(r.snmp?.neighbours).toEqual([
      { protocol: 'lldp', localPort: 'Gi0/3', remoteName: 'core-sw', remotePort: 'Gi1/0/24', remoteAddress: '192.0.2.2', remoteChassis: '00:16:c7:02:6e:80', remoteDescr: 'Core switch', capabilities: ['bridge', 'router'] },
    ]);
    expect(r.snmp?.fdb).toEqual([{ mac: 'aa:bb:cc:00:00:01', port: 'Gi0/1', ifIndex: 1, fdbId: 10 }]);
  });
});

describe('printer supply levels (RFC 3805)', () => {
  it.each([
    [4200, 10000, 42, 'ok'],
    [1000, 10000, 10, 'low'],
    [0, 10000, 0, 'empty'],
    [-3, 10000, null, 'some_remaining'],
    [-2, 10000, null, 'unknown'],
    [-1, -1, null, 'unknown'],
    [50, -2, null, 'unknown'],
  ] as const)('level %i of %i reads %s %s', (level, max, percent, state) => {
    expect(supplyLevel(level, max)).toEqual({ percent, state });
  });
});
