/**
 * The HTML printed to PDF by headless Chromium (Debian's, driven by playwright-core), the way
 * Văn phòng prints it: A4, the expected number of pages, and a screenshot kept in
 * test-artifacts/ for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocument, renderDocument } from '../../reports/index.js';
import type { Evaluation, ReportKind } from '../../schema/index.js';
import { evaluationFixture, historyFixture, previousEvaluationFixture } from '../helpers/evaluation-fixture.js';
import { systemRequirement } from '../helpers/system.js';

const req = systemRequirement({ commands: ['chromium'], install: 'apt-get install chromium' });
const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** Page objects and their sizes in points, read from the PDF's (uncompressed) object dictionaries. */
function pdfPages(pdf: Buffer): { count: number; sizes: string[] } {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![a-z])/g) ?? [];
  const sizes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => `${Math.round(+m[1]!)}x${Math.round(+m[2]!)}`);
  return { count: pages.length, sizes: [...new Set(sizes)] };
}

describe.skipIf(!req.ok)('printing the HTML in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function print(kind: ReportKind, evaluation: Evaluation, screenshot: string) {
    const doc = buildDocument(kind, { evaluation, previous: previousEvaluationFixture(), history: historyFixture() }, { lang: 'vi', printedAt: '2025-12-11T04:00:00.000Z', period: 'day' });
    const page = await browser.newPage();
    try {
      // No network: the page is set as content and has nothing external to load.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(Buffer.from(await renderDocument(doc, 'html')).toString('utf8'));
      await page.screenshot({ path: join(ARTIFACTS, screenshot), fullPage: true });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      return pdfPages(pdf);
    } finally {
      await page.close();
    }
  }

  it('prints the security sheet one device per A4 page', async () => {
    const evaluation = evaluationFixture();
    const { count, sizes } = await print('security', evaluation, 'security-sheet.png');
    expect(count).toBe(evaluation.hosts.length);
    expect(sizes).toEqual(['595x842']);
  });

  it('prints a regional unit tracker with its charts on one landscape A4 page', async () => {
    const { count, sizes } = await print('tracker', evaluationFixture({ scopeUnitId: 'hp-kv1' }), 'tracker-kv1.png');
    expect(count).toBe(1);
    expect(sizes).toEqual(['842x595']);
  });

  it('prints the city summary over several pages', async () => {
    const { count } = await print('summary', evaluationFixture(), 'summary-all.png');
    expect(count).toBeGreaterThan(1);
  });

  it('runs a long host checklist over more pages than a short one', async () => {
    const short = await print('hosts', evaluationFixture({ scopeUnitId: 'hp-kv1' }), 'hosts-kv1.png');
    const long = await print('hosts', evaluationFixture(), 'hosts-all.png');
    expect(short.count).toBe(1);
    expect(long.count).toBeGreaterThan(short.count);
  });
});
