/**
 * The example fleet's documents through the real readiness service: one room on every kind,
 * progress from the first day of the history (and from the latest day before a missing one,
 * saying which day it compares with), the look-ahead in the summary, a given number.
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { equippedSource } from '../../collector/assets/equipment-source.js';
import { produceDocument } from '../../collector/readiness-documents.js';
import type { DocumentRequest } from '../../collector/readiness-documents.js';
import { KINDS } from '../../reports/index.js';
import type { ReadinessDocument } from '../../schema/index.js';
import { exampleFleet, PRINTED_AT } from '../helpers/example-fleet.js';
import type { ExampleFleet } from '../helpers/example-fleet.js';

let dir: string;
let fleet: ExampleFleet;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'readiness-example-'));
  fleet = await exampleFleet(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The equipment review also reads the asset register (none here) from a data directory. */
const sourceFor = (kind: DocumentRequest['kind']) => (kind === 'equipment' ? equippedSource(fleet.readiness, join(dir, 'data')) : fleet.readiness);
const doc = async (req: Partial<DocumentRequest> & Pick<DocumentRequest, 'kind'>): Promise<ReadinessDocument> =>
  (await produceDocument(sourceFor(req.kind), { format: 'json', lang: 'vi', period: 'week', timeZone: 'Asia/Ho_Chi_Minh', ...req }, PRINTED_AT)).document;

describe('one room', () => {
  // The availability document is per unit (its LAN and WAN), and refuses a room (test/reports/availability-document.test.ts).
  it.each(KINDS.filter((k) => !k.needs.availability).map((k) => [k.kind]))('%s holds only that room', async (kind) => {
    const d = await doc({ kind, roomId: 'phong-1' });
    expect(d.room).toEqual({ id: 'phong-1', name: 'Phòng 1' });
    expect(d.form.subject).toContain('tại Phòng 1');
    for (const part of d.parts) {
      for (const row of part.rows) {
        if ('room' in row && row.room !== null && part.id !== 'rules') expect(row.room).toBe('Phòng 1');
        if (typeof row.hostname === 'string' && row.hostname) expect(row.hostname).toBe('PC-P1-01');
      }
    }
  });

  it('leaves out the units rolled up as a whole', async () => {
    const d = await doc({ kind: 'summary', roomId: 'phong-1' });
    expect(d.parts[0]!.rows.filter((r) => r.room === 'Toàn đơn vị')).toEqual([]);
    const evaluation = await fleet.readiness.evaluate({});
    // Phòng 1 signs and is WAN-only: every rule of the pack for machines applies there. The
    // device rules apply nowhere (the example org lists no device): left out, and said so.
    const machineRules = evaluation.rules.filter((r) => r.subject !== 'devices');
    expect(d.parts[0]!.rows).toHaveLength(machineRules.length);
    expect(d.parts[0]!.rows.map((r) => r.stt)).toEqual(machineRules.map((r) => evaluation.rules.indexOf(r) + 1));
    const deviceNumbers = evaluation.rules.flatMap((r, i) => (r.subject === 'devices' ? [i + 1] : []));
    expect(deviceNumbers).toHaveLength(2);
    expect(d.parts[0]!.notes.find((n) => n.startsWith('Không in các tiêu chí không áp dụng'))).toMatch(new RegExp(`: ${deviceNumbers[0]}\\. .*; ${deviceNumbers[1]}\\. `));
    expect(d.facts.find((f) => f.label === 'Tiêu chí hoàn thành / tổng số')!.value).toBe(`0 / ${machineRules.length}`);
  });

  it('names the room in the file name', async () => {
    const out = await produceDocument(fleet.readiness, { kind: 'tracker', format: 'xlsx', lang: 'vi', period: 'day', unitId: 'hp', roomId: 'van-phong' }, PRINTED_AT);
    expect(out.fileName).toBe('theo-doi-lan-wan-hp-van-phong-2026-12-01.xlsx');
  });

  it('refuses a room no unit has, naming the rooms there are', async () => {
    await expect(doc({ kind: 'summary', unitId: 'hp', roomId: 'phong-9' })).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('no room "phong-9" in unit "hp" or the units below it; use one of: phong-1, phong-2, phong-3, phong-7, phong-15, van-phong'),
    });
  });
});

describe('progress', () => {
  it('compares a week with the evaluation a week earlier', async () => {
    const d = await doc({ kind: 'progress', period: 'week' });
    expect(d).toMatchObject({ previousAsOf: '2026-11-24', comparison: { periodEnd: '2026-11-24', basis: 'period_end' } });
    expect(d.form.subject).toBe('Tiến độ triển khai tuần (từ ngày 24/11/2026 đến ngày 01/12/2026)');
    const changes = d.parts.find((p) => p.id === 'changes')!.rows;
    expect(changes.filter((r) => r.change === 'newly_reporting').map((r) => r.hostname)).toEqual(['PC-KV1-02']);
    expect(changes.filter((r) => r.change === 'newly_passing').map((r) => `${r.hostname} ${r.rule}`)).toContain('PC-P1-01 Bộ phần mềm Office có bản quyền');
    expect(changes.filter((r) => r.change === 'regression').map((r) => r.hostname)).toContain('PC-VP-02');
  });

  it('compares a month with the first day there is when the history is shorter, and says so', async () => {
    const d = await doc({ kind: 'progress', period: 'month' });
    expect(d).toMatchObject({ previousAsOf: '2026-11-10', comparison: { periodEnd: '2026-11-01', basis: 'history_start' } });
    expect(d.form.subject).toBe('Tiến độ triển khai tháng (từ ngày 10/11/2026 đến ngày 01/12/2026)');
    expect(d.parts.find((p) => p.id === 'overview')!.notes[0]).toBe('So với ngày 10/11/2026: ngày đầu tiên có số liệu (chưa có số liệu ngày 01/11/2026, cuối kỳ trước).');
  });

  it('says which day it compares with when the end of the period has no record', async () => {
    unlinkSync(join(dir, '2026-11-24.json'));
    const d = await doc({ kind: 'progress', period: 'week' });
    expect(d).toMatchObject({ previousAsOf: '2026-11-23', comparison: { periodEnd: '2026-11-24', basis: 'latest_before' } });
    expect(d.parts.find((p) => p.id === 'overview')!.notes[0]).toBe(
      'So với số liệu ngày 23/11/2026: ngày gần nhất có số liệu trước ngày 24/11/2026 (cuối kỳ trước).',
    );
  });
});

describe('the look-ahead', () => {
  it('marks a rule at risk whose pace of the last 14 days misses its deadline, with the projected day', async () => {
    const evaluation = await fleet.readiness.evaluate({});
    const hp = evaluation.units.find((u) => u.unitId === 'hp')!;
    const office = hp.rules.find((r) => r.ruleId === 'office-licensed')!;
    // 31/12/2026 is 30 days away, outside the 7-day window: the calendar alone says on track.
    expect(office).toMatchObject({ status: 'at_risk', daysLeft: 30, projection: { since: '2026-11-17' } });
    expect(office.projection!.projectedOn! > '2026-12-31').toBe(true);
    const summary = await doc({ kind: 'summary' });
    const row = summary.parts[0]!.rows.find((r) => r.room === 'Toàn đơn vị' && r.rule === 'Bộ phần mềm Office có bản quyền' && r.unit === 'VKSND thành phố Hải Phòng')!;
    expect(row).toMatchObject({ status: 'at_risk', outlook: `${office.projection!.projectedOn!.split('-').reverse().join('/')}` });
  });
});

describe('the form', () => {
  it('prints a given number on the report and on its appendices', async () => {
    expect((await doc({ kind: 'summary', number: '125' })).form).toMatchObject({ number: '125', symbol: 'BC-VKS-VP', type: 'report' });
    expect((await doc({ kind: 'hosts', number: '125' })).form).toMatchObject({
      type: 'appendix',
      attachedTo: '(Kèm theo Báo cáo số 125/BC-VKS-VP ngày 01/12/2026 của VKSND thành phố Hải Phòng)',
    });
  });

  it('keeps its structure in English', async () => {
    const d = await doc({ kind: 'tracker', lang: 'en', unitId: 'hp-kv2' });
    expect(d.form).toMatchObject({
      agency: 'VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 2 - HẢI PHÒNG',
      parentAgency: 'VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
      symbol: 'BC',
      recipients: ['VKSND thành phố Hải Phòng (for information)', 'File: Records'],
      signer: { authority: null, title: 'HEAD OF UNIT', name: null },
    });
  });
});
