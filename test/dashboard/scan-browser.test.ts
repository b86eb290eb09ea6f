/**
 * The pre-use scan pages in a real browser (Debian's Chromium driven by playwright-core, as
 * the dashboard's browser test does): a security officer signs in, opens the scan queue from
 * the navigation, opens a machine from it, records a verdict with the signed minutes through
 * the form, sees the rule change on the machine page and the device leave the queue; downloads
 * the XLSX security sheet from the upload page, fills it in with exceljs (one row tampered
 * with), uploads it and sees per row what was recorded and what was refused; a viewer of the
 * unit sees the standing and no form. No page logs a console error; screenshots go to test-artifacts/.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelsFor } from '../../reports/i18n.js';
import { PASSWORD } from '../helpers/access-fixture.js';
import { readyReport } from '../helpers/ready-report.js';
import { makeScanApp } from '../helpers/scan-app.js';
import { systemRequirement } from '../helpers/system.js';
import { launchChromium, serveOnLoopback, watchedPage } from '../helpers/dashboard-browser.js';

const req = systemRequirement({ commands: ['chromium'], install: 'apt-get install chromium' });
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const L = labelsFor('vi');
const S = L.page.scans;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const RULE_TITLE = 'Thiết bị đã được rà quét an ninh trước khi đưa vào sử dụng';

describe.skipIf(!req.ok)('the pre-use scan pages in Chromium', () => {
  let app: Awaited<ReturnType<typeof makeScanApp>>;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveOnLoopback>> | undefined;
  let base: string;
  let downloads: string;
  const ids: Record<string, string> = {};
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const now = new Date('2025-12-05T03:00:00Z');
    app = await makeScanApp({ now: () => now });
    for (const [name, unit] of [['KV1-PC01', 'hp-kv1'], ['KV1-PC02', 'hp-kv1'], ['KV1-PC03', 'hp-kv1'], ['KV2-PC01', 'hp-kv2']] as const) {
      ids[name] = randomUUID();
      const report = readyReport(ids[name]!, '2025-12-05T02:00:00.000Z');
      await app.addHost(ids[name]!, unit, { ...report, os: { ...report.os!, hostname: name } });
    }
    server = await serveOnLoopback(app.app.fetch);
    base = server.base;
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    downloads = await mkdtemp(join(tmpdir(), 'readiness-scan-downloads-'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  async function signedIn(name: string): Promise<Page> {
    const page = await watchedPage(await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 900 } }), base, consoleErrors);
    await page.goto(`${base}/`);
    await page.fill('#name', name);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type=submit]')]);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `dashboard-scan-${name}.png`), fullPage: true });
  const queueHosts = (page: Page) => page.locator('#scan-queue tbody th a').allTextContents();
  /** The checklist's result for the pre-use scan rule. */
  const ruleResult = (page: Page) => page.locator(`#checklist tr:has(th:text-is("${RULE_TITLE}")) .tag`).textContent();

  it('records a verdict with the minutes from the queue, and the machine leaves it', async () => {
    const page = await signedIn('police.kv1');
    await page.click(`nav.main a:has-text("${L.page.nav.scans}")`);
    await page.waitForURL(`${base}/scans`);
    expect(await page.textContent('h1')).toBe(S.queue.title);
    // The officer's own unit only, never scanned.
    expect((await queueHosts(page)).sort()).toEqual(['KV1-PC01', 'KV1-PC02', 'KV1-PC03']);
    await shot(page, 'queue');
    // The filter by reason: nothing failed yet.
    await page.selectOption('#reason', 'failed');
    await page.click('form[role=search] button[type=submit]');
    await page.waitForURL(/reason=failed/);
    expect(await page.textContent('p.caption')).toBe(S.queue.empty);
    await page.goto(`${base}/scans`);

    await Promise.all([page.waitForURL(`${base}/hosts/${ids['KV1-PC01']}#scan`), page.click('#scan-queue a:text-is("KV1-PC01")')]);
    expect(await ruleResult(page)).toBe(L.result.unknown);
    await page.selectOption('#verdict', 'pass');
    await page.fill('#repName', 'Nguyễn Văn B');
    await page.fill('#repTitle', 'Chánh Văn phòng');
    await page.selectOption('#mark-firewall-on', 'pass');
    await page.fill('#note-firewall-on', 'đã kiểm tra');
    await page.fill('#note', 'Rà quét tại phòng làm việc');
    await page.setInputFiles('#minutes', { name: 'bien-ban.pdf', mimeType: 'application/pdf', buffer: PDF });
    await shot(page, 'form');
    await Promise.all([page.waitForURL(`${base}/hosts/${ids['KV1-PC01']}?done=1#scan`), page.click('#scan-form button[type=submit]')]);

    // The rule changed, the standing and the history say who and when, the minutes are linked with their SHA-256.
    expect(await ruleResult(page)).toBe(L.result.pass);
    expect(await page.textContent('#scan-standing')).toContain(L.scan.byOn('Đạt', 'police.kv1', '05/12/2025'));
    const sha = createHash('sha256').update(PDF).digest('hex');
    expect(await page.textContent('#scan-history')).toContain(sha);
    const minutes = page.locator('#scan-history a:has-text("bien-ban.pdf")');
    const [download] = await Promise.all([page.waitForEvent('download'), minutes.click()]);
    const saved = join(downloads, 'minutes.pdf');
    await download.saveAs(saved);
    expect(createHash('sha256').update(await import('node:fs/promises').then((fs) => fs.readFile(saved))).digest('hex')).toBe(sha);
    await shot(page, 'machine');

    await page.click(`nav.main a:has-text("${L.page.nav.scans}")`);
    await page.waitForURL(`${base}/scans`);
    expect((await queueHosts(page)).sort()).toEqual(['KV1-PC02', 'KV1-PC03']);
    await page.context().close();
  });

  it('uploads the filled-in sheet and shows per row what was recorded and what was refused', async () => {
    const page = await signedIn('police.kv1');
    await page.goto(`${base}/scans`);
    await Promise.all([page.waitForURL(`${base}/scans/import`), page.click(`a:has-text("${S.queue.upload}")`)]);
    expect(await page.textContent('h1')).toBe(S.upload.title);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`a:has-text("${S.upload.print}")`)]);
    const printed = join(downloads, download.suggestedFilename());
    await download.saveAs(printed);

    // Filled in offline, as an officer does in Excel: two verdicts, and one row whose hidden host id was changed.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(printed);
    const ws = wb.worksheets.find((w) => (w.getRow(1).values as unknown[]).includes('host_id'))!;
    const header = ws.getRow(1).values as string[];
    const rowOf = (name: string) => {
      for (let r = 2; r <= ws.rowCount; r++) if (String(ws.getRow(r).getCell(header.indexOf(L.col.hostname)).value).startsWith(name)) return ws.getRow(r);
      throw new Error(`no row for ${name}`);
    };
    rowOf('KV1-PC02').getCell(header.indexOf(L.col.verdict)).value = 'Đạt';
    rowOf('KV1-PC02').getCell(header.indexOf(L.scan.col.mark('Tường lửa của máy được bật'))).value = 'Đạt';
    rowOf('KV1-PC03').getCell(header.indexOf(L.col.verdict)).value = 'Không đạt';
    rowOf('KV1-PC03').getCell(header.indexOf('host_id')).value = randomUUID();
    const filled = join(downloads, 'phieu-da-dien.xlsx');
    await wb.xlsx.writeFile(filled);

    await page.setInputFiles('#sheet', filled);
    await Promise.all([page.waitForURL(`${base}/scans/import`), page.click('#import-form button[type=submit]')]);
    await page.waitForSelector('#import-rows');
    await shot(page, 'import');
    const rows = await page.locator('#import-rows tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-outcome'), tr.querySelector('th')!.textContent, tr.querySelectorAll('td')[3]!.textContent]));
    const byHost = new Map(rows.map(([outcome, host, reason]) => [host!.slice(0, 8), { outcome, reason }]));
    expect(byHost.get('KV1-PC02')).toEqual({ outcome: 'recorded', reason: '' });
    expect(byHost.get('KV1-PC03')!.outcome).toBe('refused');
    expect(byHost.get('KV1-PC03')!.reason).toContain('the hidden host id was changed');
    // KV1-PC01, scanned already, was left without a verdict on the sheet.
    expect(byHost.get('KV1-PC01')).toEqual({ outcome: 'skipped', reason: 'no verdict filled in' });
    expect(await page.textContent('#import-result [role=status]')).toBe(S.upload.summary('1', '1', '1'));

    // The recorded row's machine passed; the refused one is still waiting.
    await page.goto(`${base}/scans`);
    expect((await queueHosts(page)).sort()).toEqual(['KV1-PC03']);
    await page.goto(`${base}/hosts/${ids['KV1-PC02']}`);
    expect(await ruleResult(page)).toBe(L.result.pass);
    expect(await page.textContent('#scan-history')).toContain(S.via.sheet);
    await page.context().close();
  });

  it('shows a viewer of the unit the standing and no form', async () => {
    const page = await signedIn('clerk.kv1');
    await page.goto(`${base}/hosts/${ids['KV1-PC01']}`);
    expect(await page.textContent('#scan-standing')).toContain(L.scan.status.passed);
    expect(await page.locator('#scan-form').count()).toBe(0);
    // Refused addresses, on a page of their own (the browser logs a refused address as a console error).
    const direct = await browser.newPage();
    await direct.context().addCookies(await page.context().cookies());
    const res = await direct.goto(`${base}/scans/import`);
    expect(res?.status()).toBe(403);
    expect(await direct.textContent('h1')).toBe(L.page.errors.forbiddenTitle);
    await direct.close();
    await page.context().close();
  });

  it('shows an officer of another unit nothing of this one', async () => {
    const page = await signedIn('police.kv2');
    await page.goto(`${base}/scans`);
    expect(await queueHosts(page)).toEqual(['KV2-PC01']);
    const direct = await browser.newPage();
    await direct.context().addCookies(await page.context().cookies());
    const res = await direct.goto(`${base}/hosts/${ids['KV1-PC03']}`);
    expect(res?.status()).toBe(403);
    expect(await direct.content()).not.toContain('KV1-PC03');
    await direct.close();
    await page.context().close();
  });

  it('logged no console error on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
