/**
 * A national-scale Evaluation for benchmarks: the Supreme Procuracy, 34 city procuracies with
 * 10 regional ones each, five rooms per unit, N hosts spread over the rooms, and a 15-rule pack
 * shaped like the default one. Deterministic (a seeded generator), with varied evidence
 * sentences so strings are not all shared as they would not be in a real fleet.
 */
import { completionPct } from '../rules/deadline.js';
import { factDictionary } from '../rules/facts/index.js';
import { Evaluation } from '../schema/index.js';
import type { Evidence, HostEvaluation, HostRuleStatus, RuleInfo, RuleProgress, UnitEvaluation } from '../schema/index.js';
import { seeded } from './synthetic-fleet.js';

const RULE_SHAPES: Array<[id: string, category: string, vi: string, en: string, deadline: string]> = [
  ['lan-gateway', 'lan', 'Máy tính kết nối được mạng LAN của đơn vị', "Workstation reaches the unit's LAN", '2025-12-10'],
  ['lan-servers', 'lan', 'Truy cập được máy chủ nội bộ qua mạng LAN', 'Internal servers reachable over the LAN', '2025-12-10'],
  ['wan-endpoint', 'wan', 'Kết nối mạng WAN ngành tới nền tảng QLAHS ổn định', 'Stable sector WAN link to QLAHS', '2025-12-26'],
  ['wan-dns', 'wan', 'Phân giải được tên miền nội bộ của ngành', "Sector DNS names resolve", '2025-12-26'],
  ['windows-licensed', 'licensing', 'Hệ điều hành Windows có bản quyền', 'Windows is licensed', '2026-12-31'],
  ['office-licensed', 'licensing', 'Bộ Office có bản quyền', 'Office is licensed', '2026-12-31'],
  ['antivirus-active', 'antivirus', 'Phần mềm diệt virus đang bật', 'Antivirus is on', '2026-12-31'],
  ['antivirus-updated', 'antivirus', 'Mẫu nhận diện virus được cập nhật trong 7 ngày', 'Signatures updated within 7 days', '2026-12-31'],
  ['hardware-minimum', 'hardware', 'Cấu hình tối thiểu: 8 GB RAM, ổ SSD', 'Minimum: 8 GB RAM, an SSD', '2026-12-31'],
  ['equipment-depreciation', 'hardware', 'Thiết bị còn trong thời hạn khấu hao', 'Equipment within its depreciation period', '2026-12-31'],
  ['firewall-on', 'security', 'Tường lửa Windows được bật', 'Windows firewall is on', '2026-06-30'],
  ['no-remote-access', 'security', 'Không có phần mềm điều khiển từ xa', 'No remote-access tools', '2026-06-30'],
  ['os-supported', 'security', 'Hệ điều hành còn được hỗ trợ', 'Supported operating system', '2026-06-30'],
  ['updates-current', 'security', 'Bản cập nhật bảo mật trong 30 ngày', 'Security updates within 30 days', '2026-06-30'],
  ['disk-encrypted', 'security', 'Ổ đĩa được mã hoá BitLocker', 'Disk encrypted with BitLocker', '2026-06-30'],
];

export const BENCH_RULES: RuleInfo[] = RULE_SHAPES.map(([id, category, vi, en, deadline]) => ({
  id,
  title: { vi, en },
  remediation: { vi: `Khắc phục: ${vi.toLowerCase()}; báo cán bộ CNTT của đơn vị.`, en: `Fix: ${en.toLowerCase()}; tell the unit's IT staff.` },
  category,
  severity: category === 'wan' || category === 'security' ? 'critical' : 'high',
  deadline,
  owner: category === 'lan' || category === 'wan' ? 'Văn phòng + VNPT' : 'Cán bộ CNTT',
  atRiskDays: 7,
  lookAheadDays: 14,
}));

/** The fact each rule's evidence names, as the default pack's would. */
const RULE_FACT: Record<string, string> = {
  'lan-gateway': 'probes.gateway.max_loss_pct',
  'lan-servers': 'probes.lan_server.max_loss_pct',
  'wan-endpoint': 'probes.wan_endpoint.max_loss_pct',
  'wan-dns': 'probes.wan_dns.max_loss_pct',
  'windows-licensed': 'licensing.windows.licensed_software',
  'office-licensed': 'licensing.office.licensed_software',
  'antivirus-active': 'antivirus.active_count',
  'antivirus-updated': 'antivirus.signature_age_days',
  'hardware-minimum': 'hardware.memory_gib',
  'equipment-depreciation': 'hardware.bios_age_years',
  'firewall-on': 'security.firewall_enabled',
  'no-remote-access': 'security.remote_access_tools',
  'os-supported': 'security.os_supported',
  'updates-current': 'security.days_since_update',
  'disk-encrypted': 'security.unencrypted_volumes',
};

/**
 * Evidence shaped as the engine writes it: a passing value is one frozen item shared by every
 * host with that value (as the engine caches them); failures carry their own values and notes.
 */
function evidenceFor(rule: RuleInfo, status: HostRuleStatus, i: number, x: number, shared: Map<string, Evidence>): Evidence {
  const fact = RULE_FACT[rule.id]!;
  if (status === 'unknown') return { kind: 'missing', fact, cause: 'no_section', errorCode: null };
  const number = rule.category === 'lan' || rule.category === 'wan' || fact.endsWith('_gib') || fact.endsWith('_years') || fact.endsWith('_days') || fact.endsWith('_count');
  if (status === 'pass') {
    let item = shared.get(rule.id);
    if (!item) {
      item = Object.freeze(number ? { kind: 'check', fact, op: 'lte', expected: 1, actual: 0, holds: true, notes: [] } : { kind: 'check', fact, op: 'eq', expected: true, actual: true, holds: true, notes: [] }) as Evidence;
      shared.set(rule.id, item);
    }
    return item;
  }
  if (rule.category === 'lan' || rule.category === 'wan') {
    const target = `10.${i % 250}.${(i >> 8) % 250}.1`;
    return { kind: 'check', fact, op: 'lte', expected: 1, actual: Math.round(x * 100), holds: false, notes: [{ code: 'probe', target, port: 445, worst: false, error: 'timeout', message: null }] };
  }
  return number
    ? { kind: 'check', fact, op: 'lte', expected: 7, actual: Math.round(x * 1000) / 10, holds: false, notes: [] }
    : { kind: 'check', fact, op: 'eq', expected: true, actual: false, holds: false, notes: [] };
}

const ROOM_NAMES = ['Văn phòng', 'Phòng 1', 'Phòng 2', 'Phòng 3', 'Phòng 7'];

export function syntheticEvaluation(hostCount: number, asOf = '2025-12-11'): Evaluation {
  const rnd = seeded(46);
  const unitShapes: Array<Pick<UnitEvaluation, 'unitId' | 'name' | 'level' | 'parentId'>> = [
    { unitId: 'tc', name: 'VKSND tối cao', level: 'supreme', parentId: null },
  ];
  for (let c = 1; c <= 34; c++) {
    unitShapes.push({ unitId: `city-${c}`, name: `VKSND tỉnh, thành phố số ${c}`, level: 'city', parentId: 'tc' });
    for (let r = 1; r <= 10; r++) unitShapes.push({ unitId: `city-${c}-kv${r}`, name: `VKSND khu vực ${r} thuộc thành phố số ${c}`, level: 'regional', parentId: `city-${c}` });
  }
  const rooms = unitShapes.flatMap((u) => ROOM_NAMES.map((name, i) => ({ unitId: u.unitId, roomId: `${u.unitId}-r${i + 1}`, name })));

  const hosts: HostEvaluation[] = [];
  const shared = new Map<string, Evidence>();
  for (let i = 0; i < hostCount; i++) {
    const room = rooms[i % rooms.length]!;
    const stale = rnd() < 0.02;
    const results = BENCH_RULES.map((rule) => {
      const x = rnd();
      const status: HostRuleStatus = stale ? 'unknown' : x < 0.8 ? 'pass' : x < 0.95 ? 'fail' : 'unknown';
      const evidence = [evidenceFor(rule, status, i, x, shared)];
      return { ruleId: rule.id, status, evidence };
    });
    hosts.push({
      agentId: `agent-${i.toString(36).padStart(5, '0')}`,
      hostname: `PC-${room.roomId.toUpperCase()}-${String(i).padStart(5, '0')}`,
      unitId: room.unitId,
      roomId: room.roomId,
      deviceKind: 'workstation',
      lastSeen: stale ? '2025-12-01T02:00:00.000Z' : `${asOf}T0${i % 10}:15:00.000Z`,
      stale,
      identity: {
        ipv4: [`10.${i % 250}.${(i >> 8) % 250}.${10 + (i % 200)}`],
        mac: [`00:1A:2B:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`.toUpperCase()],
        serial: `SN${String(i).padStart(7, '0')}`,
        user: `user${i}`,
        model: 'Dell Inc. OptiPlex 7090',
      },
      results,
    });
  }

  // Unit and room figures: plausible and valid, not a rule engine (the host checklist reads hosts).
  const progress = (ruleId: string, expected: number, passing: number): RuleProgress => ({
    ruleId,
    expected,
    reporting: expected,
    passing,
    failing: expected - passing,
    unknown: 0,
    notApplicable: 0,
    exempted: 0,
    applicable: expected,
    completionPct: completionPct(passing, expected),
    status: expected === 0 ? 'not_applicable' : passing === expected ? 'done' : 'on_track',
    projection: null,
    completedOn: passing === expected ? asOf : null,
    daysLeft: 15,
    blockingHosts: [],
    missingMachines: 0,
  });
  const perRoom = Math.ceil(hostCount / rooms.length);
  const units: UnitEvaluation[] = unitShapes.map((u) => ({
    ...u,
    responsible: null,
    childIds: unitShapes.filter((c) => c.parentId === u.unitId).map((c) => c.unitId),
    rooms: rooms
      .filter((r) => r.unitId === u.unitId)
      .map((r) => ({ roomId: r.roomId, name: r.name, expectedMachines: perRoom, rules: BENCH_RULES.map((rule) => progress(rule.id, perRoom, Math.floor(perRoom * 0.8))) })),
    rules: BENCH_RULES.map((rule) => progress(rule.id, perRoom * 5, Math.floor(perRoom * 4))),
  }));

  const evaluation: Evaluation = {
    asOf,
    recordedOn: asOf,
    generatedAt: `${asOf}T03:00:00.000Z`,
    scopeUnitId: null,
    scopeRoomId: null,
    rules: BENCH_RULES,
    facts: factDictionary(),
    units,
    hosts,
  };
  // Validate the shape on a sample: parsing 300,000 results would double the memory measured.
  Evaluation.parse({ ...evaluation, hosts: hosts.slice(0, 200) });
  return evaluation;
}
