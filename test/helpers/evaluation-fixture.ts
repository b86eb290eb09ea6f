/**
 * Evaluations to test readiness documents against, shaped like the Hải Phòng rollout: the
 * city procuracy (Văn phòng, Phòng 1, Phòng 2) and VKSND khu vực 1, rules from Resolution
 * 46-NQ/BTVĐU (LAN by 10/12/2025, WAN by 26/12/2025) and Plan 24-KH/ĐU (licences, antivirus),
 * plus the pre-use security scan. Unit and room figures are derived from the hosts so every
 * number a test reads back has one source; every result is validated with `Evaluation.parse`.
 */
import { completionPct } from '../../rules/deadline.js';
import { factDictionary } from '../../rules/facts/index.js';
import { CompletionPoint, Evaluation } from '../../schema/index.js';
import type { DeadlineStatus, Evidence, EvidenceNote, EvidenceValue, HostEvaluation, HostRuleStatus, Operator, RuleInfo, RuleProgress } from '../../schema/index.js';

export const RULES: RuleInfo[] = [
  {
    id: 'lan-gateway',
    title: { vi: 'Máy tính kết nối được mạng LAN của đơn vị', en: "Workstation reaches the unit's LAN" },
    remediation: { vi: 'Kiểm tra cáp mạng và cổng switch; liên hệ VNPT nếu phòng chưa có đường mạng LAN.', en: 'Check the cable and switch port; call VNPT if the room has no LAN drop yet.' },
    category: 'lan',
    severity: 'high',
    deadline: '2025-12-10',
    owner: 'Văn phòng + VNPT',
    atRiskDays: 3,
    lookAheadDays: 14,
  },
  {
    id: 'wan-qlahs',
    title: { vi: 'Kết nối mạng WAN ngành tới nền tảng QLAHS ổn định', en: 'Stable sector WAN link to the QLAHS platform' },
    remediation: { vi: 'Báo Văn phòng kiểm tra thiết bị WAN do VNPT lắp đặt.', en: 'Ask Văn phòng to check the WAN equipment VNPT installed.' },
    category: 'wan',
    severity: 'critical',
    deadline: '2025-12-26',
    owner: 'Văn phòng + VNPT',
    atRiskDays: 5,
    lookAheadDays: 14,
  },
  {
    id: 'windows-licensed',
    title: { vi: 'Hệ điều hành Windows có bản quyền', en: 'Windows is licensed' },
    remediation: { vi: 'Kích hoạt Windows bằng máy chủ KMS của ngành hoặc khoá bản quyền hợp lệ.', en: "Activate Windows against the sector's KMS server or with a valid key." },
    category: 'licensing',
    severity: 'medium',
    deadline: '2026-12-31',
    owner: 'Văn phòng',
    atRiskDays: 30,
    lookAheadDays: 14,
  },
  {
    id: 'antivirus-active',
    title: { vi: 'Phần mềm diệt virus đang bật và cập nhật mẫu nhận diện', en: 'Antivirus is on with current signatures' },
    remediation: { vi: 'Bật phần mềm diệt virus (Bkav, Kaspersky, ESET...) và cập nhật mẫu nhận diện.', en: 'Turn the antivirus on (Bkav, Kaspersky, ESET...) and update its signatures.' },
    category: 'antivirus',
    severity: 'high',
    deadline: '2026-12-31',
    owner: 'Các đơn vị',
    atRiskDays: 30,
    lookAheadDays: 14,
  },
  {
    id: 'firewall-on',
    title: { vi: 'Tường lửa Windows được bật', en: 'Windows firewall is on' },
    remediation: { vi: 'Bật Windows Defender Firewall cho mọi cấu hình mạng.', en: 'Turn Windows Defender Firewall on for every network profile.' },
    category: 'security',
    severity: 'high',
    deadline: '2026-06-30',
    owner: 'Cán bộ CNTT',
    atRiskDays: 14,
    lookAheadDays: 14,
  },
  {
    id: 'no-remote-access',
    title: { vi: 'Không có phần mềm điều khiển từ xa (UltraViewer, TeamViewer, AnyDesk)', en: 'No remote-access tools (UltraViewer, TeamViewer, AnyDesk)' },
    remediation: { vi: 'Gỡ bỏ phần mềm điều khiển từ xa trước khi rà quét.', en: 'Uninstall remote-access tools before the scan.' },
    category: 'security',
    severity: 'critical',
    deadline: '2026-06-30',
    owner: 'Cán bộ CNTT',
    atRiskDays: 14,
    lookAheadDays: 14,
  },
];

export const UNITS = [
  {
    unitId: 'hp',
    name: 'VKSND thành phố Hải Phòng',
    level: 'city' as const,
    parentId: null,
    responsible: 'Chánh Văn phòng',
    rooms: [
      { roomId: 'vp', name: 'Văn phòng', expectedMachines: 3 },
      { roomId: 'p1', name: 'Phòng 1', expectedMachines: 2 },
      { roomId: 'p2', name: 'Phòng 2', expectedMachines: 1 },
    ],
  },
  {
    unitId: 'hp-kv1',
    name: 'VKSND khu vực 1 Hải Phòng',
    level: 'regional' as const,
    parentId: 'hp',
    responsible: 'Viện trưởng VKSND khu vực 1',
    rooms: [{ roomId: 'kv1-lv', name: 'Phòng làm việc số 1', expectedMachines: 2 }],
  },
];

type Results = Record<string, [HostRuleStatus, ...Evidence[]]>;

/** A checked value as the engine records it. */
export const check = (fact: string, op: Operator, expected: EvidenceValue | null, actual: EvidenceValue, holds: boolean, notes: EvidenceNote[] = []): Evidence => ({
  kind: 'check',
  fact,
  op,
  expected,
  actual,
  holds,
  notes,
});
const host = (agentId: string, hostname: string, unitId: string, roomId: string, lastSeen: string | null, stale: boolean, results: Results): HostEvaluation => ({
  agentId,
  hostname,
  unitId,
  roomId,
  deviceKind: 'workstation',
  lastSeen,
  stale,
  identity: lastSeen ? { ipv4: ['192.0.2.' + (10 + hostname.length)], mac: ['00:1A:2B:3C:4D:5E'], serial: `SN-${hostname}`, user: null, model: 'Dell Inc. OptiPlex 7090' } : null,
  results: Object.entries(results).map(([ruleId, [status, ...evidence]]) => ({ ruleId, status, evidence })),
});

const allPass: Results = {
  'lan-gateway': ['pass', check('probes.gateway.max_loss_pct', 'lte', 1, 0, true)],
  'wan-qlahs': ['pass', check('probes.wan.max_loss_pct', 'lte', 1, 0, true)],
  'windows-licensed': ['pass', check('licensing.windows.licensed_software', 'eq', true, true, true)],
  'antivirus-active': ['pass', check('antivirus.active_count', 'gte', 1, 1, true)],
  'firewall-on': ['pass', check('security.firewall_enabled', 'eq', true, true, true)],
  'no-remote-access': ['pass', check('security.remote_access_tools', 'empty', null, [], true)],
};
const allUnknown: Results = Object.fromEntries(RULES.map((r) => [r.id, ['unknown', { kind: 'stale', hours: 74, windowHours: 72 }]]));

/** UltraViewer running and AnyDesk installed on PC-VP-02. */
export const REMOTE_TOOLS = check('security.remote_access_tools', 'empty', null, ['UltraViewer', 'AnyDesk'], false, [{ code: 'running', names: ['UltraViewer'] }]);
const wanLoss = (pct: number) => check('probes.wan.max_loss_pct', 'lte', 1, pct, false, [{ code: 'probe', target: '198.51.100.10', port: 443, worst: false, error: pct === 100 ? 'timeout' : null, message: null }]);

/** The fleet on 11/12/2025, the day after the LAN deadline. */
export function currentHosts(): HostEvaluation[] {
  return [
    host('a-vp-01', 'PC-VP-01', 'hp', 'vp', '2025-12-11T01:30:00.000Z', false, allPass),
    host('a-vp-02', 'PC-VP-02', 'hp', 'vp', '2025-12-11T02:05:00.000Z', false, {
      ...allPass,
      'antivirus-active': ['unknown', { kind: 'missing', fact: 'antivirus.active_count', cause: 'no_section', errorCode: 'timeout' }],
      'no-remote-access': ['fail', REMOTE_TOOLS],
    }),
    host('a-p1-01', 'PC-P1-01', 'hp', 'p1', '2025-12-11T00:15:00.000Z', false, {
      ...allPass,
      'wan-qlahs': ['fail', wanLoss(100)],
      'firewall-on': ['fail', check('security.firewall_enabled', 'eq', true, false, false, [{ code: 'firewall', off: ['Public'], unknown: [] }])],
    }),
    host('a-p2-01', 'PC-P2-01', 'hp', 'p2', '2025-12-08T09:00:00.000Z', true, allUnknown),
    host('a-kv1-01', 'PC-KV1-01', 'hp-kv1', 'kv1-lv', '2025-12-11T03:00:00.000Z', false, {
      ...allPass,
      'wan-qlahs': ['fail', wanLoss(20)],
      'windows-licensed': [
        'fail',
        check('licensing.windows.licensed_software', 'eq', true, false, false, [
          { code: 'licence', product: 'Windows 10 Pro', status: 'licensed', channel: 'volume_kms', kmsHost: 'kms.example.net', problem: 'kms_not_allowed', graceDays: null, allowList: ['kms.vks.example'], agent: null },
        ]),
      ],
    }),
  ];
}

/** The fleet on 10/12/2025: PC-P1-01 not yet on the LAN, PC-VP-02 still clean, KV1 not reporting. */
export function previousHosts(): HostEvaluation[] {
  return currentHosts()
    .filter((h) => h.agentId !== 'a-kv1-01')
    .map((h) => {
      const results = h.results.map((r) => {
        if (h.agentId === 'a-p1-01' && r.ruleId === 'lan-gateway') return { ...r, status: 'fail' as const, evidence: [check('probes.gateway.max_loss_pct', 'lte', 1, 100, false)] };
        if (h.agentId === 'a-vp-02' && r.ruleId === 'no-remote-access') return { ...r, status: 'pass' as const, evidence: [check('security.remote_access_tools', 'empty', null, [], true)] };
        return r;
      });
      return { ...h, lastSeen: h.lastSeen && h.lastSeen.replace('2025-12-11', '2025-12-10'), results };
    });
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Per-rule progress over `hosts` against `expected` machines, the way DESIGN.md defines it. */
function progress(rule: RuleInfo, hosts: HostEvaluation[], expected: number, asOf: string): RuleProgress {
  const reportingHosts = hosts.filter((h) => h.lastSeen !== null && !h.stale);
  const status = (h: HostEvaluation) => h.results.find((r) => r.ruleId === rule.id)?.status ?? 'unknown';
  const passing = hosts.filter((h) => status(h) === 'pass').length;
  const failing = hosts.filter((h) => status(h) === 'fail').length;
  const notApplicable = hosts.filter((h) => status(h) === 'not_applicable').length;
  const enrolledUnknown = hosts.filter((h) => status(h) === 'unknown').length;
  const expectedAll = Math.max(expected, hosts.length);
  const missingMachines = expectedAll - hosts.length;
  const applicable = expectedAll - notApplicable;
  const daysLeft = daysBetween(asOf, rule.deadline ?? asOf);
  const done = applicable > 0 && passing === applicable;
  const deadlineStatus: DeadlineStatus = applicable === 0
    ? 'not_applicable'
    : done
    ? 'done'
    : daysLeft < 0
      ? 'overdue'
      : !reportingHosts.length
        ? 'unknown'
        : daysLeft <= rule.atRiskDays
          ? 'at_risk'
          : 'on_track';
  return {
    ruleId: rule.id,
    expected: expectedAll,
    reporting: reportingHosts.length,
    passing,
    failing,
    unknown: enrolledUnknown + missingMachines,
    notApplicable,
    exempted: hosts.filter((h) => status(h) === 'exempted').length,
    applicable,
    completionPct: completionPct(passing, applicable),
    status: deadlineStatus,
    projection: null,
    completedOn: done ? asOf : null,
    daysLeft,
    blockingHosts: hosts.filter((h) => status(h) === 'fail' || status(h) === 'unknown').map((h) => h.agentId),
    missingMachines,
  };
}

export interface FixtureOptions {
  asOf?: string;
  hosts?: HostEvaluation[];
  scopeUnitId?: string | null;
  /** Write every Vietnamese string in decomposed form (NFD), as some editors save it. */
  decomposed?: boolean;
}

/** The evaluation of the fixture fleet, rolled up from rooms to units to the city. */
export function evaluationFixture(opts: FixtureOptions = {}): Evaluation {
  const asOf = opts.asOf ?? '2025-12-11';
  const hosts = opts.hosts ?? currentHosts();
  const units = UNITS.map((u) => {
    const descendants = UNITS.filter((d) => d.unitId === u.unitId || d.parentId === u.unitId);
    const unitHosts = hosts.filter((h) => descendants.some((d) => d.unitId === h.unitId));
    const expected = descendants.flatMap((d) => d.rooms).reduce((sum, r) => sum + r.expectedMachines, 0);
    return {
      unitId: u.unitId,
      name: u.name,
      level: u.level,
      parentId: u.parentId,
      responsible: u.responsible,
      childIds: UNITS.filter((c) => c.parentId === u.unitId).map((c) => c.unitId),
      rooms: u.rooms.map((room) => ({
        ...room,
        rules: RULES.map((rule) => progress(rule, hosts.filter((h) => h.unitId === u.unitId && h.roomId === room.roomId), room.expectedMachines, asOf)),
      })),
      rules: RULES.map((rule) => progress(rule, unitHosts, expected, asOf)),
    };
  });
  const scope = opts.scopeUnitId ?? null;
  const inScope = (id: string) => !scope || id === scope || UNITS.find((u) => u.unitId === id)?.parentId === scope;
  const evaluation = {
    asOf,
    recordedOn: asOf,
    generatedAt: `${asOf}T03:30:00.000Z`,
    scopeUnitId: scope,
    scopeRoomId: null,
    rules: RULES,
    facts: factDictionary(),
    units: units.filter((u) => inScope(u.unitId)),
    hosts: hosts.filter((h) => inScope(h.unitId)),
  };
  const value = opts.decomposed ? JSON.parse(JSON.stringify(evaluation).normalize('NFD')) : evaluation;
  return Evaluation.parse(value);
}

export const previousEvaluationFixture = (opts: Omit<FixtureOptions, 'asOf' | 'hosts'> = {}): Evaluation =>
  evaluationFixture({ ...opts, asOf: '2025-12-10', hosts: previousHosts() });

/** Completion of the city for each rule over three weeks: LAN climbing to its deadline, WAN behind. */
export function historyFixture(from = '2025-11-21', to = '2025-12-11'): { from: string; to: string; points: CompletionPoint[] } {
  const points: CompletionPoint[] = [];
  const days = daysBetween(from, to);
  RULES.forEach((rule, r) => {
    for (let i = 0; i <= days; i++) {
      const day = new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
      // Out of the city's 8 machines: LAN climbing towards its deadline, the others behind.
      const passing = Math.min(8, Math.floor(((i / days) * (80 - r * 10) * 8) / 100));
      points.push(CompletionPoint.parse({ day, unitId: 'hp', ruleId: rule.id, passing, applicable: 8, completionPct: completionPct(passing, 8) }));
    }
  });
  return { from, to, points };
}
