/**
 * Devices through the whole collector: an org file listing a printer (snmpd with printer
 * supplies) and two switches (snmpsim: the recorded Catalyst and an access switch), credentials
 * in a 0600 secrets file, a scan on demand through the route and the CLI, the results stored
 * and kept across a restart, the devices in the evaluation with a workstation located on its
 * switch port, and start-up refusing a bad device entry, a readable secrets file or a missing
 * secret with the file, the device and the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CollectorConfig, parseCollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import type { RunningCollector } from '../../collector/server.js';
import { makeReport } from '../helpers/report-fixture.js';
import { runCli } from '../helpers/cli.js';
import { SNMPSIM_EXAMPLES, startSnmpd, startSnmpsim } from '../helpers/snmp-agents.js';
import type { RunningAgent } from '../helpers/snmp-agents.js';
import { gunzipFile, snmprec } from '../helpers/snmprec.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const req = systemRequirement({ commands: ['/usr/sbin/snmpd', 'snmpget', 'snmpsimd'], install: 'apt-get install snmpd snmp snmpsim' });

const TOKEN = 'devices-admin-token-0123456789';
const SECRET = 'devices-enroll-secret-0123456789';
const COMMUNITY = `p${Math.random().toString(36).slice(2, 10)}`;

/** An access switch that has learned the workstation's MAC on Gi0/5 (a walk written for this test). */
const ACCESS = snmprec([
  ['1.3.6.1.2.1.1.1.0', '4', 'Access switch (walk written by the readiness tests)'],
  ['1.3.6.1.2.1.1.2.0', '6', '1.3.6.1.4.1.8072.3.2.10'],
  ['1.3.6.1.2.1.1.5.0', '4', 'sw-phong-1'],
  ['1.3.6.1.2.1.2.2.1.2.5', '4', 'GigabitEthernet0/5'],
  ['1.3.6.1.2.1.2.2.1.3.5', '2', 6],
  ['1.3.6.1.2.1.31.1.1.1.1.5', '4', 'Gi0/5'],
  ['1.3.6.1.2.1.17.1.4.1.2.5', '2', 5],
  ['1.3.6.1.2.1.17.4.3.1.2.0.17.34.51.68.85', '2', 5],
  ['1.3.6.1.2.1.17.4.3.1.3.0.17.34.51.68.85', '2', 3],
]);

const orgText = (snmpdPort: number, simPort: number) => `
name: VKSND thành phố Hải Phòng (test)
units:
  - id: hp
    name: VKSND thành phố Hải Phòng
    level: city
    devices:
      - { id: hp-sw-core, name: Switch lõi, kind: switch, address: 127.0.0.1, purchaseYear: 2015, snmp: { version: 2c, port: ${simPort}, community: cisco } }
    rooms:
      - id: phong-1
        name: Phòng 1
        expectedWorkstations: 1
        expectedPrinters: 1
        devices:
          - { id: hp-p1-printer, name: Máy in Phòng 1, kind: printer, address: 127.0.0.1, purchaseYear: 2024, snmp: { version: 2c, port: ${snmpdPort}, community: printer } }
          - { id: hp-p1-switch, kind: switch, address: 127.0.0.1, purchaseYear: 2023, snmp: { version: 2c, port: ${simPort}, community: access } }
`;

describe.skipIf(!req.ok)('devices through the collector', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let snmpd: RunningAgent;
  let snmpsim: RunningAgent;
  let collector: RunningCollector;
  let configFile: string;
  const get = async (path: string) => (await fetch(`${collector.url}/api/v1${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<any>;

  beforeAll(async () => {
    tmp = await makeTempDir('readiness-devices-');
    // Each assigned as soon as it runs, so that afterAll stops it even if the other fails to start.
    await Promise.all([
      startSnmpd({
        dir: join(tmp.path, 'snmpd'),
        community: COMMUNITY,
        sysName: 'printer-phong-1',
        overrides: [
          ['1.3.6.1.2.1.43.11.1.1.5.1.1', 'integer', 3],
          ['1.3.6.1.2.1.43.11.1.1.6.1.1', 'octet_str', 'Black Toner'],
          ['1.3.6.1.2.1.43.11.1.1.8.1.1', 'integer', 100],
          ['1.3.6.1.2.1.43.11.1.1.9.1.1', 'integer', 63],
        ],
      }).then((a) => (snmpd = a)),
      startSnmpsim(join(tmp.path, 'sim'), { cisco: gunzipFile(`${SNMPSIM_EXAMPLES}/cisco_16_switch.snmprec.gz`), access: ACCESS }).then((a) => (snmpsim = a)),
    ]);
    await writeFile(join(tmp.path, 'org.yaml'), orgText(snmpd.port, snmpsim.port));
    await writeFile(join(tmp.path, 'secrets.yaml'), `printer: ${COMMUNITY}\ncisco: cisco\naccess: access\n`, { mode: 0o600 });
    configFile = join(tmp.path, 'collector.yaml');
    await writeFile(
      configFile,
      `port: 0\ndataDir: ${join(tmp.path, 'data')}\nadminToken: ${TOKEN}\nenrollSecret: ${SECRET}\norg: org.yaml\ndevices:\n  secretsFile: secrets.yaml\n  scanIntervalMinutes: 0\n  snmp: { timeoutMs: 1000, retries: 1 }\n`,
    );
    collector = await startCollector(parseCollectorConfig(await readFile(configFile, 'utf8'), configFile), { log: () => {} });
  }, 120_000);

  afterAll(async () => {
    await collector?.close();
    await Promise.all([snmpd?.stop(), snmpsim?.stop()]);
    await tmp?.remove();
  });

  it('lists the devices before any scan, saying so', async () => {
    const { devices } = await get('/devices');
    expect(devices.map((d: { id: string; message: string }) => [d.id, d.message])).toEqual([
      ['hp-sw-core', 'not scanned yet'],
      ['hp-p1-printer', 'not scanned yet'],
      ['hp-p1-switch', 'not scanned yet'],
    ]);
  });

  it('scans on demand through the CLI, one unit', async () => {
    const r = await runCli(['devices', 'scan', '--collector', collector.url, '--unit', 'hp', '--json'], { READINESS_ADMIN_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const scanned = JSON.parse(r.stdout) as Array<{ deviceId: string; outcome: string; reachable: boolean }>;
    expect(scanned.map((s) => [s.deviceId, s.outcome, s.reachable])).toEqual([
      ['hp-sw-core', 'ok', true],
      ['hp-p1-printer', 'ok', true],
      ['hp-p1-switch', 'ok', true],
    ]);
  }, 60_000);

  it('keeps what the scan read, with the printer supplies', async () => {
    const { device } = await get('/devices/hp-p1-printer');
    expect(device).toMatchObject({ kind: 'printer', unit: 'hp', room: 'phong-1', outcome: 'ok', supplies: ['Black Toner: 63%'] });
    expect(device.latest.snmp.system.name).toBe('printer-phong-1');
    expect(device.history).toHaveLength(1);
    const core = await get('/devices/hp-sw-core');
    expect(core.device).toMatchObject({ model: 'WS-C3750-48PS-S', serial: 'CAT0952N20R', firmware: '12.2(55)SE10' });
    const missing = await fetch(`${collector.url}/api/v1/devices/nope`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(missing.status).toBe(404);
  });

  it('evaluates the devices and places the workstation on its switch port', async () => {
    const enroll = await fetch(`${collector.url}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: SECRET, unit: 'hp', room: 'phong-1', hostname: 'P1-PC01' }),
    });
    const { agentId, agentKey } = (await enroll.json()) as { agentId: string; agentKey: string };
    const sent = await fetch(`${collector.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentKey}` },
      body: JSON.stringify(makeReport(agentId)),
    });
    expect(sent.status).toBe(201);
    const evaluation = await get('/readiness');
    const host = evaluation.hosts.find((h: { agentId: string }) => h.agentId === agentId);
    expect(host.switchPort).toMatchObject({ deviceId: 'hp-p1-switch', port: 'Gi0/5', mac: '00:11:22:33:44:55' });
    const core = evaluation.devices.find((d: { deviceId: string }) => d.deviceId === 'hp-sw-core');
    expect(core.results.find((r: { ruleId: string }) => r.ruleId === 'device-depreciation').status).toBe('fail');
    const room = evaluation.units[0].rooms[0];
    expect(room.rules.find((p: { ruleId: string }) => p.ruleId === 'lan-devices')).toMatchObject({ expected: 2, passing: 2, status: 'done' });
    const doc = await fetch(`${collector.url}/api/v1/readiness/hosts.json?lang=en`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const parts = ((await doc.json()) as { parts: Array<{ id: string; rows: Array<Record<string, unknown>> }> }).parts;
    expect(parts.find((p) => p.id === 'devices')!.rows.map((r) => r.name)).toEqual(['Switch lõi', 'Máy in Phòng 1', 'hp-p1-switch']);
    expect(parts.find((p) => p.id === 'switch-ports')!.rows).toEqual([expect.objectContaining({ hostname: 'VP-PC01', device: 'hp-p1-switch', port: 'Gi0/5' })]);
  });

  it('keeps the scans across a restart', async () => {
    await collector.close();
    collector = await startCollector(parseCollectorConfig(await readFile(configFile, 'utf8'), configFile), { log: () => {} });
    const { devices } = await get('/devices');
    expect(devices.every((d: { outcome: string }) => d.outcome === 'ok')).toBe(true);
  });
});

describe('start-up refuses bad device entries and secrets, naming the file, the device and the field', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    tmp = await makeTempDir('readiness-devices-config-');
  });
  afterAll(async () => tmp?.remove());

  const start = async (org: string, secrets: string | null, mode = 0o600) => {
    await writeFile(join(tmp.path, 'org.yaml'), org);
    if (secrets !== null) {
      await writeFile(join(tmp.path, 'secrets.yaml'), secrets);
      await chmod(join(tmp.path, 'secrets.yaml'), mode);
    }
    const config: CollectorConfig = CollectorConfig.parse({ port: 0, dataDir: join(tmp.path, 'data'), org: join(tmp.path, 'org.yaml'), devices: { ...(secrets !== null ? { secretsFile: join(tmp.path, 'secrets.yaml') } : {}), scanIntervalMinutes: 0 } });
    const running = await startCollector(config, { log: () => {} });
    await running.close();
  };
  const org = (device: string) => `name: t\nunits:\n  - id: hp\n    name: hp\n    level: city\n    rooms:\n      - id: phong-1\n        name: Phòng 1\n        expectedWorkstations: 1\n        devices:\n          - ${device}\n`;

  it.each([
    ['a v2c entry without its community', '{ id: hp-sw-1, kind: switch, address: 192.0.2.2, snmp: { version: 2c } }', 'device "hp-sw-1" field "snmp.community" is missing: SNMP v2c needs the name of the secret holding the community'],
    ['an unknown kind', '{ id: hp-sw-1, kind: hub, address: 192.0.2.2 }', 'device "hp-sw-1" field "kind"'],
    ['SSH on a printer', '{ id: hp-pr-1, kind: printer, address: 192.0.2.3, ssh: { user: audit, key: k } }', 'device "hp-pr-1" field "ssh" an SSH audit runs the Linux collectors'],
    ['a bad address', '{ id: hp-sw-1, kind: switch, address: "192.0.2.2 ; rm", snmp: { version: 2c, community: c } }', 'device "hp-sw-1" field "address"'],
  ])('%s', async (_name, device, sentence) => {
    await expect(start(org(device), '')).rejects.toThrow(sentence);
    await expect(start(org(device), '')).rejects.toThrow(`${join(tmp.path, 'org.yaml')} is not a valid org file`);
  });

  it('a secret the org file names but the secrets file lacks', async () => {
    await expect(start(org('{ id: hp-sw-1, kind: switch, address: 192.0.2.2, snmp: { version: 2c, community: office } }'), 'other: x\n')).rejects.toThrow(
      `${join(tmp.path, 'org.yaml')}: device "hp-sw-1" field "snmp.community" names the secret "office", which ${join(tmp.path, 'secrets.yaml')} does not hold`,
    );
  });

  it('a secrets file others can read', async () => {
    await expect(start(org('{ id: hp-sw-1, kind: switch, address: 192.0.2.2, snmp: { version: 2c, community: office } }'), 'office: x\n', 0o644)).rejects.toThrow(
      `can be read by other users (mode 644); run \`chmod 600 ${join(tmp.path, 'secrets.yaml')}\``,
    );
  });

  it('credentials named but no secrets file configured', async () => {
    await expect(start(org('{ id: hp-sw-1, kind: switch, address: 192.0.2.2, snmp: { version: 2c, community: office } }'), null)).rejects.toThrow('but the collector config gives no devices.secretsFile');
  });
});
