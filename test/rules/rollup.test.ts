/** Roll-ups: rooms, machines outside rooms, parent units; missing machines; completion dates. */
import { describe, expect, it } from 'vitest';
import { buildOrgModel } from '../../rules/org-model.js';
import { rollUp } from '../../rules/rollup.js';
import type { RollupInput } from '../../rules/rollup.js';
import { OrgFile } from '../../schema/index.js';
import type { HostEvaluation, HostRuleStatus, RuleInfo, RuleProgress } from '../../schema/index.js';

const rule = (id: string, deadline: string): RuleInfo => ({
  id,
  title: { vi: id, en: id },
  remediation: { vi: id, en: id },
  category: id,
  severity: 'high',
  deadline,
  owner: 'Văn phòng',
  atRiskDays: 7,
  lookAheadDays: 14,
});
const RULES = [rule('lan', '2025-12-10'), rule('token', '2026-12-31')];

const ORG = OrgFile.parse({
  name: 'test org',
  units: [
    {
      id: 'hp',
      name: 'VKSND thành phố Hải Phòng',
      level: 'city',
      rooms: [
        { id: 'phong-1', name: 'Phòng 1', expectedWorkstations: 3, needs: ['signing_token'] },
        { id: 'phong-15', name: 'Phòng 15', expectedWorkstations: 1 },
      ],
    },
    { id: 'hp-kv1', name: 'VKSND khu vực 1', level: 'regional', parent: 'hp', expectedWorkstations: 4 },
  ],
});

let n = 0;
const h = (unitId: string, roomId: string | null, statuses: [HostRuleStatus, HostRuleStatus], stale = false): HostEvaluation => ({
  agentId: `host-${++n}`,
  hostname: `PC-${n}`,
  unitId,
  roomId,
  deviceKind: 'workstation',
  lastSeen: stale ? '2025-11-01T00:00:00.000Z' : '2025-12-05T02:00:00.000Z',
  stale,
  identity: null,
  results: RULES.map((r, i) => ({ ruleId: r.id, status: statuses[i]!, evidence: [] })),
});

const HOSTS = [
  h('hp', 'phong-1', ['pass', 'pass']),
  h('hp', 'phong-1', ['fail', 'unknown']),
  h('hp', 'phong-15', ['pass', 'not_applicable']),
  h('hp', 'phong-15', ['pass', 'not_applicable']),
  h('hp', null, ['pass', 'not_applicable']),
  h('hp-kv1', null, ['pass', 'not_applicable']),
  h('hp-kv1', null, ['unknown', 'unknown'], true),
];

/** Machines with no agent: unknown for LAN everywhere, for tokens only in rooms that sign. */
const missing = (_unit: string, room: string | null): HostRuleStatus[] => ['unknown', room === 'phong-1' ? 'unknown' : 'not_applicable'];

function run(change: Partial<RollupInput> = {}) {
  return rollUp({
    org: buildOrgModel(ORG, HOSTS.map((x) => ({ unit: x.unitId, room: x.roomId }))),
    rules: RULES,
    hosts: HOSTS,
    asOf: '2025-12-05',
    missing,
    completeSince: () => null,
    scopeUnitId: null,
    ...change,
  });
}

const figures = (p: RuleProgress) => [p.expected, p.reporting, p.passing, p.failing, p.unknown, p.notApplicable, p.missingMachines];

describe('roll-ups', () => {
  const units = run();
  const hp = units.find((u) => u.unitId === 'hp')!;
  const kv1 = units.find((u) => u.unitId === 'hp-kv1')!;
  const room = (id: string) => hp.rooms.find((r) => r.roomId === id)!;

  it.each([
    // scope, rule, [expected, reporting, passing, failing, unknown, n/a, missing], completion, status
    ['Phòng 1 (3 expected, 2 enrolled)', () => room('phong-1').rules[0]!, [3, 2, 1, 1, 1, 0, 1], 33.3, 'at_risk'],
    ['Phòng 1, tokens', () => room('phong-1').rules[1]!, [3, 2, 1, 0, 2, 0, 1], 33.3, 'on_track'],
    ['Phòng 15 (1 expected, 2 enrolled: expected rises)', () => room('phong-15').rules[0]!, [2, 2, 2, 0, 0, 0, 0], 100, 'done'],
    ['Phòng 15, tokens (the room does not sign): not applicable, no percentage', () => room('phong-15').rules[1]!, [2, 2, 0, 0, 0, 2, 0], null, 'not_applicable'],
    ['khu vực 1 (4 expected outside rooms, one stale)', () => kv1.rules[0]!, [4, 1, 1, 0, 3, 0, 2], 25, 'at_risk'],
    ['the city rolls up its rooms, its own host and khu vực 1', () => hp.rules[0]!, [10, 6, 5, 1, 4, 0, 3], 50, 'at_risk'],
    ['the city, tokens', () => hp.rules[1]!, [10, 6, 1, 0, 3, 6, 3], 25, 'on_track'],
  ] as const)('%s', (_name, pick, expected, completion, status) => {
    const p = pick();
    expect(figures(p)).toEqual(expected);
    expect(p.applicable).toBe(p.expected - p.notApplicable);
    expect(p.completionPct).toBe(completion);
    expect(p.status).toBe(status);
  });

  it('lists the hosts that fail or are unknown, rolled up with the rest', () => {
    expect(room('phong-1').rules[0]!.blockingHosts).toEqual([HOSTS[1]!.agentId]);
    expect(hp.rules[0]!.blockingHosts.sort()).toEqual([HOSTS[1]!.agentId, HOSTS[6]!.agentId].sort());
  });

  it('gives units parents first, with their children and expected machines per room', () => {
    expect(units.map((u) => [u.unitId, u.parentId, u.childIds])).toEqual([
      ['hp', null, ['hp-kv1']],
      ['hp-kv1', 'hp', []],
    ]);
    expect(hp.rooms.map((r) => [r.roomId, r.expectedMachines])).toEqual([
      ['phong-1', 3],
      ['phong-15', 2],
    ]);
  });

  it('evaluates one unit and its descendants when asked', () => {
    expect(run({ scopeUnitId: 'hp-kv1' }).map((u) => u.unitId)).toEqual(['hp-kv1']);
  });

  it('counts a unit with no machine at all as unknown, never as complete', () => {
    const empty = OrgFile.parse({ name: 'x', units: [{ id: 'hp-kv9', name: 'khu vực 9', level: 'regional', expectedWorkstations: 5 }] });
    const [unit] = rollUp({ org: buildOrgModel(empty, []), rules: RULES, hosts: [], asOf: '2025-11-01', missing, completeSince: () => null, scopeUnitId: null });
    expect(figures(unit!.rules[0]!)).toEqual([5, 0, 0, 0, 5, 0, 5]);
    expect(unit!.rules[0]!.status).toBe('unknown');
    expect(unit!.rules[0]!.completionPct).toBe(0);
  });

  it('keeps the day a rule first became complete while it stays complete', () => {
    const since = run({ completeSince: (key, ruleId) => (key === 'r:hp/phong-15' && ruleId === 'lan' ? '2025-12-01' : null) });
    const p15 = since.find((u) => u.unitId === 'hp')!.rooms.find((r) => r.roomId === 'phong-15')!;
    expect(p15.rules[0]!.completedOn).toBe('2025-12-01');
    expect(room('phong-15').rules[0]!.completedOn).toBe('2025-12-05');
  });
});
