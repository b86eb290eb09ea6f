/**
 * Children's units placed in a parent's evaluation (rules/place-children.ts) and the groups a
 * parent makes of what it received (collector/rollup/view.ts): placed under the unit each
 * snapshot reports for, figures added to every unit above, a stale child unknown and never
 * done (in the sum too), a child's own top unit joining the parent's unit of the same id, a
 * repeated id not shown twice, forwarded groups judged by their own time and kept inside the
 * sender's units, and nothing placed for a reader of one unit's own rooms.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { placeChildren } from '../../rules/place-children.js';
import { remoteGroups } from '../../collector/rollup/view.js';
import type { Received } from '../../collector/rollup/received.js';
import type { Evaluation, RollupRule, RollupUnit } from '../../schema/index.js';
import { evaluationFixture, RULES } from '../helpers/evaluation-fixture.js';
import { indexEvaluation } from '../../reports/evaluation-index.js';
import type { RollupHost } from '../../schema/index.js';

const NOW = new Date('2025-12-11T03:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

const figures = (passing: number, of: number, status: RollupRule['status'] = passing === of ? 'done' : 'on_track'): RollupRule[] =>
  RULES.map((r) => ({ ruleId: r.id, expected: of, reporting: of, notApplicable: 0, passing, failing: of - passing, unknown: 0, exempted: 0, missingMachines: 0, status, completedOn: status === 'done' ? '2025-12-01' : null }));

const unit = (unitId: string, parentId: string | null, rules: RollupRule[], rooms: RollupUnit['rooms'] = []): RollupUnit => ({ unitId, name: `Đơn vị ${unitId}`, level: 'regional', parentId, rules, rooms });

const received = (at: string, takenAt: string, units: RollupUnit[], forwarded: Received['snapshot']['forwarded'] = []): Received => ({
  snapshot: { id: randomUUID(), sequence: 1, unit: at, takenAt, asOf: '2025-12-11', rules: RULES.map((r) => ({ id: r.id, title: r.title, deadline: r.deadline })), units, forwarded },
  receivedAt: NOW.toISOString(),
  child: { id: `child-${at}`, name: `Collector ${at}` },
  recentIds: [],
});

const byId = (e: Evaluation, id: string) => e.units.find((u) => u.unitId === id)!;

describe('a parent placing its children\'s units', () => {
  const base = evaluationFixture();

  it('puts a fresh child under its unit and adds its figures to every unit above', () => {
    const groups = remoteGroups([received('hp-kv1', hoursAgo(2), [unit('x1', null, figures(4, 4), [{ roomId: 'r1', name: 'Phòng 1', rules: figures(4, 4) }])])], NOW, 26);
    const placed = placeChildren(base, groups);
    expect(placed.units.map((u) => [u.unitId, u.parentId])).toEqual([['hp', null], ['hp-kv1', 'hp'], ['x1', 'hp-kv1']]);
    expect(byId(placed, 'hp-kv1').childIds).toEqual(['x1']);
    expect(byId(placed, 'x1').remote).toEqual({ source: 'Collector hp-kv1', takenAt: hoursAgo(2), ageHours: 2, stale: false });
    expect(byId(placed, 'x1').rooms[0]).toMatchObject({ roomId: 'r1', expectedMachines: 4 });
    for (const id of ['hp', 'hp-kv1']) {
      byId(placed, id).rules.forEach((p, i) => {
        const own = byId(base, id).rules[i]!;
        expect([p.expected, p.passing, p.failing, p.applicable]).toEqual([own.expected + 4, own.passing + 4, own.failing, own.applicable + 4]);
      });
    }
  });

  it('counts a stale child as unknown, never done, in its units and in the sums above', () => {
    // Everything passing at the child, and the parent's own unit with nothing to do: only the child decides.
    const groups = remoteGroups([received('hp-kv1', hoursAgo(30), [unit('x1', null, figures(4, 4))])], NOW, 26);
    expect(groups[0]).toMatchObject({ stale: true, ageHours: 30 });
    const placed = placeChildren(base, groups);
    for (const p of byId(placed, 'x1').rules) expect(p).toMatchObject({ status: 'unknown', passing: 0, failing: 0, unknown: 4, completedOn: null });
    for (const id of ['hp', 'hp-kv1']) for (const p of byId(placed, id).rules) expect(p.status).not.toBe('done');
  });

  it('is done in a sum only when both parts are, since the later part became complete', () => {
    const done = evaluationFixture({ hosts: [] });
    // No host of its own: the parent's units apply to no machine; a complete child makes them complete.
    const placed = placeChildren({ ...done, units: done.units.map((u) => ({ ...u, rules: u.rules.map((r) => ({ ...r, expected: 0, unknown: 0, applicable: 0, missingMachines: 0, status: 'not_applicable' as const })) })) }, remoteGroups([received('hp', hoursAgo(1), [unit('x1', null, figures(3, 3))])], NOW, 26));
    expect(byId(placed, 'hp').rules.map((p) => [p.status, p.completedOn])).toEqual(RULES.map(() => ['done', '2025-12-01']));
  });

  it('joins a child\'s top unit to the parent\'s unit of that id, and never shows an id twice', () => {
    const groups = remoteGroups([received('hp-kv1', hoursAgo(1), [unit('hp-kv1', null, figures(1, 2), [{ roomId: 'r9', name: 'Phòng 9', rules: figures(1, 2) }]), unit('hp', 'hp-kv1', figures(1, 1))])], NOW, 26);
    const placed = placeChildren(base, groups);
    expect(placed.units.map((u) => u.unitId)).toEqual(['hp', 'hp-kv1']);
    expect(byId(placed, 'hp-kv1').remote).toMatchObject({ joined: true, stale: false });
    expect(byId(placed, 'hp-kv1').rooms.map((r) => r.roomId)).toEqual(['kv1-lv', 'r9']);
    expect(byId(placed, 'hp').rules[0]!.expected).toBe(byId(base, 'hp').rules[0]!.expected + 2);
  });

  it('judges forwarded figures by their own time and keeps them inside the sender\'s units', () => {
    const forwarded = [
      { unit: 'x1', source: 'Collector x1', takenAt: hoursAgo(40), units: [unit('y1', null, figures(2, 2))] },
      // Names a unit outside what hp-kv1's child sent: placed nowhere.
      { unit: 'hp', source: 'intruder', takenAt: hoursAgo(1), units: [unit('z1', null, figures(5, 5))] },
    ];
    const groups = remoteGroups([received('hp-kv1', hoursAgo(1), [unit('x1', null, figures(1, 1))], forwarded)], NOW, 26);
    expect(groups.map((g) => [g.at, g.stale])).toEqual([['hp-kv1', false], ['x1', true]]);
    const placed = placeChildren(base, groups);
    expect(placed.units.map((u) => [u.unitId, u.parentId])).toEqual([['hp', null], ['hp-kv1', 'hp'], ['x1', 'hp-kv1'], ['y1', 'x1']]);
    // x1 totals its own machine and its stale child's two unknown ones.
    expect(byId(placed, 'x1').rules[0]).toMatchObject({ expected: 3, passing: 1, unknown: 2 });
    expect(byId(placed, 'x1').rules[0]!.status).not.toBe('done');
  });

  it('places nothing for a reader of one unit\'s own rooms, or of one room', () => {
    const groups = remoteGroups([received('hp', hoursAgo(1), [unit('x1', null, figures(1, 1))])], NOW, 26);
    const own = { ...evaluationFixture({ scopeUnitId: 'hp' }), ownOnly: true as const };
    expect(placeChildren(own, groups)).toBe(own);
    const room = { ...base, scopeRoomId: 'vp' };
    expect(placeChildren(room, groups)).toBe(room);
    // A scope that does not hold the unit a child sits under shows none of it.
    const kv1 = evaluationFixture({ scopeUnitId: 'hp-kv1' });
    expect(placeChildren({ ...kv1, units: kv1.units.filter((u) => u.unitId === 'hp-kv1') }, groups).units.map((u) => u.unitId)).toEqual(['hp-kv1']);
  });

  it('names a child\'s blocking machines from its host rows: in its units, its rooms and every unit above', () => {
    const [r0, r1] = [RULES[0]!.id, RULES[1]!.id];
    const row = (agentId: string, roomId: string | null, failing: string[], unknown: string[]): RollupHost => ({ agentId, hostname: `PC-${agentId.toUpperCase()}`, roomId, failing, unknown });
    const x1 = { ...unit('x1', null, figures(1, 3), [{ roomId: 'r1', name: 'Phòng 1', rules: figures(0, 1) }]), hosts: [row('c-a', 'r1', [r0], []), row('c-b', null, [], [r0, r1])] };
    const x2 = { ...unit('x2', 'x1', figures(0, 1)), hosts: [row('c-c', null, [r1], [])] };
    const placed = placeChildren(base, remoteGroups([received('hp-kv1', hoursAgo(1), [x1, x2])], NOW, 26));
    const blocking = (id: string, i: number) => byId(placed, id).rules[i]!.blockingHosts;
    expect(blocking('x1', 0)).toEqual(['c-a', 'c-b']);
    expect(blocking('x1', 1)).toEqual(['c-b', 'c-c']);
    expect(blocking('x2', 1)).toEqual(['c-c']);
    expect(blocking('x2', 0)).toEqual([]);
    expect(byId(placed, 'x1').rooms[0]!.rules.map((p) => p.blockingHosts)).toEqual(RULES.map((r) => (r.id === r0 ? ['c-a'] : [])));
    for (const id of ['hp-kv1', 'hp']) {
      expect(blocking(id, 0)).toEqual([...byId(base, id).rules[0]!.blockingHosts, 'c-a', 'c-b']);
      expect(blocking(id, 1)).toEqual([...byId(base, id).rules[1]!.blockingHosts, 'c-b', 'c-c']);
    }
    expect(placed.remoteHosts).toEqual([
      { agentId: 'c-a', hostname: 'PC-C-A', unitId: 'x1', roomId: 'r1' },
      { agentId: 'c-b', hostname: 'PC-C-B', unitId: 'x1', roomId: null },
      { agentId: 'c-c', hostname: 'PC-C-C', unitId: 'x2', roomId: null },
    ]);
    // Documents name them by the child's host name.
    expect(indexEvaluation(placed, 'vi').hostname('c-b')).toBe('PC-C-B');

    // A stale child's rows name nobody: its machines are all counted unknown.
    const stale = placeChildren(base, remoteGroups([received('hp-kv1', hoursAgo(30), [x1, x2])], NOW, 26));
    expect(stale.remoteHosts).toBeUndefined();
    expect(byId(stale, 'x1').rules.every((p) => p.blockingHosts.length === 0)).toBe(true);
    expect(byId(stale, 'hp').rules[0]!.blockingHosts).toEqual(byId(base, 'hp').rules[0]!.blockingHosts);
    // A reader whose scope does not hold the unit the child sits under sees none of its machines.
    const kv1 = evaluationFixture({ scopeUnitId: 'hp-kv1' });
    const outside = placeChildren({ ...kv1, units: kv1.units.filter((u) => u.unitId === 'hp-kv1') }, remoteGroups([received('hp', hoursAgo(1), [x1])], NOW, 26));
    expect(outside.remoteHosts).toBeUndefined();
    expect(JSON.stringify(outside)).not.toContain('PC-C-A');
  });
});
