/**
 * A collector app with the example Hải Phòng org file, the default rule pack, a history of
 * three days and a handful of machines in the city (Văn phòng, Phòng 1), VKSND khu vực 1 and
 * khu vực 2, sent through the real ingest; users of every role with personal tokens and the
 * test password. For the dashboard's in-process and browser tests.
 */
import { ArchiveStore } from '../../collector/archive/store.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectorConfig } from '../../collector/config.js';
import { HistoryStore } from '../../collector/history-store.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { HostReport } from '../../schema/index.js';
import type { HostReportInput, HostScanInput } from '../../schema/index.js';
import type { DeviceInput } from '../../rules/device-input.js';
import { addUsers } from './access-fixture.js';
import { probe, READY_LICENSING, READY_SECTIONS, readyReport } from './ready-report.js';
import { ENROLL_SECRET, makeTestApp } from './test-app.js';
import { scannedInput } from './scan-fixture.js';
import { SENT_AT_HEADER } from '../../collector/clock.js';
import { AGENT_VERSION } from '../../agent/version.js';

export const ORIGIN = 'http://localhost';

interface MachineSpec {
  key: string;
  hostname: string;
  unit: string;
  room: string | null;
  mac: string;
  ip: string;
  /** What differs from a ready report on the last day. */
  faults?: Partial<HostReportInput>;
  /** Never sends a report. */
  silent?: boolean;
}

const nic = (mac: string, ip: string) => ({
  interfaces: [{ name: 'Ethernet', mac, ipv4: [ip], ipv6: [], type: 'wired', operstate: 'up', speedMbps: 1000, virtual: false, internal: false, dhcp: true }],
  defaultGateway: '192.0.2.1',
  defaultInterface: 'Ethernet',
});

const osOf = (hostname: string) => ({ platform: 'windows' as const, distro: 'Microsoft Windows 11 Pro', release: '10.0.22631', kernel: '10.0.22631', arch: 'x64', hostname, build: '22631' });

export const MACHINES: MachineSpec[] = [
  { key: 'vp1', hostname: 'VP-PC01', unit: 'hp', room: 'van-phong', mac: '00:1a:2b:3c:4d:01', ip: '192.0.2.51' },
  {
    key: 'vp2',
    hostname: 'VP-PC02',
    unit: 'hp',
    room: 'van-phong',
    mac: '00:1a:2b:3c:4d:02',
    ip: '192.0.2.52',
    faults: { security: { ...READY_SECTIONS.security, remoteAccessTools: [{ name: 'UltraViewer', installed: true, running: true, evidence: 'service UltraViewService' }] } },
  },
  {
    key: 'p1',
    hostname: 'P1-PC01',
    unit: 'hp',
    room: 'phong-1',
    mac: '00:1a:2b:3c:4d:03',
    ip: '192.0.2.53',
    faults: { probes: { results: READY_SECTIONS.probes.results.map((r) => (r.role === 'wan_endpoint' ? probe('wan_endpoint', 'wan', { received: 0, lossPct: 100, rtt: null, jitterMs: null, error: 'timeout' }) : r)) } },
  },
  { key: 'kv1a', hostname: 'KV1-PC01', unit: 'hp-kv1', room: null, mac: '00:1a:2b:3c:4e:11', ip: '192.0.2.71' },
  {
    key: 'kv1b',
    hostname: 'KV1-PC02',
    unit: 'hp-kv1',
    room: null,
    mac: '00:1a:2b:3c:4e:12',
    ip: '192.0.2.72',
    faults: {
      licensing: {
        ...READY_SECTIONS.licensing,
        windows: { ...READY_SECTIONS.licensing.windows, channel: 'volume_kms', kmsHost: 'kms.pirate.example', licensedSoftware: false, verdictReason: 'KMS host kms.pirate.example is not on the allow-list' },
      },
    },
  },
  { key: 'kv2a', hostname: 'KV2-SECRET-PC', unit: 'hp-kv2', room: null, mac: 'aa:bb:cc:00:00:21', ip: '192.0.2.131' },
  { key: 'kv2b', hostname: 'KV2-SILENT', unit: 'hp-kv2', room: null, mac: 'aa:bb:cc:00:00:22', ip: '192.0.2.132', silent: true },
];

/** The three recorded days: the last one is "today". */
export const DAYS = ['2025-12-09', '2025-12-10', '2025-12-11'] as const;

export const USERS = [
  { name: 'root', role: 'admin' as const, unit: null },
  { name: 'mgr.kv1', role: 'unit_manager' as const, unit: 'hp-kv1' },
  { name: 'clerk.kv1', role: 'viewer' as const, unit: 'hp-kv1' },
  { name: 'police.kv1', role: 'security_officer' as const, unit: 'hp-kv1' },
  { name: 'vp.city', role: 'viewer' as const, unit: 'hp', recursive: true },
  { name: 'vp.own', role: 'viewer' as const, unit: 'hp', recursive: false },
];

/** `devices`: the org file's devices with their latest scans, as the collector's device store gives them (none by default). */
export async function dashboardFixture(opts: { cacheSeconds?: number; devices?: () => DeviceInput[] } = {}) {
  let now = new Date(`${DAYS[0]}T03:00:00Z`);
  const clock = () => now;
  const store = new MemoryStore();
  const dir = await mkdtemp(join(tmpdir(), 'readiness-dashboard-'));
  const history = new HistoryStore(join(dir, 'history'));
  // Each machine passed its pre-use scan on its first report (the security team's verdicts, as the scan store gives them).
  const verdicts = new Map<string, HostScanInput>();
  const scans = { verdicts: () => verdicts, verdictsAsOf: () => verdicts };
  const readiness = new Readiness({ store, org: await loadOrgFile('examples/org.haiphong.yaml'), rules: await loadRuleSet([DEFAULT_PACK_FILE]), history, now: clock, licensing: READY_LICENSING, expectedAgentVersion: AGENT_VERSION, scans, ...(opts.devices ? { devices: opts.devices } : {}) });
  const t = makeTestApp({ store, now: clock, ...readinessDeps(readiness), history, archive: new ArchiveStore(join(dir, 'archive')), config: CollectorConfig.parse({ dashboard: { cacheSeconds: opts.cacheSeconds ?? 0 }, licensing: READY_LICENSING }) });

  const agents: Record<string, { agentId: string; agentKey: string }> = {};
  for (const m of MACHINES) {
    const res = await t.post('/enroll', { secret: ENROLL_SECRET, unit: m.unit, room: m.room, hostname: m.hostname });
    if (res.status !== 201) throw new Error(`enroll ${m.hostname}: ${res.status} ${await res.text()}`);
    agents[m.key] = (await res.json()) as { agentId: string; agentKey: string };
  }
  for (const [i, day] of DAYS.entries()) {
    now = new Date(`${day}T03:00:00Z`);
    for (const m of MACHINES) {
      if (m.silent) continue;
      // The faults appear on the last day; before it every machine was ready (the first day P1 lacked its WAN too).
      const faults = i === DAYS.length - 1 || (m.key === 'p1' && i === 0) ? (m.faults ?? {}) : {};
      const report = readyReport(agents[m.key]!.agentId, new Date(now.getTime() - 10_000).toISOString(), { os: osOf(m.hostname), network: nic(m.mac, m.ip), ...faults });
      // Sent as the agent sends it, with its clock (here right), so the clock-skew rule is judged.
      const res = await t.app.request('/api/v1/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agents[m.key]!.agentKey}`, [SENT_AT_HEADER]: now.toISOString() },
        body: JSON.stringify(report),
      });
      if (res.status !== 201) throw new Error(`report ${m.hostname}: ${res.status} ${await res.text()}`);
      if (!verdicts.has(report.agentId)) verdicts.set(report.agentId, scannedInput(HostReport.parse(report)));
    }
    if (i < DAYS.length - 1) await readiness.snapshot();
  }
  const users = await addUsers(t.deps.access.store, USERS);

  const idOf = (key: string) => agents[key]!.agentId;
  /** A page as `who` sees it (a personal token). */
  const page = (path: string, who?: string, init: RequestInit = {}) =>
    t.app.request(`${ORIGIN}${path}`, { ...init, headers: { ...(who ? { authorization: `Bearer ${users[who]!.token}` } : {}), ...(init.headers as Record<string, string> | undefined) } });
  /** A form posted as `who` (a personal token: no ambient credential, so no CSRF check). */
  const form = (path: string, fields: Record<string, string>, who?: string, headers: Record<string, string> = {}) =>
    page(path, who, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });

  return {
    t,
    readiness,
    users,
    idOf,
    page,
    form,
    setNow: (d: Date) => (now = d),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export type DashboardFixture = Awaited<ReturnType<typeof dashboardFixture>>;
