/**
 * The devices in the documents: the hosts checklist lists each device with its inventory and
 * the rules it does not meet, and where each workstation is plugged in; the tracker carries the
 * switch ports as the unit's LAN evidence; the summary counts devices per unit. Rendered in
 * every format, and the hosts checklist printed by Chromium.
 */
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateFleet } from '../../rules/evaluate.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { buildDocument, renderDocument } from '../../reports/index.js';
import type { Evaluation, ReadinessDocument } from '../../schema/index.js';
import { fleet, scanned } from '../helpers/device-fleet.js';
import { systemRequirement } from '../helpers/system.js';
import { ENGLISH_WORDS } from '../helpers/evidence-text.js';

let evaluation: Evaluation;
beforeAll(async () => {
  evaluation = evaluateFleet(fleet(await loadRuleSet([DEFAULT_PACK_FILE]), await scanned())).evaluation;
});

const build = (kind: 'hosts' | 'tracker' | 'summary', lang: 'vi' | 'en' = 'vi') =>
  buildDocument(kind, { evaluation, previous: null, history: null }, { lang, printedAt: '2026-12-01T04:00:00.000Z' });
const part = (doc: ReadinessDocument, id: string) => doc.parts.find((p) => p.id === id);

describe('devices in the documents', () => {
  it('the hosts checklist lists every device with its inventory and what it does not meet', () => {
    const devices = part(build('hosts', 'en'), 'devices')!;
    expect(devices.rows.map((r) => [r.name, r.deviceKind, r.ready])).toEqual([
      ['hp-sw-core', 'Switch', 'fail'],
      ['hp-p1-printer', 'Printer', 'pass'],
      ['hp-p1-srv', 'Server', 'unknown'],
      ['Printer 2 (no entry in the org file)', 'Printer', 'unknown'],
    ]);
    const core = devices.rows[0]!;
    expect(core.findings).toEqual(['Network devices, printers and scanners within their depreciation age (Fail): Device age 8.4 years ≥ 5 years — bought in 2018 (org file)']);
    expect(devices.rows[1]).toMatchObject({ model: 'HP LaserJet M404', serial: 'VNB3R1', supplies: ['Black Toner: 5%'], scan: 'Read' });
  });

  it('says it all in Vietnamese in a Vietnamese document: names, evidence, supplies', () => {
    const devices = part(build('hosts'), 'devices')!;
    expect(devices.rows.map((r) => r.name)).toContain('Máy in thứ 2 (chưa khai báo trong tệp tổ chức)');
    expect(devices.rows[0]!.findings).toEqual(['Thiết bị mạng, máy in, máy quét chưa hết khấu hao (Không đạt): Tuổi thiết bị 8,4 năm ≥ 5 năm — mua năm 2018 (theo tệp tổ chức)']);
    const unlisted = devices.rows.find((r) => String(r.name).startsWith('Máy in thứ 2'))!;
    expect((unlisted.findings as string[]).join(' ')).toContain('chưa được khai báo nên không quét được');
    const server = devices.rows.find((r) => r.name === 'hp-p1-srv')!;
    expect((server.findings as string[]).join(' ')).toContain('Tuổi thiết bị: chưa có số liệu — chưa biết năm mua hoặc ngày sản xuất của thiết bị');
    expect(devices.rows.find((r) => r.name === 'hp-p1-printer')!.supplies).toEqual(['Black Toner: 5%']);
    for (const r of devices.rows) for (const line of r.findings as string[]) expect(line).not.toMatch(ENGLISH_WORDS);
  });

  it('shows where the workstation is plugged in, in the checklist and as the tracker’s LAN evidence', () => {
    for (const doc of [build('hosts'), build('tracker')]) {
      expect(part(doc, 'switch-ports')!.rows).toEqual([expect.objectContaining({ hostname: 'VP-PC01', device: 'hp-sw-core', port: 'Gi0/7', fdbId: 10 })]);
    }
    expect(part(build('tracker'), 'switch-ports')!.title).toBe('Vị trí kết nối của máy trạm (cổng switch, theo bảng địa chỉ MAC của switch)');
  });

  it('the summary counts the devices per unit and kind, and carries the device rules', () => {
    const doc = build('summary', 'en');
    expect(part(doc, 'device-counts')!.rows).toEqual([
      { stt: 1, unit: 'VKSND thành phố Hải Phòng', deviceKind: 'Switch', expected: 1, notListed: 0, reachable: 1, inventoried: 1, overAge: 1 },
      { stt: 2, unit: 'VKSND thành phố Hải Phòng', deviceKind: 'Printer', expected: 2, notListed: 1, reachable: 1, inventoried: 1, overAge: 0 },
      { stt: 3, unit: 'VKSND thành phố Hải Phòng', deviceKind: 'Server', expected: 1, notListed: 0, reachable: 1, inventoried: 0, overAge: 0 },
    ]);
    expect(part(doc, 'summary')!.rows.some((r) => r.rule === 'Network devices, printers and scanners reachable and inventoried')).toBe(true);
  });

  it('renders in every format', async () => {
    const doc = build('hosts');
    const html = Buffer.from(await renderDocument(doc, 'html')).toString('utf8');
    expect(html).toContain('Thiết bị không cài phần mềm giám sát');
    expect(html).toContain('HP LaserJet M404');
    const csv = Buffer.from(await renderDocument(doc, 'csv', { part: 'devices' })).toString('utf8');
    expect(csv).toContain('VNB3R1');
    const xlsx = await renderDocument(doc, 'xlsx');
    expect(xlsx.byteLength).toBeGreaterThan(1000);
  });

  const req = systemRequirement({ commands: ['chromium'], install: 'apt-get install chromium' });
  it.skipIf(!req.ok)('prints the hosts checklist with its device parts in Chromium', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(Buffer.from(await renderDocument(build('hosts'), 'html')).toString('utf8'));
      expect(await page.locator('text=Vị trí kết nối của máy trạm').count()).toBeGreaterThan(0);
      expect(await page.locator('td', { hasText: 'Gi0/7' }).count()).toBe(1);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
