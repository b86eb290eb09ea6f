/**
 * The equipment review printed to PDF by headless Chromium, as Văn phòng prints it to sign:
 * A4 landscape, and a screenshot kept in test-artifacts/ for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildDocument, renderDocument } from '../../reports/index.js';
import { evaluationFixture } from '../helpers/evaluation-fixture.js';
import { equipmentReviewFixture } from '../helpers/equipment-fixture.js';
import { systemRequirement } from '../helpers/system.js';

const req = systemRequirement({ commands: ['chromium'], install: 'apt-get install chromium' });

describe.skipIf(!req.ok)('printing the equipment review', () => {
  it('prints on A4 landscape with every proposal legible', async () => {
    const evaluation = evaluationFixture();
    const doc = buildDocument('equipment', { evaluation, equipment: equipmentReviewFixture(evaluation) }, { lang: 'vi', printedAt: '2025-12-11T04:00:00.000Z' });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(Buffer.from(await renderDocument(doc, 'html')).toString('utf8'));
      const artifacts = join(process.cwd(), 'test-artifacts');
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'equipment-review.png'), fullPage: true });
      const text = await page.innerText('body');
      for (const word of ['Thay thế', 'Bổ sung', 'Sửa chữa, nâng cấp', 'Giữ nguyên', 'Căn cứ đề xuất']) expect(text).toContain(word);
      const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
      const sizes = new Set([...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => `${Math.round(+m[1]!)}x${Math.round(+m[2]!)}`));
      expect([...sizes]).toEqual(['842x595']);
    } finally {
      await browser.close();
    }
  });
});
