/** The five report kinds built from the Hải Phòng fixture: each row says what the evaluation says. */
import { describe, expect, it } from 'vitest';
import { buildDocument, KINDS } from '../../reports/index.js';
import { ReadinessDocument } from '../../schema/index.js';
import type { DocumentRow, ReportKind } from '../../schema/index.js';
import { currentHosts, evaluationFixture, historyFixture, previousEvaluationFixture, RULES } from '../helpers/evaluation-fixture.js';
import { equipmentReviewFixture } from '../helpers/equipment-fixture.js';

const printedAt = '2025-12-11T04:00:00.000Z';
const evaluation = evaluationFixture();
const build = (kind: ReportKind, lang: 'vi' | 'en' = 'vi', scopeUnitId: string | null = null) =>
  buildDocument(
    kind,
    {
      evaluation: scopeUnitId ? evaluationFixture({ scopeUnitId }) : evaluation,
      previous: previousEvaluationFixture({ scopeUnitId }),
      history: historyFixture(),
      equipment: equipmentReviewFixture(scopeUnitId ? evaluationFixture({ scopeUnitId }) : evaluation),
    },
    { lang, printedAt, period: 'day' },
  );
const part = (kind: ReportKind, id: string, lang: 'vi' | 'en' = 'vi') => build(kind, lang).parts.find((p) => p.id === id)!;

describe('every kind', () => {
  it.each(KINDS.map((k) => [k.kind]))('%s builds a valid document in both languages, dated and named for its unit', (kind) => {
    for (const lang of ['vi', 'en'] as const) {
      const doc = ReadinessDocument.parse(build(kind, lang, 'hp-kv1'));
      expect(doc.unit).toEqual({ id: 'hp-kv1', name: 'VKSND khu vực 1 Hải Phòng' });
      expect(doc.asOf).toBe('2025-12-11');
      expect(doc.printedAt).toBe(printedAt);
      expect(doc.parts.map((p) => p.id)).toContain(doc.primaryPart);
    }
  });

  it('names the whole fleet when no unit was asked for', () => {
    expect(build('summary').unit).toEqual({ id: null, name: 'Tất cả đơn vị' });
    expect(build('summary', 'en').unit.name).toBe('All units');
  });
});

describe('summary', () => {
  const rows = part('summary', 'summary').rows;
  const find = (unit: string, room: string, ruleStart: string) => rows.find((r) => r.unit === unit && r.room === room && String(r.rule).startsWith(ruleStart))!;

  it('has one row per unit and room and rule, unit totals first', () => {
    // 2 units × (1 total + their rooms: 3 and 1) × 6 rules
    expect(rows).toHaveLength((4 + 2) * RULES.length);
    expect(rows[0]).toMatchObject({ unit: 'VKSND thành phố Hải Phòng', room: 'Toàn đơn vị' });
  });

  it.each([
    // unit, room, rule, the figures the fixture's hosts give
    ['VKSND thành phố Hải Phòng', 'Toàn đơn vị', 'Máy tính kết nối', { expected: 8, reporting: 4, passing: 4, completion: 50, status: 'overdue', deadline: '2025-12-10' }],
    ['VKSND thành phố Hải Phòng', 'Văn phòng', 'Kết nối mạng WAN', { expected: 3, reporting: 2, passing: 2, completion: 66.7, status: 'on_track' }],
    ['VKSND thành phố Hải Phòng', 'Phòng 2', 'Tường lửa', { expected: 1, reporting: 0, passing: 0, completion: 0, status: 'unknown' }],
    ['VKSND khu vực 1 Hải Phòng', 'Phòng làm việc số 1', 'Hệ điều hành Windows', { expected: 2, reporting: 1, passing: 0, failing: 1, unknown: 1, applicable: 2, completion: 0 }],
  ] as const)('%s / %s / %s', (unit, room, rule, expected) => {
    expect(find(unit, room, rule)).toMatchObject(expected);
  });

  it('has no chart: the progress report and the tracker chart completion over time', () => {
    expect(build('summary').chart).toBeNull();
    expect(build('summary').parts.map((p) => [p.id, p.dataOnly])).toEqual([
      ['summary', false],
      ['rules', true],
    ]);
  });

  it("names each rule's owner under the table, rules with one owner together", () => {
    expect(build('summary').parts[0]!.notes.at(-1)).toBe(
      'Phụ trách (theo STT tiêu chí): 1, 2: Văn phòng + VNPT; 3: Văn phòng; 4: Các đơn vị; 5, 6: Cán bộ CNTT.',
    );
  });
});

describe('progress charts', () => {
  it('charts every rule of the city against its deadline', () => {
    const chart = build('progress').chart!;
    expect(chart.series.map((s) => s.ruleId)).toEqual(RULES.map((r) => r.id));
    expect(chart.series[0]).toMatchObject({ unitId: 'hp', deadline: '2025-12-10' });
    expect(chart.series[0]!.points).toHaveLength(21);
  });
});

describe('tracker', () => {
  const rows = part('tracker', 'tracker').rows;
  const row = (unit: string, room: string) => rows.find((r) => r.unit === unit && r.room === room)!;

  it('puts LAN and WAN side by side with days left or overdue', () => {
    expect(row('VKSND thành phố Hải Phòng', 'Phòng 1')).toMatchObject({
      lanCompletion: 50,
      lanDeadline: '2025-12-10',
      lanDaysLeft: null,
      lanDaysOverdue: 1,
      lanStatus: 'overdue',
      wanCompletion: 0,
      wanDeadline: '2025-12-26',
      wanDaysLeft: 15,
      wanDaysOverdue: null,
      wanStatus: 'on_track',
    });
  });

  it('names the machines that hold each side back, and counts those that never reported', () => {
    expect(row('VKSND thành phố Hải Phòng', 'Phòng 1')).toMatchObject({
      wanBlocking: ['PC-P1-01', 'Máy chưa báo cáo: 1'],
      wanBlockingCount: 2,
    });
    expect(row('VKSND thành phố Hải Phòng', 'Toàn đơn vị').wanBlocking).toEqual(['PC-KV1-01', 'PC-P1-01', 'PC-P2-01', 'Máy chưa báo cáo: 3']);
  });

  it('names at most 50 machines in a cell and counts the rest', () => {
    const template = currentHosts().find((h) => h.agentId === 'a-p1-01')!;
    const hosts = Array.from({ length: 60 }, (_, i) => ({ ...template, agentId: `a-${i}`, hostname: `PC-P1-${String(i + 1).padStart(2, '0')}` }));
    const doc = buildDocument('tracker', { evaluation: evaluationFixture({ hosts }) }, { lang: 'vi', printedAt });
    const p1 = doc.parts[0]!.rows.find((r) => r.room === 'Phòng 1')!;
    expect(p1.wanBlockingCount).toBe(60);
    expect(p1.wanBlocking).toHaveLength(51);
    expect((p1.wanBlocking as string[]).slice(0, 2)).toEqual(['PC-P1-01', 'PC-P1-02']);
    expect((p1.wanBlocking as string[])[50]).toBe('và 10 máy khác');
  });

  it('charts only LAN and WAN rules', () => {
    expect(build('tracker').chart!.series.map((s) => s.ruleId)).toEqual(['lan-gateway', 'wan-qlahs']);
  });
});

describe('hosts checklist', () => {
  const hosts = part('hosts', 'hosts').rows;
  const checklist = part('hosts', 'checklist').rows;

  it('lists failures first, then unknowns, then one folded line of passes, with what to do', () => {
    const vp02 = checklist.filter((r) => r.hostname === 'PC-VP-02');
    expect(vp02.map((r) => [r.stt, r.result])).toEqual([
      [1, 'fail'],
      [2, 'unknown'],
      [3, 'pass'],
    ]);
    expect(vp02[0]!.evidence).toEqual(['Phần mềm điều khiển từ xa: UltraViewer (đang chạy), AnyDesk (yêu cầu: không có)']);
    expect(vp02[0]!.remediation).toBe('Gỡ bỏ phần mềm điều khiển từ xa trước khi rà quét.');
    // An unknown says how to get the data, not how to fix a failure.
    expect(vp02[1]!.evidence).toEqual(['Số phần mềm diệt virus đang bật: chưa có số liệu — máy không gửi mục diệt virus (hết thời gian chờ)']);
    expect(vp02[1]!.remediation).toMatch(/^Máy không gửi được mục diệt virus: chạy lại chương trình kiểm tra với quyền quản trị/);
    expect(vp02[2]).toMatchObject({ rule: '4 tiêu chí đạt', evidence: null, remediation: null });
    expect(checklist.find((r) => r.hostname === 'PC-VP-01')).toMatchObject({ rule: '6 tiêu chí đạt', result: 'pass' });
  });

  it('folds the unknown rules of a machine out of contact into one line saying since when', () => {
    expect(checklist.filter((r) => r.hostname === 'PC-P2-01')).toEqual([
      expect.objectContaining({ rule: '6 tiêu chí chưa rõ', result: 'unknown', evidence: ['Không có báo cáo mới trong 74 giờ (quá thời hạn 72 giờ)'] }),
    ]);
  });

  it('lists every rule of every machine with the all option', () => {
    const all = buildDocument('hosts', { evaluation }, { lang: 'vi', printedAt, all: true }).parts.find((p) => p.id === 'checklist')!;
    expect(all.rows).toHaveLength(5 * RULES.length);
    expect(all.notes).toEqual([]);
  });

  it('heads each machine with who it is, repeated on a continued page', () => {
    const part = build('hosts').parts.find((p) => p.id === 'checklist')!;
    expect(part.groupRepeat).toBe(true);
    expect(part.groupBy).toEqual(['hostname', 'unit', 'room', 'ip', 'mac', 'serial', 'user', 'lastSeen']);
    expect(checklist.find((r) => r.hostname === 'PC-VP-01')).toMatchObject({ ip: '192.0.2.18', mac: '00:1A:2B:3C:4D:5E', serial: 'SN-PC-VP-01' });
  });

  it.each([
    ['PC-VP-01', 'pass'],
    ['PC-VP-02', 'fail'],
    ['PC-P2-01', 'unknown'], // out of contact: never ready, whatever it reported before
  ] as const)('%s is ready: %s', (hostname, ready) => {
    expect(hosts.find((r) => r.hostname === hostname)!.ready).toBe(ready);
  });

  it('orders machines by unit, room as the org file lists them, then name', () => {
    expect(hosts.map((r) => r.hostname)).toEqual(['PC-VP-01', 'PC-VP-02', 'PC-P1-01', 'PC-P2-01', 'PC-KV1-01']);
  });
});

describe('security sheet', () => {
  const doc = build('security');
  const devices = doc.parts[0]!;

  it('has a finding per antivirus and security rule and empty fields for the officer', () => {
    expect(devices.columns.filter((c) => c.type === 'finding').map((c) => c.key)).toEqual([
      'finding:antivirus-active',
      'finding:firewall-on',
      'finding:no-remote-access',
    ]);
    const blanks = devices.columns.filter((c) => c.type === 'blank');
    expect(blanks.map((c) => c.label)).toEqual([
      'Kết luận',
      ...devices.columns.filter((c) => c.type === 'finding').map((c) => `Đánh giá: ${c.label}`),
      'Điều kiện',
      'Hạn thực hiện điều kiện',
      'Cán bộ rà quét',
      'Ngày',
      'Đại diện đơn vị chứng kiến',
      'Chức vụ người chứng kiến',
      'Ghi chú',
      'Chữ ký',
    ]);
    expect(blanks[0]!.choices).toEqual(['Đạt', 'Không đạt', 'Đạt có điều kiện']);
    expect(blanks[1]!.choices).toEqual(['Đạt', 'Không đạt', 'Không áp dụng']);
    const vp02 = devices.rows.find((r: DocumentRow) => r.hostname === 'PC-VP-02')!;
    expect(vp02['finding:no-remote-access']).toEqual({ status: 'fail', evidence: ['Phần mềm điều khiển từ xa: UltraViewer (đang chạy), AnyDesk (yêu cầu: không có)'] });
    // Never scanned, and no hidden ids without the collector's bindings (a sheet for a past day cannot be imported).
    expect(vp02).toMatchObject({ autoResult: 'fail', lastScan: 'Chưa rà quét', scanStatus: 'Chưa rà quét', changesSince: null, host_id: null, report_id: null });
    expect(devices.columns.filter((c) => c.hidden).map((c) => c.key)).toEqual(['host_id', 'report_id', 'collected_at', 'posture_sha256', 'posture']);
  });

  it('judges only security findings: a WAN failure does not fail the scan', () => {
    expect(devices.rows.find((r) => r.hostname === 'PC-KV1-01')!.autoResult).toBe('pass');
  });
});

describe('progress', () => {
  it('compares with the end of the previous period', () => {
    const doc = build('progress');
    expect(doc).toMatchObject({ period: 'day', previousAsOf: '2025-12-10', title: 'Báo cáo tiến độ ngày' });
    const overview = doc.parts.find((p) => p.id === 'overview')!.rows;
    expect(overview.find((r) => r.room === 'Phòng 1' && String(r.rule).startsWith('Máy tính kết nối'))).toMatchObject({
      previousPct: 0,
      currentPct: 50,
      deltaPct: 50,
    });
  });

  it('lists the changes grouped by kind', () => {
    const changes = build('progress').parts.find((p) => p.id === 'changes')!.rows;
    expect([...new Set(changes.map((r) => r.change))]).toEqual(['newly_passing', 'regression', 'newly_reporting', 'became_overdue']);
    expect(changes.filter((r) => r.change === 'regression').map((r) => r.hostname)).toEqual(['PC-VP-02']);
  });

  it('refuses to build without the previous evaluation', () => {
    expect(() => buildDocument('progress', { evaluation }, { lang: 'vi', printedAt })).toThrow(/previous period/);
  });
});
