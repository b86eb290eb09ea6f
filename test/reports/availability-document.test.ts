/**
 * The `availability` document (reports/kinds/availability.ts) from a synthetic series with known
 * outages, through the documents route as a reader asks for it: exact minutes and % for a month
 * (an outage crossing the month's end counts its November minutes only), the outage log, the
 * reader's units only (another unit's outages never appear; asking for it is refused), the XLSX
 * read back with exceljs, and the printed form in headless Chromium: A4 landscape, a sane page
 * count, the agency header and the signature block.
 */
import { chromium } from 'playwright-core';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../collector/org-file.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { AccessStore } from '../../collector/access/access-store.js';
import { createAccessControl } from '../../collector/access/access-control.js';
import { SeriesStore } from '../../collector/availability/series-store.js';
import { periodDays, withAvailability } from '../../collector/availability-source.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import type { ReadinessDocument } from '../../schema/index.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';
import { addUsers } from '../helpers/access-fixture.js';
import { systemRequirement } from '../helpers/system.js';

const chromiumReq = systemRequirement({ commands: ['chromium'], install: 'apt-get install chromium' });

/** Hải Phòng is UTC+7: local wall-clock time as an instant. */
const local = (day: string, time: string) => new Date(Date.parse(`${day}T${time}:00+07:00`)).toISOString();

let t: ReturnType<typeof makeTestApp>;
let users: Record<string, { name: string; token: string }>;

beforeAll(async () => {
  const now = new Date('2026-12-01T03:00:00Z');
  const store = new MemoryStore();
  const readiness = new Readiness({ store, org: await loadOrgFile('examples/org.haiphong.yaml'), rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: null, now: () => now });
  const series = new SeriesStore(null);
  for (const unit of ['hp-kv1', 'hp-kv2']) {
    await series.append(unit, 'lan', { at: local('2026-11-01', '00:00'), state: 'up', machines: 4, targets: [] });
    await series.append(unit, 'wan', { at: local('2026-11-01', '00:00'), state: 'up', machines: 4, targets: [] });
  }
  // hp-kv1's WAN: 90 minutes on the 10th, then 23:30 on the 30th to 00:30 on 1 December (30 minutes in November).
  await series.append('hp-kv1', 'wan', { at: local('2026-11-10', '10:00'), state: 'down', machines: 3, targets: ['172.16.0.10'] });
  await series.append('hp-kv1', 'wan', { at: local('2026-11-10', '11:30'), state: 'up', machines: 4, targets: [] });
  await series.append('hp-kv1', 'wan', { at: local('2026-11-30', '23:30'), state: 'down', machines: 4, targets: ['172.16.0.10', '172.16.0.11'] });
  await series.append('hp-kv1', 'wan', { at: local('2026-12-01', '00:30'), state: 'up', machines: 4, targets: [] });
  // hp-kv2's WAN: a long outage nobody in hp-kv1 may see.
  await series.append('hp-kv2', 'wan', { at: local('2026-11-20', '08:00'), state: 'down', machines: 2, targets: ['10.99.0.1'] });
  await series.append('hp-kv2', 'wan', { at: local('2026-11-20', '16:00'), state: 'up', machines: 2, targets: [] });
  const access = new AccessStore({ dataDir: null, now: () => now });
  t = makeTestApp({ store, now: () => now, ...readinessDeps(readiness), readiness: inProcessJobs(withAvailability(readiness, () => series, (scope) => readiness.listUnits(scope))), access: createAccessControl({ store: access, bootstrapToken: ADMIN_TOKEN }) });
  users = await addUsers(access, [{ name: 'vp-kv1', role: 'viewer', unit: 'hp-kv1' }]);
});

const MONTH = 'period=month&asOf=2026-11-30';

describe('the availability document', () => {
  it('covers the day, the week from Monday, or the month from the 1st, ending on the day asked', () => {
    expect(periodDays('2026-11-30', 'month')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodDays('2026-11-26', 'week')).toEqual({ from: '2026-11-23', to: '2026-11-26' });
    expect(periodDays('2026-11-23', 'week')).toEqual({ from: '2026-11-23', to: '2026-11-23' });
    expect(periodDays('2026-11-26', 'day')).toEqual({ from: '2026-11-26', to: '2026-11-26' });
  });

  it("gives a reader's unit its exact month: minutes, %, the outage log split at the month's end", async () => {
    const res = await t.get(`/readiness/availability.json?${MONTH}`, users['vp-kv1']!.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('bao-cao-thoi-gian-hoat-dong-lan-wan-thang-hp-kv1-2026-11-30.json');
    const doc = (await res.json()) as ReadinessDocument;
    expect(doc.form.subject).toContain('từ ngày 01/11/2026 đến ngày 30/11/2026');
    const units = doc.parts.find((p) => p.id === 'units')!;
    expect(units.rows.map((r) => r.unit)).toEqual([doc.parts[0]!.rows[0]!.unit]);
    const row = units.rows[0]!;
    // 30 days = 43,200 minutes; 90 + 30 down.
    expect(row).toMatchObject({ wanDown: 120, wanUp: 43_080, wanNoData: 0, wanPct: 99.72, wanOutages: 2, lanDown: 0, lanPct: 100, lanOutages: 0 });
    const outages = doc.parts.find((p) => p.id === 'outages')!.rows;
    expect(outages.map((o) => [o.start, o.end, o.minutes, o.targets, o.machines])).toEqual([
      [local('2026-11-10', '10:00'), local('2026-11-10', '11:30'), 90, ['172.16.0.10'], 3],
      [local('2026-11-30', '23:30'), local('2026-12-01', '00:30'), 30, ['172.16.0.10', '172.16.0.11'], 4],
    ]);
    const days = doc.parts.find((p) => p.id === 'days')!;
    expect(days.rows).toHaveLength(30);
    expect(days.rows.find((d) => d.day === '2026-11-10')).toMatchObject({ wanDown: 90, wanPct: 93.75 });
    expect(days.dataOnly).toBe(false);
    expect(JSON.stringify(doc)).not.toContain('10.99.0.1');
  });

  it("never shows a reader another unit's outages, and refuses to be asked for them", async () => {
    expect((await t.get(`/readiness/availability.json?${MONTH}&unit=hp-kv2`, users['vp-kv1']!.token)).status).toBe(403);
    const all = (await (await t.get(`/readiness/availability.json?${MONTH}&link=wan`, ADMIN_TOKEN)).json()) as ReadinessDocument;
    // The administrator sees every unit, the one WAN band, and the days only in the data formats.
    expect(all.parts.find((p) => p.id === 'units')!.rows.length).toBeGreaterThan(2);
    expect(all.parts.find((p) => p.id === 'units')!.columns.some((c) => c.key.startsWith('lan'))).toBe(false);
    expect(all.parts.find((p) => p.id === 'outages')!.rows.map((o) => o.targets)).toContainEqual(['10.99.0.1']);
    expect(all.parts.find((p) => p.id === 'days')!.dataOnly).toBe(true);
  });

  it('refuses a room and a day after today with a sentence', async () => {
    const room = await t.get(`/readiness/availability.html?${MONTH}&room=phong-1`, ADMIN_TOKEN);
    expect(room.status).toBe(400);
    expect(await room.text()).toContain('per unit');
    const future = await t.get('/readiness/availability.html?period=month&asOf=2026-12-31', ADMIN_TOKEN);
    expect(future.status).toBe(400);
    expect(await future.text()).toContain('after today');
  });

  it('reads back from XLSX with the figures as numbers and two decimals', async () => {
    const res = await t.get(`/readiness/availability.xlsx?${MONTH}`, users['vp-kv1']!.token);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['Tổng hợp theo đơn vị', 'Nhật ký gián đoạn', 'Chi tiết theo ngày']));
    const values: Array<{ value: unknown; numFmt: string | undefined }> = [];
    book.getWorksheet('Tổng hợp theo đơn vị')!.eachRow((r) => r.eachCell((c) => values.push({ value: c.value, numFmt: c.numFmt })));
    expect(values).toContainEqual({ value: 120, numFmt: '#,##0.00' });
    expect(values).toContainEqual({ value: 0.9972, numFmt: '0.00%' });
    const log: unknown[] = [];
    book.getWorksheet('Nhật ký gián đoạn')!.eachRow((r) => log.push(r.getCell(r.cellCount).value));
    expect(log.filter((v) => typeof v === 'number')).toEqual([3, 4]);
  });

  it.skipIf(!chromiumReq.ok)('prints on A4 landscape in the administrative form, in a few pages', async () => {
    const html = await (await t.get(`/readiness/availability.html?${MONTH}`, users['vp-kv1']!.token)).text();
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html);
      const text = await page.innerText('body');
      for (const words of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'BÁO CÁO', 'Nhật ký gián đoạn', 'Tỷ lệ khả dụng (%)', '99,72', 'Nơi nhận', 'VIỆN TRƯỞNG']) expect(text).toContain(words);
      const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
      const sizes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => `${Math.round(+m[1]!)}x${Math.round(+m[2]!)}`);
      expect(new Set(sizes)).toEqual(new Set(['842x595']));
      // Form, figures, two outages and 30 days of one unit: a few pages, not dozens.
      expect(sizes.length).toBeGreaterThanOrEqual(2);
      expect(sizes.length).toBeLessThanOrEqual(4);
    } finally {
      await browser.close();
    }
  });
});
