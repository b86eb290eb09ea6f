/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (as the PDF
 * tests do), against the collector app served on a loopback port. A person signs in with the
 * keyboard, goes overview → unit → machine and back, switches language, filters the machines
 * list and searches a MAC address, downloads an XLSX and opens it with exceljs; a viewer of
 * one regional unit sees nothing of any other and is refused a direct address; no page logs a
 * console error. One browser for the whole file; screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelsFor } from '../../reports/i18n.js';
import { dashboardFixture } from '../helpers/dashboard-fixture.js';
import type { DashboardFixture } from '../helpers/dashboard-fixture.js';
import { PASSWORD } from '../helpers/access-fixture.js';
import { systemRequirement } from '../helpers/system.js';
import { launchChromium, serveOnLoopback, watchedPage } from '../helpers/dashboard-browser.js';

const req = systemRequirement({ commands: ['chromium'], install: 'apt-get install chromium' });
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const vi = labelsFor('vi');
const en = labelsFor('en');

describe.skipIf(!req.ok)('the dashboard in Chromium', () => {
  let f: DashboardFixture;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveOnLoopback>> | undefined;
  let base: string;
  let downloads: string;
  /** Console errors and page errors of every page opened through `open`, with the page's address. */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    f = await dashboardFixture();
    server = await serveOnLoopback(f.t.app.fetch);
    base = server.base;
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    downloads = await mkdtemp(join(tmpdir(), 'readiness-downloads-'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await f?.cleanup();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  const open = async (context?: BrowserContext): Promise<Page> =>
    watchedPage(context ?? (await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 900 } })), base, consoleErrors);

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

  async function signIn(page: Page, name: string): Promise<void> {
    await page.goto(`${base}/`);
    await page.fill('#name', name);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type=submit]')]);
  }

  it('reaches the sign-in form and the main links by keyboard', async () => {
    const page = await open();
    await page.goto(`${base}/units/hp`);
    expect(page.url()).toBe(`${base}/sign-in?next=%2Funits%2Fhp`);
    await shot(page, 'sign-in');
    // From the top of the page: the skip link first, then on to the form.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    let reached = false;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'name');
    }
    expect(reached).toBe(true);
    await page.keyboard.type('vp.city');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/units/hp`), page.keyboard.press('Enter')]);
    // The main links, by keyboard: Tab to "Danh sách máy" and follow it.
    let onLink = false;
    for (let i = 0; i < 12 && !onLink; i++) {
      await page.keyboard.press('Tab');
      onLink = await page.evaluate((label) => document.activeElement?.textContent === label, vi.page.nav.hosts);
    }
    expect(onLink).toBe(true);
    await Promise.all([page.waitForURL(`${base}/hosts`), page.keyboard.press('Enter')]);
    await page.context().close();
  });

  it('goes overview → unit → machine and back', async () => {
    const page = await open();
    await signIn(page, 'root');
    await expect.poll(() => page.title()).toContain(vi.page.overview.title);
    await shot(page, 'overview');
    await Promise.all([page.waitForURL(`${base}/units/hp`), page.click('tbody th.unit a[href="/units/hp"]')]);
    expect(await page.textContent('h1')).toBe('VKSND thành phố Hải Phòng');
    await shot(page, 'unit');
    await page.click('summary:has-text("Không có phần mềm điều khiển từ xa")');
    await Promise.all([page.waitForURL(`${base}/hosts/${f.idOf('vp2')}`), page.click('a:has-text("VP-PC02")')]);
    expect(await page.textContent('h1')).toBe('VP-PC02');
    expect(await page.textContent('#checklist')).toContain('UltraViewer');
    await shot(page, 'machine');
    await page.goBack();
    expect(page.url()).toBe(`${base}/units/hp`);
    await page.goBack();
    expect(page.url()).toBe(`${base}/`);
    await page.context().close();
  });

  it('switches to English with one click and stays in it', async () => {
    const page = await open();
    await signIn(page, 'root');
    await Promise.all([page.waitForURL(`${base}/`), page.click(`a.lang:has-text("${vi.page.nav.otherLanguage}")`)]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe(en.page.overview.title);
    await page.click(`nav.main a:has-text("${en.page.nav.hosts}")`);
    expect(await page.textContent('h1')).toBe(en.page.hosts.title);
    await shot(page, 'machines-en');
    await page.click(`a.lang:has-text("${en.page.nav.otherLanguage}")`);
    expect(await page.textContent('h1')).toBe(vi.page.hosts.title);
    await page.context().close();
  });

  it('filters the machines list and finds a MAC address', async () => {
    const page = await open();
    await signIn(page, 'root');
    await page.goto(`${base}/hosts`);
    const names = () => page.$$eval('#hosts-table tbody th a', (as) => as.map((a) => a.textContent));
    expect(await names()).toHaveLength(7);
    // The script submits the filters as soon as a choice changes.
    await Promise.all([page.waitForURL(/status=fail/), page.selectOption('#status', 'fail')]);
    expect(await names()).toEqual(['P1-PC01', 'VP-PC02', 'KV1-PC02']);
    await page.click(`a:has-text("${vi.page.hosts.clear}")`);
    await page.fill('#q', 'AA:BB:CC:00:00:21');
    await Promise.all([page.waitForURL(/q=AA/), page.press('#q', 'Enter')]);
    expect(await names()).toEqual(['KV2-SECRET-PC']);
    await shot(page, 'machines-mac');
    await page.context().close();
  });

  it('downloads an XLSX from the documents page that Excel can open', async () => {
    const page = await open();
    await signIn(page, 'root');
    await page.goto(`${base}/documents`);
    await page.selectOption('#unit', 'hp-kv1');
    await shot(page, 'documents');
    const link = page.locator('tr:has-text("Theo dõi tiến độ hoàn thành mạng LAN/WAN") a:has-text("XLSX")');
    expect(await link.getAttribute('href')).toBe('/api/v1/readiness/tracker.xlsx?unit=hp-kv1&period=day&lang=vi');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('theo-doi-lan-wan-hp-kv1-2025-12-11.xlsx');
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    // The info sheet, then the tracker (Excel keeps no "/" in a sheet's name).
    const sheet = workbook.worksheets[1]!;
    expect(sheet.name).toBe(vi.part.tracker.replace('/', ' '));
    // Every text of the sheet (the documents number their rows and group them): the reader's unit, nothing of another.
    const texts: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && texts.push(cell.value))));
    expect(texts).toContain('VKSND khu vực 1 - Hải Phòng');
    expect(texts.some((u) => u.includes('khu vực 2'))).toBe(false);
    await page.context().close();
  });

  it('shows a viewer of VKSND khu vực 1 nothing of any other unit, and refuses a direct address', async () => {
    const page = await open();
    await signIn(page, 'clerk.kv1');
    const seen: string[] = [];
    for (const path of ['/', '/units/hp-kv1', '/hosts', `/hosts/${f.idOf('kv1b')}`, '/documents', '/admin/tokens']) {
      await page.goto(`${base}${path}`);
      seen.push(await page.content());
      seen.push(await page.innerText('body'));
    }
    await shot(page, 'viewer-kv1-machine');
    const all = seen.join('\n');
    for (const other of ['khu vực 2', 'khu vực 3', 'thành phố Hải Phòng', 'KV2-SECRET-PC', 'KV2-SILENT', 'VP-PC01', 'VP-PC02', 'P1-PC01', 'Phòng 15', 'hp-kv2', 'aa:bb:cc:00:00:21']) {
      expect(all, other).not.toContain(other);
    }
    // Its own counts only: two machines in the list, one unit in the overview.
    await page.goto(`${base}/hosts`);
    expect(await page.textContent('p.caption')).toBe(vi.page.hosts.shown('1', '2', '2'));
    await page.goto(`${base}/`);
    expect(await page.$$eval('tbody th.unit', (ths) => ths.length)).toBe(1);

    // Direct addresses of another unit's pages: refused with a page that names nothing of it.
    const direct = await browser.newPage();
    await direct.context().addCookies(await page.context().cookies());
    for (const path of ['/units/hp-kv2', `/hosts/${f.idOf('kv2a')}`, '/units/hp', '/admin/users', '/hosts?unit=hp-kv2']) {
      const res = await direct.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(403);
      expect(await direct.textContent('h1')).toBe(vi.page.errors.forbiddenTitle);
      const text = await direct.content();
      for (const other of ['khu vực 2', 'KV2-SECRET-PC', 'hp-kv2', 'thành phố']) expect(text).not.toContain(other);
    }
    await shot(direct, 'forbidden');
    await direct.close();
    await page.context().close();
  });

  it('prints the overview on A4 landscape', async () => {
    const page = await open();
    await signIn(page, 'vp.city');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const sizes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => `${Math.round(+m[1]!)}x${Math.round(+m[2]!)}`);
    expect(new Set(sizes)).toEqual(new Set(['842x595']));
    expect(await page.isVisible('nav.main')).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview-print.png'), fullPage: true });
    await page.context().close();
  });

  it('logged no console error on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
