/**
 * A national-scale fleet for the rules benchmark: the Supreme Procuracy, 34 city procuracies
 * (six rooms each) with seven regional procuracies each, and N hosts whose reports carry every
 * section. Most machines are ready; a seeded generator gives the rest the faults seen in the
 * field (lossy LAN, pirate KMS, no antivirus, remote-access tools, old hardware, stale agents).
 */
import { randomUUID } from 'node:crypto';
import { HostReport, OrgFile, SCHEMA_VERSION } from '../schema/index.js';
import type { HostReportInput, ProbeResult } from '../schema/index.js';

const ROOMS = ['phong-1', 'phong-2', 'phong-3', 'phong-7', 'phong-15', 'van-phong'];
export const CITIES = 34;
const REGIONAL_PER_CITY = 7;

/** Deterministic pseudo-random numbers (mulberry32), so runs compare like with like. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function syntheticOrg(hosts: number): OrgFile {
  const perCity = Math.ceil(hosts / CITIES);
  const perRoom = Math.ceil((perCity * 0.2) / ROOMS.length);
  const perRegional = Math.ceil((perCity * 0.8) / REGIONAL_PER_CITY);
  const units: unknown[] = [{ id: 'vkstc', name: 'VKSND tối cao', level: 'supreme' }];
  for (let c = 1; c <= CITIES; c++) {
    const net = `10.${c}.0`;
    units.push({
      id: `c${pad(c)}`,
      name: `VKSND tỉnh/thành phố ${c}`,
      level: 'city',
      parent: 'vkstc',
      targets: [
        { kind: 'icmp', scope: 'lan', role: 'gateway', target: `${net}.1` },
        { kind: 'tcp', scope: 'lan', role: 'lan_server', target: `${net}.10`, port: 445 },
        { kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '172.16.0.10', port: 443 },
        { kind: 'dns', scope: 'wan', role: 'wan_dns', target: 'qlahs.vks.example', server: '172.16.0.53' },
      ],
      // A few machines more than enrolled: the missing ones count against completion.
      rooms: ROOMS.map((id, i) => ({ id, name: id, expectedWorkstations: perRoom + 1, needs: i < 4 || id === 'van-phong' ? ['signing_token'] : [] })),
    });
    for (let r = 1; r <= REGIONAL_PER_CITY; r++) {
      units.push({
        id: `c${pad(c)}-kv${r}`,
        name: `VKSND khu vực ${r} - ${c}`,
        level: 'regional',
        parent: `c${pad(c)}`,
        expectedWorkstations: perRegional + 2,
        targets: [{ kind: 'icmp', scope: 'lan', role: 'gateway', target: `10.${c}.${r}.1` }],
      });
    }
  }
  return OrgFile.parse({ name: 'bench', units });
}

export interface SyntheticHost {
  agentId: string;
  unit: string;
  room: string | null;
  hostname: string;
  deviceKind: 'workstation' | 'laptop' | 'server';
  report: HostReport | null;
  /** Hours before `now` the collector last heard from it. */
  ageHours: number;
}

const probe = (role: string, scope: 'lan' | 'wan', target: string, at: string, lossPct = 0, medianMs = scope === 'lan' ? 0.6 : 18): ProbeResult => ({
  kind: role === 'wan_dns' ? 'dns' : role === 'gateway' ? 'icmp' : 'tcp',
  scope,
  role,
  target,
  startedAt: at,
  sent: 10,
  received: Math.round(10 - lossPct / 10),
  lossPct,
  rtt: lossPct === 100 ? null : { minMs: medianMs * 0.6, medianMs, p95Ms: medianMs * 1.8, maxMs: medianMs * 2.5 },
  jitterMs: lossPct === 100 ? null : medianMs * 0.1,
  error: lossPct === 100 ? 'timeout' : null,
  detail: {},
});

/** One report with every section; `fault` picks what is wrong with this machine, if anything. */
function report(agentId: string, hostname: string, at: string, city: number, fault: string, rnd: () => number): HostReport {
  const linux = fault === 'linux';
  const input: HostReportInput = {
    schemaVersion: SCHEMA_VERSION,
    reportId: randomUUID(),
    agentId,
    agentVersion: '0.1.0',
    collectedAt: at,
    os: linux
      ? { platform: 'linux', distro: 'Ubuntu', release: '22.04', kernel: '6.5.0', arch: 'x64', hostname }
      : { platform: 'windows', distro: 'Microsoft Windows 10 Pro', release: '10.0.19045', kernel: '10.0.19045', arch: 'x64', hostname, build: '19045' },
    hardware: {
      system: { manufacturer: 'Dell Inc.', model: 'OptiPlex 7090', serial: hostname, uuid: '', virtual: false },
      bios: { vendor: 'Dell Inc.', version: '1.2.3', releaseDate: fault === 'old' ? '2016-04-11' : `20${20 + Math.floor(rnd() * 5)}-0${1 + Math.floor(rnd() * 9)}-15` },
      cpu: { manufacturer: 'Intel', brand: 'Core i5-10500', cores: 12, physicalCores: 6, speedGHz: 3.1 },
      memory: { totalBytes: (fault === 'small' ? 4 : 8) * 1024 ** 3 },
      disks: [{ name: 'Samsung SSD 870', type: 'SSD', interface: 'SATA', vendor: 'Samsung', sizeBytes: 256e9 }],
      filesystems: [{ mount: 'C:', fs: 'C:', type: 'NTFS', sizeBytes: 255e9, usedBytes: Math.round(80e9 + rnd() * 1e11) }],
    },
    network: {
      interfaces: [{ name: 'Ethernet', mac: '00:11:22:33:44:55', ipv4: [`10.${city}.0.${10 + Math.floor(rnd() * 200)}`], ipv6: [], type: 'wired', operstate: 'up', speedMbps: 1000, virtual: false, internal: false, dhcp: true }],
      defaultGateway: `10.${city}.0.1`,
      defaultInterface: 'Ethernet',
    },
    peripherals: { printers: [{ name: 'Canon LBP 2900', model: 'LBP2900', status: 'idle', local: true, default: true }], usb: [] },
    software: { source: 'registry', programs: [] },
    ...(fault === 'no-licensing'
      ? {}
      : {
          licensing: {
            windows: linux
              ? null
              : {
                  product: 'Windows(R), Professional edition',
                  status: 'licensed',
                  statusCode: 1,
                  channel: fault === 'pirate' ? 'volume_kms' : 'oem',
                  kmsHost: fault === 'pirate' ? 'kms.pirate.example' : null,
                  source: 'SoftwareLicensingProduct',
                  licensedSoftware: fault !== 'pirate',
                  verdictReason: fault === 'pirate' ? 'KMS host kms.pirate.example is not on the allow-list' : 'activated with an OEM key',
                },
            office:
              fault === 'no-office'
                ? []
                : [{ product: 'Office 16 ProPlus', status: 'licensed', statusCode: 1, channel: 'volume_mak', source: 'SoftwareLicensingProduct', licensedSoftware: true, verdictReason: 'MAK activation' }],
          },
        }),
    antivirus: {
      products:
        fault === 'no-av'
          ? []
          : [
              { name: 'Bkav Pro', vendor: 'Bkav', enabled: true, realTime: true, upToDate: fault !== 'av-old', signatureAgeDays: fault === 'av-old' ? 40 : 0, source: 'SecurityCenter2' },
              { name: 'Windows Defender', vendor: 'Microsoft', enabled: false, realTime: false, upToDate: true, signatureAgeDays: null, passive: true, source: 'SecurityCenter2' },
            ],
    },
    security: {
      firewall: ['Domain', 'Private', 'Public'].map((profile) => ({ profile, enabled: !(fault === 'firewall' && profile === 'Public') })),
      diskEncryption: [{ volume: 'C:', encrypted: false }],
      lastUpdateInstalledAt: '2025-11-20',
      localAdmins: ['Administrator'],
      remoteAccessTools: fault === 'remote' ? [{ name: 'UltraViewer', installed: true, running: true, evidence: 'service UltraViewService' }] : [],
      signingTokens: fault === 'no-token' ? [] : [{ name: 'SafeNet eToken 5110', vendorId: '0529', productId: '0620' }],
      osSupport: { supported: true, endOfSupport: null, reason: 'in support' },
    },
    probes: {
      results: [
        probe('gateway', 'lan', `10.${city}.0.1`, at, fault === 'lossy' ? 30 : 0),
        probe('lan_server', 'lan', `10.${city}.0.10`, at),
        probe('wan_endpoint', 'wan', '172.16.0.10', at, 0, fault === 'slow-wan' ? 240 : 18),
        probe('wan_dns', 'wan', 'qlahs.vks.example', at),
      ],
    },
  };
  return HostReport.parse(input);
}

const FAULTS: Array<[string, number]> = [
  ['lossy', 0.03],
  ['slow-wan', 0.02],
  ['pirate', 0.03],
  ['no-office', 0.02],
  ['no-av', 0.02],
  ['av-old', 0.02],
  ['remote', 0.02],
  ['old', 0.03],
  ['small', 0.02],
  ['firewall', 0.02],
  ['no-token', 0.02],
  ['no-licensing', 0.01],
  ['linux', 0.02],
];

export function syntheticHosts(org: OrgFile, count: number, now: Date, seed = 42): SyntheticHost[] {
  const rnd = seeded(seed);
  const places: Array<[string, string | null, number]> = [];
  for (const u of org.units) {
    const city = Number(/^c(\d+)/.exec(u.id)?.[1] ?? 0);
    for (const r of u.rooms) for (let i = 0; i < r.expectedWorkstations - 1; i++) places.push([u.id, r.id, city]);
    for (let i = 0; i < u.expectedWorkstations - 2; i++) places.push([u.id, null, city]);
  }
  const hosts: SyntheticHost[] = [];
  for (let i = 0; i < count; i++) {
    const [unit, room, city] = places[i % places.length]!;
    const agentId = randomUUID();
    const hostname = `${unit.toUpperCase()}-PC${String(i).padStart(5, '0')}`;
    let pick = rnd();
    let fault = 'none';
    for (const [name, p] of FAULTS) {
      if (pick < p) {
        fault = name;
        break;
      }
      pick -= p;
    }
    const never = rnd() < 0.01;
    const ageHours = rnd() < 0.03 ? 120 : rnd() * 2;
    const at = new Date(now.getTime() - ageHours * 3_600_000).toISOString();
    hosts.push({ agentId, unit, room, hostname, deviceKind: rnd() < 0.1 ? 'laptop' : 'workstation', report: never ? null : report(agentId, hostname, at, city, fault, rnd), ageHours });
  }
  return hosts;
}
