/**
 * The Hải Phòng example org (examples/org.haiphong.yaml: 4 units, about 100 expected machines)
 * with eight agents reporting over three weeks, run through the real readiness service: an
 * in-memory store, the default rule pack, and a daily history on disk recorded each day the
 * way a running collector records it. What Văn phòng would print on 01/12/2026.
 *
 * The machines, each with something a reader must see right:
 * - PC-VP-01 (Văn phòng): ready from the first day.
 * - PC-VP-02 (Văn phòng): UltraViewer running and AnyDesk installed since 25/11 (a regression).
 * - PC-P1-01 (Phòng 1): its LAN server refuses TCP 445; Office activated on 28/11 (newly passing).
 * - PC-P2-01 (Phòng 2): stopped reporting on 26/11 (out of contact).
 * - PC-P15-01 (Phòng 15): Windows activated by a KMS host not on the allow-list; no Office.
 * - PC-KV1-01 (khu vực 1): Windows 10 past its end of support, the Public firewall profile off.
 * - PC-KV1-02 (khu vực 1): joined on 29/11 with an old agent: no probes, antivirus timed out.
 * - PC-KV2-01 (khu vực 2): 20% loss to the WAN endpoint, 4 GiB of memory.
 * VKSND khu vực 3 has no machine reporting at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrgFile } from '../../collector/org-file.js';
import { HistoryStore } from '../../collector/history-store.js';
import { Readiness } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { AGENT_VERSION } from '../../agent/version.js';
import { addDays } from '../../rules/deadline.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import type { HostReport, HostReportInput, OrgFile, ProbeResult } from '../../schema/index.js';
import { probe, READY_LICENSING, READY_SECTIONS, readyReport } from './ready-report.js';

export const EXAMPLE_ORG_FILE = join(process.cwd(), 'examples', 'org.haiphong.yaml');
export const FIRST_DAY = '2026-11-10';
export const AS_OF = '2026-12-01';
/** 11:00 in Hải Phòng on the as-of day. */
export const PRINTED_AT = new Date(`${AS_OF}T04:00:00.000Z`);

interface Machine {
  agentId: string;
  hostname: string;
  unit: string;
  room: string | null;
  /** Days after FIRST_DAY it first reports, and (if it stops) the last day it does. */
  joins: number;
  stops?: number;
  ip: string;
  user: string;
  /** Sections for day `d` (days after FIRST_DAY), replacing the ready ones. */
  sections?: (d: number) => Partial<HostReportInput>;
}

/** Agent ids are UUIDs; these are fixed so every run builds the same fleet. */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const REFUSED = 'no answer to any of 10 attempts: connection refused by 192.0.2.10:445: the host answered but nothing listens on that port';

/** The probes an agent of `unit` runs: its own LAN targets, the city's WAN ones. */
function probesFor(unit: string, room: string | null, change: (r: ProbeResult) => ProbeResult = (r) => r): HostReportInput['probes'] {
  const gateway = { hp: '192.0.2.1', 'hp-kv1': '192.0.2.65', 'hp-kv2': '192.0.2.129', 'hp-kv3': '192.0.2.193' }[unit]!;
  const results: ProbeResult[] = [
    probe('gateway', 'lan', { target: gateway }),
    ...(unit === 'hp' ? [probe('lan_server', 'lan', { target: '192.0.2.10', detail: { port: 445 } })] : []),
    ...(unit === 'hp' && room === 'van-phong' ? [probe('lan_server', 'lan', { kind: 'icmp', target: '192.0.2.2' })] : []),
    probe('wan_endpoint', 'wan', { detail: { port: 443 } }),
    probe('wan_dns', 'wan', { detail: { server: '198.51.100.53' } }),
  ];
  return { results: results.map(change) };
}

const MACHINES: Machine[] = [
  { agentId: uuid(1), hostname: 'PC-VP-01', unit: 'hp', room: 'van-phong', joins: 0, ip: '192.0.2.21', user: 'nv.an' },
  {
    agentId: uuid(2),
    hostname: 'PC-VP-02',
    unit: 'hp',
    room: 'van-phong',
    joins: 0,
    ip: '192.0.2.22',
    user: 'tt.binh',
    sections: (d) =>
      d >= 15
        ? {
            security: {
              ...READY_SECTIONS.security,
              remoteAccessTools: [
                { name: 'UltraViewer', installed: true, running: true, evidence: 'service UltraViewService' },
                { name: 'AnyDesk', installed: true, running: false, evidence: 'uninstall entry' },
              ],
            },
          }
        : {},
  },
  {
    agentId: uuid(3),
    hostname: 'PC-P1-01',
    unit: 'hp',
    room: 'phong-1',
    joins: 2,
    ip: '192.0.2.31',
    user: 'lh.cuong',
    sections: (d) => ({
      probes: probesFor('hp', 'phong-1', (r) => (r.role === 'lan_server' ? { ...r, received: 0, lossPct: 100, rtt: null, jitterMs: null, error: REFUSED } : r)),
      ...(d < 18
        ? {
            licensing: {
              ...READY_SECTIONS.licensing,
              office: [{ ...READY_SECTIONS.licensing.office[0]!, status: 'notification', statusCode: 5, licensedSoftware: false, verdictReason: 'not activated' }],
            },
          }
        : {}),
    }),
  },
  { agentId: uuid(4), hostname: 'PC-P2-01', unit: 'hp', room: 'phong-2', joins: 3, stops: 16, ip: '192.0.2.41', user: 'pt.dung' },
  {
    agentId: uuid(5),
    hostname: 'PC-P15-01',
    unit: 'hp',
    room: 'phong-15',
    joins: 5,
    ip: '192.0.2.51',
    user: 'vt.em',
    sections: () => ({
      licensing: {
        windows: {
          ...READY_SECTIONS.licensing.windows,
          channel: 'volume_kms',
          kmsHost: 'kms.pirate.example',
          licensedSoftware: false,
          verdictReason: 'activated by KMS host kms.pirate.example, which is not on the allow-list',
        },
        office: [],
      },
    }),
  },
  {
    agentId: uuid(6),
    hostname: 'PC-KV1-01',
    unit: 'hp-kv1',
    room: null,
    joins: 0,
    ip: '192.0.2.70',
    user: 'nt.giang',
    sections: () => ({
      security: {
        ...READY_SECTIONS.security,
        firewall: [
          { profile: 'Domain', enabled: true },
          { profile: 'Private', enabled: true },
          { profile: 'Public', enabled: false },
        ],
        osSupport: { supported: false, endOfSupport: '2025-10-14', reason: 'Windows 10 22H2 reached its end of support on 2025-10-14' },
      },
    }),
  },
  {
    agentId: uuid(7),
    hostname: 'PC-KV1-02',
    unit: 'hp-kv1',
    room: null,
    joins: 19,
    ip: '192.0.2.71',
    user: 'hm.hoa',
    sections: () => ({ probes: undefined, antivirus: undefined, errors: [{ section: 'antivirus', message: 'SecurityCenter2 did not answer within 20 s', code: 'timeout' }] }),
  },
  {
    agentId: uuid(8),
    hostname: 'PC-KV2-01',
    unit: 'hp-kv2',
    room: null,
    joins: 1,
    ip: '192.0.2.130',
    user: 'dq.khanh',
    sections: () => ({
      probes: probesFor('hp-kv2', null, (r) => (r.role === 'wan_endpoint' ? { ...r, received: 8, lossPct: 20 } : r)),
    }),
  },
];

function reportOf(m: Machine, d: number, at: string): HostReport {
  const extra = m.sections?.(d) ?? {};
  const base = readyReport(m.agentId, at, { probes: probesFor(m.unit, m.room), ...extra });
  const mac = `00:1A:2B:00:00:${m.ip.split('.').pop()!.padStart(2, '0').slice(-2)}`;
  return {
    ...base,
    os: { ...base.os!, hostname: m.hostname, user: m.user },
    hardware: {
      ...base.hardware!,
      system: { ...base.hardware!.system, serial: `SN-${m.hostname}` },
      // Bought in 2023, within the five-year depreciation age; the regional one is older.
      bios: { ...base.hardware!.bios, releaseDate: m.hostname === 'PC-KV1-01' ? '2019-06-01' : '2023-03-15' },
      ...(m.hostname === 'PC-KV2-01' ? { memory: { totalBytes: 4 * 1024 ** 3 } } : {}),
    },
    network: { ...base.network!, interfaces: [{ ...base.network!.interfaces[0]!, ipv4: [m.ip], mac }], defaultGateway: null },
  };
}

export interface ExampleFleet {
  readiness: Readiness;
  org: OrgFile;
  /** Moves the service's clock (the fleet is built up to AS_OF). */
  setNow(at: Date): void;
}

/**
 * Builds the fleet day by day from FIRST_DAY to AS_OF into `historyDir` (a test's temp dir),
 * recording the history each day. Deterministic.
 */
export async function exampleFleet(historyDir: string): Promise<ExampleFleet> {
  const org = parseOrgFile(readFileSync(EXAMPLE_ORG_FILE, 'utf8'), EXAMPLE_ORG_FILE);
  const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  const store = new MemoryStore();
  let now = new Date(`${FIRST_DAY}T03:00:00.000Z`);
  // The collector's KMS allow-list holds the sector's KMS host, as a deployed one would,
  // and expects the agent version its agents run, as a collector of the same release does.
  const readiness = new Readiness({ store, org, rules, licensing: READY_LICENSING, expectedAgentVersion: AGENT_VERSION, history: new HistoryStore(historyDir), now: () => now });
  const days = Math.round((Date.parse(AS_OF) - Date.parse(FIRST_DAY)) / 86_400_000);
  for (let d = 0; d <= days; d++) {
    const day = addDays(FIRST_DAY, d);
    for (const m of MACHINES) {
      if (d < m.joins || (m.stops !== undefined && d > m.stops)) continue;
      if (d === m.joins) {
        await store.createAgent({ agentId: m.agentId, keyHash: '0'.repeat(64), unit: m.unit, room: m.room, hostname: m.hostname, deviceKind: 'workstation', enrolledAt: `${day}T01:00:00.000Z` });
      }
      now = new Date(`${day}T02:00:00.000Z`);
      const report = reportOf(m, d, now.toISOString());
      await store.addReport(report, now, { nextTrail: (host) => readiness.nextTrail(host, report) });
    }
    now = new Date(`${day}T03:00:00.000Z`);
    await readiness.snapshot();
  }
  now = PRINTED_AT;
  return { readiness, org, setNow: (at) => (now = at) };
}
