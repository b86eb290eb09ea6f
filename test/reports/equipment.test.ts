/**
 * The equipment review: the default pack's decision table as scenario rows (one device, its
 * facts, the proposal and the reasons it must give), missing devices per room, the table
 * checked at load, and the document's counts recomputed from its own rows.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildDocument, renderDocument } from '../../reports/index.js';
import { countProposals } from '../../reports/kinds/equipment.js';
import { conditionMatch, judge, reviewEquipment } from '../../rules/equipment.js';
import { PackError } from '../../rules/compile.js';
import { DEFAULT_PACK_FILE, loadRuleSet, parsePack } from '../../rules/load-pack.js';
import { compileRuleSet } from '../../rules/compile.js';
import type { DocumentRow, EquipmentKind, EquipmentPolicy, Evidence, HostRuleResult } from '../../schema/index.js';
import { evaluationFixture } from '../helpers/evaluation-fixture.js';
import { equipmentReviewFixture } from '../helpers/equipment-fixture.js';

const policy = (await loadRuleSet([DEFAULT_PACK_FILE])).equipment!;
/** A failed check of `fact`: `actual` below the `expected` minimum. */
const below = (fact: string, actual: number, expected: number): Evidence => ({ kind: 'check', fact, op: 'gte', expected, actual, holds: false, notes: [] });
const fail = (ruleId: string, ...evidence: Evidence[]): HostRuleResult => ({ ruleId, status: 'fail', evidence });
const pass = (ruleId: string): HostRuleResult => ({ ruleId, status: 'pass', evidence: [] });
const healthy = [pass('hardware-minimum'), pass('os-supported')];

type Facts = Parameters<typeof judge>[2];
const base: Facts = { ageYears: 2, ageSource: 'bios', condition: 'Tốt', results: healthy, failingDisks: [] };

describe('the default decision table, scenario by scenario', () => {
  it.each<[string, EquipmentKind, Partial<Facts>, string, string[], string[]]>([
    // scenario, kind, facts changed from a healthy two-year-old workstation, proposal, criteria giving reasons, not checked
    ['a healthy workstation', 'workstation', {}, 'keep', [], []],
    ['bought more than five years ago (register)', 'workstation', { ageYears: 6.2, ageSource: 'register' }, 'replace', ['age_over'], []],
    ['BIOS dated more than five years ago', 'workstation', { ageYears: 5.1, ageSource: 'bios' }, 'replace', ['age_over'], []],
    ['exactly five years old', 'workstation', { ageYears: 5 }, 'keep', [], []],
    ['register says "Hỏng"', 'workstation', { condition: 'Hỏng' }, 'replace', ['register_condition'], []],
    ['register says "Hư hỏng màn hình"', 'workstation', { condition: 'Hư hỏng màn hình' }, 'replace', ['register_condition'], []],
    ['register says "Hỏng nhẹ": the more specific wording decides', 'workstation', { condition: 'Hỏng nhẹ' }, 'repair', ['register_condition'], []],
    ['register says "Cần sửa chữa"', 'workstation', { condition: 'Cần sửa chữa' }, 'repair', ['register_condition'], []],
    ['register says "Không hỏng"', 'workstation', { condition: 'Không hỏng' }, 'keep', [], []],
    ['below the QLAHS minimum', 'workstation', { results: [fail('hardware-minimum', below('hardware.memory_gib', 4, 7.5)), pass('os-supported')] }, 'repair', ['rule_fails'], []],
    ['below the minimum and seven years old', 'workstation', { ageYears: 7, results: [fail('hardware-minimum', below('hardware.memory_gib', 4, 7.5)), pass('os-supported')] }, 'replace', ['age_over', 'rule_fails'], []],
    ['Windows 7: OS out of support', 'workstation', { results: [pass('hardware-minimum'), fail('os-supported', { kind: 'check', fact: 'os.supported', op: 'eq', expected: true, actual: false, holds: false, notes: [] })] }, 'repair', ['rule_fails'], []],
    ['a failing disk', 'laptop', { failingDisks: ['ST1000LM035'] }, 'repair', ['failing_disk'], []],
    ['a failing disk on a broken machine', 'workstation', { failingDisks: ['ST1000LM035'], condition: 'Hỏng' }, 'replace', ['register_condition', 'failing_disk'], []],
    ['no SMART status and no age', 'workstation', { failingDisks: undefined, ageYears: null, ageSource: null }, 'keep', [], ['age', 'disks']],
    ['a rule unknown (stale agent)', 'workstation', { results: [{ ruleId: 'hardware-minimum', status: 'unknown', evidence: [] }, pass('os-supported')] }, 'keep', [], ['hardware-minimum']],
    ['a printer six years old: rules and disks do not apply', 'printer', { ageYears: 6, ageSource: 'register', results: null, failingDisks: null }, 'replace', ['age_over'], []],
    ['a scanner marked "Chờ thanh lý"', 'scanner', { condition: 'Chờ thanh lý', results: null, failingDisks: null }, 'replace', ['register_condition'], []],
  ])('%s', (_name, kind, change, proposal, criteria, unchecked) => {
    const judged = judge(policy, kind, { ...base, ...change });
    expect({ proposal: judged.proposal, criteria: judged.reasons.map((r) => r.criterion), unchecked: judged.unchecked }).toEqual({ proposal, criteria, unchecked });
  });

  it('keeps the evidence of the rule a machine fails as its reason', () => {
    const evidence = [below('hardware.memory_gib', 4, 7.5), below('hardware.disk_gib', 59, 100)];
    const judged = judge(policy, 'workstation', { ...base, results: [fail('hardware-minimum', ...evidence), pass('os-supported')] });
    expect(judged.reasons).toEqual([{ criterion: 'rule_fails', ruleId: 'hardware-minimum', evidence }]);
  });

  it.each([
    ['Hỏng', true],
    ['hong', true],
    ['HƯ HỎNG', true],
    ['Không hỏng', false],
    ['Chưa hỏng', false],
    ['Tốt', false],
    ['Hỏng hóc', true],
  ])('"%s" says hỏng: %s', (text, says) => {
    expect(conditionMatch(text, ['hỏng']) > 0).toBe(says);
  });
});

describe('missing devices', () => {
  it('proposes adding what a room lacks against the org file, one line per kind with its quantity', () => {
    const review = reviewEquipment({
      asOf: '2026-12-04',
      now: new Date('2026-12-04T03:00:00Z'),
      policy,
      ruleTitles: {},
      register: null,
      places: [{ unitId: 'hp', roomId: 'vp', expected: { workstations: 3, printers: 2, scanners: null } }],
      machines: [{ agentId: 'a1', hostname: 'VP-01', unitId: 'hp', roomId: 'vp', kind: 'workstation', serial: null, model: null, biosDate: '2024-01-01', failingDisks: [], results: healthy, asset: null }],
      assets: [],
      printers: [{ unitId: 'hp', roomId: 'vp', kind: 'printer', name: 'HP LaserJet M402', model: 'M402', hosts: ['VP-01'] }],
      devices: [],
    });
    const added = review.items.filter((i) => i.proposal === 'add').map((i) => [i.kind, i.quantity, i.reasons]);
    expect(added).toEqual([
      ['workstation', 2, [{ criterion: 'missing', count: 2 }]],
      ['printer', 1, [{ criterion: 'missing', count: 1 }]],
    ]);
    expect(review.places).toEqual([{ unitId: 'hp', roomId: 'vp', expected: { workstations: 3, printers: 2, scanners: null }, present: { workstations: 1, printers: 1, scanners: 0 } }]);
  });
});

describe('the table is checked when the pack loads', () => {
  const pack = (equipment: unknown) => `pack: {id: x, title: {vi: x, en: x}}\nrules:\n  - {id: r1, title: {vi: a, en: a}, remediation: {vi: a, en: a}, category: hardware, severity: low, deadline: 2026-12-31, owner: {who: a, what: a, result: a}, check: {fact: hardware.cpu_cores, op: gte, value: 4}}\nequipment: ${JSON.stringify(equipment)}\n`;
  const load = (...texts: string[]) => compileRuleSet(texts.map((t, i) => parsePack(t, `p${i}.yaml`)));

  it.each([
    [{ decisions: [{ criterion: 'rule_fails', rule: 'no-such-rule', proposal: 'repair', reason: 'x' }] }, 'p0.yaml: field "equipment.decisions.0.rule" names "no-such-rule", which is not a rule of the loaded packs; use one of r1'],
    [{ decisions: [{ criterion: 'age_over', years: 5, proposal: 'add', reason: 'x' }] }, 'field "equipment.decisions.0.proposal"'],
    [{ decisions: [{ criterion: 'age_over', proposal: 'replace', reason: 'x' }] }, 'field "equipment.decisions.0.years"'],
    [{ decisions: [{ criterion: 'age_over', years: 5, proposal: 'replace' }] }, 'field "equipment.decisions.0.reason"'],
    [{ decisions: [{ criterion: 'too_old', proposal: 'replace', reason: 'x' }] }, 'field "equipment.decisions.0.criterion"'],
  ])('%j is refused', (equipment, message) => {
    expect(() => load(pack(equipment))).toThrow(PackError);
    expect(() => load(pack(equipment))).toThrow(message);
  });

  it('allows one equipment table across the packs', () => {
    const ok = { decisions: [{ criterion: 'failing_disk', proposal: 'repair', reason: 'x' }] };
    expect(load(pack(ok)).equipment).toEqual(ok);
    expect(() => load(pack(ok), pack(ok).replace('id: r1', 'id: r2'))).toThrow('p1.yaml: field "equipment" is already given by p0.yaml');
  });

  it('gives every decision of the default pack a reason', () => {
    expect(policy.decisions.length).toBeGreaterThanOrEqual(6);
    expect(policy.decisions.every((d: EquipmentPolicy['decisions'][number]) => d.reason.length > 40)).toBe(true);
  });
});

describe('the equipment document', () => {
  const evaluation = evaluationFixture();
  const review = equipmentReviewFixture(evaluation);
  const doc = buildDocument('equipment', { evaluation, equipment: review }, { lang: 'vi', printedAt: '2025-12-11T04:00:00.000Z' });
  const part = (id: string) => doc.parts.find((p) => p.id === id)!;

  it('has a line per device with its proposal and reasons', () => {
    const byName = (name: string) => part('items').rows.find((r) => r.device === name)!;
    expect(byName('PC-VP-01')).toMatchObject({ room: 'Văn phòng', assetTag: 'TS-2', user: 'Nguyễn Văn An', ageYears: 7.7, ageSource: 'Ngày mua (sổ tài sản)', dataSource: 'Agent và sổ tài sản', proposal: 'replace' });
    expect(byName('PC-VP-01').reason).toEqual(['Đã sử dụng 7,7 năm (quá 5 năm, theo ngày mua (sổ tài sản))']);
    expect(byName('PC-VP-02')).toMatchObject({ ageSource: 'Ngày BIOS', failingDisks: ['ST1000DM003'], proposal: 'repair' });
    expect(byName('PC-VP-02').reason).toEqual(['Ổ đĩa báo lỗi SMART: ST1000DM003', 'Chưa có trong sổ tài sản']);
    expect(byName('PC-KV1-01')).toMatchObject({ proposal: 'repair', 'rule-windows-licensed': { status: 'fail', evidence: [expect.stringContaining('kms.example.net')] } });
    expect(byName('PC-P2-01')).toMatchObject({ proposal: 'keep', ageYears: null });
    expect(byName('PC-P2-01').reason).toEqual(['Chưa kiểm tra được: tuổi thiết bị, Hệ điều hành Windows có bản quyền, trạng thái SMART ổ đĩa', 'Chưa có trong sổ tài sản']);
    expect(byName('Máy tính Phòng 2 (cũ)')).toMatchObject({ dataSource: 'Sổ tài sản', proposal: 'replace' });
    expect(byName('Máy tính Phòng 2 (cũ)').reason).toContain('Chưa có báo cáo của agent: chỉ xét theo sổ tài sản');
    // The register's printer and the one the agents see are one device.
    const printers = part('items').rows.filter((r) => r.kind === 'Máy in');
    expect(printers.map((r) => [r.device, r.proposal, r.reason])).toEqual([['Canon LBP 2900', 'replace', ['Sổ tài sản ghi tình trạng "Hỏng trống mực"', 'Thấy từ máy: PC-VP-01']]]);
  });

  it('counts per room and unit are the sums of its own lines', () => {
    const items = part('items').rows;
    const sum = (rows: DocumentRow[]) => countProposals(rows.map((r) => ({ proposal: r.proposal as 'replace', quantity: r.quantity as number })));
    const roomRows = part('rooms').rows;
    for (const row of roomRows) {
      const lines = row.room === 'Toàn đơn vị'
        ? items.filter((i) => i.unit === row.unit || (row.unit === 'VKSND thành phố Hải Phòng' && i.unit === 'VKSND khu vực 1 Hải Phòng'))
        : items.filter((i) => i.unit === row.unit && i.room === row.room);
      expect({ unit: row.unit, room: row.room, ...sum(lines) }).toEqual({ unit: row.unit, room: row.room, replace: row.replace, add: row.add, repair: row.repair, keep: row.keep });
    }
    // Present workstations per room: agents plus register-only machines, against what the org expects.
    expect(roomRows.filter((r) => r.room !== 'Toàn đơn vị').map((r) => [r.room, r.expectedWorkstations, r.presentWorkstations, r.missingWorkstations, r.add])).toEqual([
      ['Văn phòng', 3, 2, 1, 1],
      ['Phòng 1', 2, 1, 1, 1],
      ['Phòng 2', 1, 2, 0, 0],
      ['Phòng làm việc số 1', 2, 1, 1, 1],
    ]);
    const facts = Object.fromEntries(doc.facts.map((f) => [f.label, f.value]));
    const all = sum(items);
    expect([facts['Đề xuất thay thế'], facts['Đề xuất bổ sung'], facts['Đề xuất sửa chữa, nâng cấp']]).toEqual([all.replace, all.add, all.repair]);
  });

  it('prints the decision table with each threshold and its reason', () => {
    expect(part('criteria').rows.map((r) => [r.criterion, r.threshold, r.proposal])).toEqual([
      ['Thiếu so với số dự kiến', 'Số hiện có ít hơn số dự kiến', 'add'],
      ['Tình trạng ghi trong sổ tài sản', 'Một trong: hỏng', 'replace'],
      ['Quá thời gian sử dụng', 'Trên 5 năm', 'replace'],
      ['Không đạt tiêu chí', 'Hệ điều hành Windows có bản quyền', 'repair'],
      ['Ổ đĩa báo lỗi (SMART)', 'Trạng thái SMART khác "OK"', 'repair'],
    ]);
  });

  it('writes the proposals in words and colours in XLSX and HTML, in both languages', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderDocument(doc, 'xlsx')) as unknown as ArrayBuffer);
    const sheet = wb.worksheets.find((w) => w.name.startsWith('Danh sách'))!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf('Đề xuất');
    const words = new Set<string>();
    sheet.eachRow((row, n) => void (n > 1 && words.add(String(row.getCell(col).value))));
    expect([...words].sort()).toEqual(['Bổ sung', 'Giữ nguyên', 'Sửa chữa, nâng cấp', 'Thay thế']);
    const html = Buffer.from(await renderDocument(doc, 'html')).toString('utf8');
    expect(html).toContain('class="t-proposal s-replace">Thay thế</td>');
    const en = buildDocument('equipment', { evaluation, equipment: review }, { lang: 'en', printedAt: '2025-12-11T04:00:00.000Z' });
    expect(en.title).toBe('Equipment review and replacement proposals');
    expect(en.parts.find((p) => p.id === 'items')!.rows.find((r) => r.device === 'PC-VP-02')!.reason).toEqual(['SMART reports failing disk(s): ST1000DM003', 'Not in the asset register']);
  });
});
