/**
 * An equipment review of the evaluation fixture's fleet (test/helpers/evaluation-fixture.ts),
 * decided by the real `reviewEquipment` from a small decision table: a machine bought in
 * 2018 (replace), a failing disk (repair), a pirate-KMS Windows (repair, through the
 * `windows-licensed` rule), a broken printer in the register (replace), a workstation known
 * only from the register (replace, too old), rooms short of machines (add).
 */
import { EquipmentPolicy, EquipmentReview } from '../../schema/index.js';
import type { AssetRow, Evaluation } from '../../schema/index.js';
import { reviewEquipment } from '../../rules/equipment.js';
import type { ReviewMachine } from '../../rules/equipment.js';

export const FIXTURE_POLICY = EquipmentPolicy.parse({
  source: 'Nghị quyết 46-NQ/BTVĐU, mục I.3',
  decisions: [
    { criterion: 'missing', proposal: 'add', reason: 'Rooms short of the expected devices need the difference.' },
    { criterion: 'register_condition', conditions: ['hỏng'], proposal: 'replace', reason: 'Broken in the register.' },
    { criterion: 'age_over', years: 5, proposal: 'replace', reason: 'Five years of wear.' },
    { criterion: 'rule_fails', rule: 'windows-licensed', proposal: 'repair', reason: 'Reinstall with a licence.' },
    { criterion: 'failing_disk', proposal: 'repair', reason: 'Replace the disk.' },
  ],
});

const asset = (line: number, extra: Partial<AssetRow>): AssetRow => ({
  line,
  assetTag: `TS-${line}`,
  kind: 'workstation',
  kindText: 'Máy tính để bàn',
  name: null,
  serial: null,
  model: null,
  hostname: null,
  mac: null,
  purchaseDate: null,
  unitText: null,
  roomText: null,
  unitId: 'hp',
  roomId: null,
  user: null,
  condition: 'Tốt',
  note: null,
  ...extra,
});

const MACHINE_FACTS: Record<string, Pick<ReviewMachine, 'serial' | 'model' | 'biosDate' | 'failingDisks' | 'asset'>> = {
  'a-vp-01': { serial: 'CZC8123ABC', model: 'HP ProDesk 400 G4', biosDate: '2018-02-01', failingDisks: [], asset: asset(2, { serial: 'CZC8123ABC', roomId: 'vp', purchaseDate: '2018-03-15', user: 'Nguyễn Văn An' }) },
  'a-vp-02': { serial: '5CG1234XYZ', model: 'Dell OptiPlex 3080', biosDate: '2022-01-10', failingDisks: ['ST1000DM003'], asset: null },
  'a-p1-01': { serial: 'PF2ABCDE', model: 'Lenovo ThinkCentre M70t', biosDate: '2023-06-01', failingDisks: [], asset: null },
  'a-p2-01': { serial: null, model: null, biosDate: null, failingDisks: undefined, asset: null },
  'a-kv1-01': { serial: 'MXL0001', model: 'HP 280 G5', biosDate: '2021-09-09', failingDisks: [], asset: null },
};

/** Register lines no host matches: a broken printer, a scanner, a workstation without an agent. */
const UNMATCHED: AssetRow[] = [
  asset(3, { kind: 'printer', kindText: 'Máy in', model: 'Canon LBP 2900', roomId: 'vp', purchaseDate: '2021-05-20', condition: 'Hỏng trống mực' }),
  asset(4, { kind: 'scanner', kindText: 'Máy scan', model: 'Canon DR-C230', roomId: 'p1', purchaseDate: '2024-02-01' }),
  asset(5, { name: 'Máy tính Phòng 2 (cũ)', roomId: 'p2', purchaseDate: '2017-10-01', user: 'Trần Thị Bình' }),
];

export function equipmentReviewFixture(evaluation: Evaluation): EquipmentReview {
  const units = new Set(evaluation.units.map((u) => u.unitId));
  const expected: Record<string, { workstations: number; printers: number | null; scanners: number | null }> = {
    vp: { workstations: 3, printers: 1, scanners: null },
    p1: { workstations: 2, printers: null, scanners: 1 },
    p2: { workstations: 1, printers: null, scanners: null },
    'kv1-lv': { workstations: 2, printers: null, scanners: null },
  };
  const review = reviewEquipment({
    asOf: evaluation.asOf,
    now: new Date(`${evaluation.asOf}T03:00:00Z`),
    policy: FIXTURE_POLICY,
    ruleTitles: { 'windows-licensed': evaluation.rules.find((r) => r.id === 'windows-licensed')?.title ?? { vi: 'windows-licensed', en: 'windows-licensed' } },
    register: { importedAt: '2025-12-01T02:00:00.000Z', sourceFile: 'so-tai-san-2025.xlsx', rows: 5 },
    places: evaluation.units.flatMap((u) => [
      { unitId: u.unitId, roomId: null, expected: { workstations: 0, printers: null, scanners: null } },
      ...u.rooms.map((r) => ({ unitId: u.unitId, roomId: r.roomId, expected: expected[r.roomId] ?? { workstations: 0, printers: null, scanners: null } })),
    ]),
    machines: evaluation.hosts.map((h) => ({
      agentId: h.agentId,
      hostname: h.hostname,
      unitId: h.unitId,
      roomId: h.roomId,
      kind: 'workstation' as const,
      results: h.results.filter((r) => r.ruleId === 'windows-licensed'),
      ...MACHINE_FACTS[h.agentId]!,
    })),
    assets: UNMATCHED.filter((a) => units.has(a.unitId!)),
    printers: units.has('hp') ? [{ unitId: 'hp', roomId: 'vp', kind: 'printer', name: 'Canon LBP2900', model: 'Canon LBP2900', hosts: ['PC-VP-01'] }] : [],
    devices: [],
  });
  return EquipmentReview.parse(review);
}
