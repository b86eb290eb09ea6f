/**
 * `GET /api/v1/readiness/<kind>.<format>` in-process: authentication, names and errors, the
 * headers a browser needs, and that the bytes are the document asked for. First against a
 * source that serves the Hải Phòng fixture, then end to end through the real rule engine.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Readiness } from '../../collector/readiness.js';
import type { ReadinessSource } from '../../collector/readiness-source.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { ReadinessDocument } from '../../schema/index.js';
import { evaluationFixture, historyFixture, previousEvaluationFixture } from '../helpers/evaluation-fixture.js';
import { makeReport } from '../helpers/report-fixture.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';

/** Serves the fixture for 11/12/2025 and the previous fleet for any earlier day; remembers the questions. */
function fixtureSource() {
  const asked: Array<{ unitId: string | null; asOf: string | null }> = [];
  const source: ReadinessSource = {
    evaluate: async ({ unitId, asOf }) => {
      asked.push({ unitId: unitId ?? null, asOf: asOf ?? null });
      if (!asOf || asOf === '2025-12-11') return evaluationFixture({ scopeUnitId: unitId ?? null });
      return { ...previousEvaluationFixture({ scopeUnitId: unitId ?? null }), asOf, recordedOn: asOf };
    },
    completionSeries: async ({ from, to }) => historyFixture(from, to).points,
  };
  return { source, asked };
}

const client = () => {
  const { source, asked } = fixtureSource();
  const { get } = makeTestApp({ readiness: inProcessJobs(source), now: () => new Date('2025-12-11T04:00:00Z') });
  return { get: (path: string) => get(path, ADMIN_TOKEN), anonymous: (path: string) => get(path), asked };
};

describe('GET /api/v1/readiness/<kind>.<format>', () => {
  it('asks for the admin token', async () => {
    const res = await client().anonymous('/readiness/summary.html');
    expect(res.status).toBe(401);
  });

  it.each(['summery.xlsx', 'summary.pdf', 'summary.xlsx.bak'])('refuses %s and names the kinds and formats', async (name) => {
    const res = await client().get(`/readiness/${name}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('summary, tracker, hosts, security, progress');
    expect(body.error.message).toContain('html, xlsx, csv, json');
  });

  it('sends an XLSX as an attachment named for the report, unit and day', async () => {
    const res = await client().get('/readiness/summary.xlsx?unit=hp-kv1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-tong-hop-hp-kv1-2025-12-11.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.getWorksheet('Thông tin')!.getCell('A2').value).toBe('VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1 HẢI PHÒNG');
  });

  it('shows HTML in the browser, in English when asked', async () => {
    const res = await client().get('/readiness/tracker.html?lang=en');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="lan-wan-tracker-all-2025-12-11.html"');
    expect(await res.text()).toContain('<p class="doc-type">REPORT</p><p class="doc-subject">LAN and WAN completion (figures as of 2025-12-11)</p>');
  });

  it('compares a weekly progress report with the evaluation a week earlier', async () => {
    const c = client();
    const res = await c.get('/readiness/progress.json?unit=hp&asOf=2025-12-11&period=week');
    expect(res.status).toBe(200);
    expect(c.asked).toEqual([
      { unitId: 'hp', asOf: '2025-12-11' },
      { unitId: 'hp', asOf: '2025-12-04' },
    ]);
    const doc = ReadinessDocument.parse(await res.json());
    expect(doc).toMatchObject({ kind: 'progress', period: 'week', previousAsOf: '2025-12-04', title: 'Báo cáo tiến độ tuần' });
    expect(doc.chart!.from).toBe('2025-11-11');
  });

  it('writes another CSV part, with semicolons when asked', async () => {
    const res = await client().get('/readiness/hosts.csv?part=hosts&delimiter=semicolon');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="danh-muc-kiem-tra-may-tat-ca-2025-12-11.csv"');
    const rows: string[][] = parse(Buffer.from(await res.arrayBuffer()), { bom: true, delimiter: ';' });
    expect(rows[0]!.slice(0, 4)).toEqual(['STT', 'Đơn vị', 'Phòng', 'Tên máy']);
    expect(rows).toHaveLength(6);
  });

  it('narrows to a room, lists every rule and prints the number given', async () => {
    const res = await client().get('/readiness/hosts.json?room=vp&all=1&number=12');
    expect(res.status).toBe(200);
    const doc = ReadinessDocument.parse(await res.json());
    expect(doc.room).toEqual({ id: 'vp', name: 'Văn phòng' });
    expect(doc.form.number).toBe('12');
    const checklist = doc.parts.find((p) => p.id === 'checklist')!;
    expect(new Set(checklist.rows.map((r) => r.hostname))).toEqual(new Set(['PC-VP-01', 'PC-VP-02']));
    expect(checklist.rows).toHaveLength(2 * 6);
    expect(res.headers.get('content-disposition')).toBe('inline; filename="danh-muc-kiem-tra-may-tat-ca-vp-2025-12-11.json"');
  });

  it('answers a room that does not exist with a 404 naming the rooms', async () => {
    const res = await client().get('/readiness/summary.html?room=p9');
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('no room \\"p9\\" in any unit; use one of: vp, p1, p2, kv1-lv');
  });

  it.each([
    ['/readiness/hosts.csv?part=nope', 'its parts are hosts, checklist'],
    ['/readiness/hosts.html?number=12%2FBC', 'number'],
    ['/readiness/hosts.html?all=yes', 'all'],
    ['/readiness/summary.json?asOf=11-12-2025', 'asOf'],
    ['/readiness/summary.json?lang=fr', 'lang'],
    ['/readiness/progress.json?period=year', 'period'],
  ])('refuses %s with a 400 that says what is wrong', async (path, says) => {
    const res = await client().get(path);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(says);
  });
});

describe('readiness documents through the rule engine', () => {
  it('builds the host checklist from a report the collector received', async () => {
    const store = new MemoryStore();
    const now = () => new Date('2025-12-05T08:00:00Z');
    const readiness = new Readiness({ store, org: null, rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: null, now });
    const t = makeTestApp({ store, readiness: inProcessJobs(readiness), org: readiness, now });
    const { agentId, agentKey } = await t.enroll('hp-vanphong', 'phong-1');
    expect((await t.sendReport(makeReport(agentId), agentKey)).status).toBe(201);

    const json = await t.get('/readiness/hosts.json?unit=hp-vanphong', ADMIN_TOKEN);
    expect(json.status).toBe(200);
    const doc = ReadinessDocument.parse(await json.json());
    const checklist = doc.parts.find((p) => p.id === 'checklist')!;
    expect(checklist.rows.length).toBeGreaterThan(5);
    expect(new Set(checklist.rows.map((r) => r.hostname))).toEqual(new Set(['VP-PC01']));
    expect(checklist.rows.every((r) => ['pass', 'fail', 'unknown', 'not_applicable'].includes(String(r.result)))).toBe(true);

    const xlsx = await t.get('/readiness/security.xlsx?unit=hp-vanphong', ADMIN_TOKEN);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.getWorksheet('Phiếu rà quét')!.getCell('D2').value).toBe('VP-PC01');
  });

  it('makes a progress report on a new install, comparing with the first day there is and saying so', async () => {
    const t = makeTestApp();
    const res = await t.get('/readiness/progress.json', ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const doc = ReadinessDocument.parse(await res.json());
    expect(doc).toMatchObject({ asOf: '2025-12-05', previousAsOf: '2025-12-05', comparison: { periodEnd: '2025-12-04', basis: 'history_start' } });
    expect(doc.parts.find((p) => p.id === 'overview')!.notes[0]).toBe(
      'So với ngày 05/12/2025: ngày đầu tiên có số liệu (chưa có số liệu ngày 04/12/2025, cuối kỳ trước).',
    );
  });
});
