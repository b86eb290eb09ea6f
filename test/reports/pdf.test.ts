/**
 * The Hải Phòng example's documents printed to PDF by headless Chromium (Debian's, driven by
 * playwright-core), the way Văn phòng prints them, then read back with poppler's pdftotext:
 * the administrative form of Decree 30/2020 (national title and motto, the issuer, the place
 * and date, the signer on the last page), tables from the first page, the page counts a
 * clerk can send, positions on the page (pdftotext -bbox) and the embedded serif font with
 * its Vietnamese glyphs. One browser for the whole file; screenshots go to test-artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { produceDocument } from '../../collector/readiness-documents.js';
import type { ReportKind } from '../../schema/index.js';
import { exampleFleet, PRINTED_AT } from '../helpers/example-fleet.js';
import { systemRequirement } from '../helpers/system.js';

const req = systemRequirement({ commands: ['chromium', 'pdftotext', 'pdffonts'], install: 'apt-get install chromium poppler-utils fonts-liberation2' });
const ARTIFACTS = join(process.cwd(), 'test-artifacts');

interface Printed {
  file: string;
  pages: string[];
  /** Words of a page with their boxes, from pdftotext -bbox. */
  words(page: number): Array<{ text: string; x: number; y: number }>;
  width: number;
}

describe.skipIf(!req.ok)('the example documents printed to PDF', () => {
  let browser: Browser;
  let dir: string;
  const printed = new Map<string, Printed>();

  async function print(kind: ReportKind, extra: { unitId?: string; all?: boolean } = {}): Promise<Printed> {
    const out = await produceDocument(
      fleet,
      { kind, format: 'html', lang: 'vi', period: 'week', timeZone: 'Asia/Ho_Chi_Minh', ...extra },
      PRINTED_AT,
    );
    const page = await browser.newPage();
    try {
      // No network: the page is set as content and has nothing external to load.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(Buffer.from(out.body).toString('utf8'));
      const name = `${kind}${extra.unitId ? `-${extra.unitId}` : ''}`;
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
      const file = join(dir, `${name}.pdf`);
      writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const bbox = (n: number) => execFileSync('pdftotext', ['-bbox', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' });
      const width = Number(/<page width="([\d.]+)"/.exec(bbox(1))![1]);
      return {
        file,
        // pdftotext ends each page with a form feed.
        pages: text.split('\f').slice(0, -1),
        width,
        words: (n) =>
          [...bbox(n).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3]! })),
      };
    } finally {
      await page.close();
    }
  }

  let fleet: Awaited<ReturnType<typeof exampleFleet>>['readiness'];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'readiness-pdf-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    [fleet, browser] = await Promise.all([
      exampleFleet(dir).then((f) => f.readiness),
      chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      }),
    ]);
    for (const kind of ['summary', 'tracker', 'hosts', 'security', 'progress'] as const) printed.set(kind, await print(kind));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const squash = (s: string) => s.replace(/\s+/g, ' ');

  it.each(['summary', 'tracker', 'hosts', 'security', 'progress'])('%s carries the form: national title, motto, issuer, place and date, signer on the last page', (kind) => {
    const doc = printed.get(kind)!;
    const { pages } = doc;
    const first = squash(pages[0]!);
    expect(first).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(first).toContain('Độc lập - Tự do - Hạnh phúc');
    // The issuer block, read down the left half of the page (its lines wrap beside the national title).
    const type = doc.words(1).find((w) => w.text === 'BÁO' || w.text === 'PHỤ')!;
    const issuer = doc
      .words(1)
      .filter((w) => w.x < doc.width / 2 && w.y < type.y)
      .sort((a, b) => a.y - b.y || a.x - b.x)
      .map((w) => w.text)
      .join(' ');
    expect(issuer).toContain('VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HẢI PHÒNG');
    expect(first).toContain('Hải Phòng, ngày 01 tháng 12 năm 2026');
    expect(first).toContain(kind === 'hosts' || kind === 'security' ? 'PHỤ LỤC' : 'BÁO CÁO');
    if (kind === 'hosts' || kind === 'security') expect(first).toContain('(Kèm theo Báo cáo số ……/BC-VKS-VP ngày 01/12/2026 của VKSND thành phố Hải Phòng)');
    else expect(first).toContain('Số: ……/BC-VKS-VP');
    const last = squash(pages.at(-1)!);
    expect(last).toContain('Nơi nhận:');
    expect(last).toContain('KT. VIỆN TRƯỞNG');
    expect(last).toContain('PHÓ VIỆN TRƯỞNG');
    expect(last).toContain('Nguyễn Văn A (ví dụ)');
    for (const page of pages.slice(0, -1)) expect(page).not.toContain('Nơi nhận:');
  });

  it('starts the tables on the first page', () => {
    expect(squash(printed.get('summary')!.pages[0]!)).toMatch(/VKSND thành phố Hải Phòng · Phòng: Toàn đơn vị 1 Mạng LAN thông suốt tới cổng mạng \(gateway\) của đơn vị/);
    expect(squash(printed.get('tracker')!.pages[0]!)).toContain('VKSND khu vực 3 - Hải Phòng');
    expect(squash(printed.get('progress')!.pages[0]!)).toContain('Mạng LAN thông suốt tới cổng mạng (gateway) của đơn vị');
    expect(squash(printed.get('hosts')!.pages[0]!)).toContain('PC-VP-01');
  });

  it('fits the example org on pages a clerk can send: summary and tracker at most 4, weekly progress at most 6', () => {
    expect(printed.get('summary')!.pages.length).toBeLessThanOrEqual(4);
    expect(printed.get('tracker')!.pages.length).toBeLessThanOrEqual(4);
    expect(printed.get('progress')!.pages.length).toBeLessThanOrEqual(6);
  });

  it('keeps the signature with the text it closes, never alone on a page', () => {
    // The summary's closing block carries its notes: the counting note precedes "Nơi nhận:".
    const summary = squash(printed.get('summary')!.pages.at(-1)!);
    expect(summary.indexOf('Tỷ lệ hoàn thành = Đạt ÷ Áp dụng')).toBeGreaterThanOrEqual(0);
    expect(summary.indexOf('Tỷ lệ hoàn thành = Đạt ÷ Áp dụng')).toBeLessThan(summary.indexOf('Nơi nhận:'));
    for (const kind of ['summary', 'tracker', 'hosts', 'security', 'progress'] as const) {
      const { pages } = printed.get(kind)!;
      if (pages.length === 1) continue;
      // Above "Nơi nhận:" on the last page: more than its page number.
      const above = squash(pages.at(-1)!).split('Nơi nhận:')[0]!.replace(String(pages.length), '').trim();
      expect(above.length, kind).toBeGreaterThan(40);
    }
  });

  it('prints the security sheet one device per A4 page, the last with the signature', () => {
    const { pages } = printed.get('security')!;
    expect(pages).toHaveLength(8);
    pages.forEach((page, i) => expect(squash(page)).toContain(`${i + 1}. Phiếu rà quét: PC-`));
    // Each device's officer part is on its own page, under its findings.
    pages.forEach((page) => expect(squash(page)).toContain('Phần dành cho cán bộ rà quét'));
    expect(squash(pages.at(-1)!)).toContain('Nơi nhận:');
  });

  it('numbers pages at the top centre from the second page on', () => {
    const { pages } = printed.get('summary')!;
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]!.trimStart().startsWith('1')).toBe(false);
    pages.slice(1).forEach((page, i) => expect(page.trimStart().split('\n')[0]!.trim()).toBe(String(i + 2)));
  });

  it('repeats the machine on every page its checklist continues on', () => {
    const { pages } = printed.get('hosts')!;
    const withChecklist = pages.filter((p) => p.includes('Biện pháp khắc phục'));
    expect(withChecklist.length).toBeGreaterThan(1);
    for (const page of withChecklist) expect(page).toMatch(/PC-[A-Z0-9-]+ · Đơn vị: .* · Phòng:|PC-[A-Z0-9-]+ · Đơn vị: /);
  });

  it('places the header above the title, and the signer on the right of the last page below its title', () => {
    const summary = printed.get('summary')!;
    const first = summary.words(1);
    const y = (text: string, words = first) => words.find((w) => w.text === text)!.y;
    expect(y('CỘNG')).toBeLessThan(y('BÁO'));
    expect(y('Độc')).toBeLessThan(y('BÁO'));
    expect(y('Số:')).toBeLessThan(y('BÁO'));
    // The issuer on the left, the national title on the right.
    expect(first.find((w) => w.text === 'CỘNG')!.x).toBeGreaterThan(summary.width / 2);
    expect(first.find((w) => w.text === 'TỐI')!.x).toBeLessThan(summary.width / 2);
    const last = summary.words(summary.pages.length);
    const kt = last.find((w) => w.text === 'KT.')!;
    const name = last.find((w) => w.text === 'Nguyễn')!;
    expect(kt.x).toBeGreaterThan(summary.width / 2);
    expect(name.y).toBeGreaterThan(kt.y);
    expect(last.find((w) => w.text === 'Nơi')!.x).toBeLessThan(summary.width / 2);
  });

  it('embeds a Times-metric serif and keeps Vietnamese text whole', () => {
    const fonts = execFileSync('pdffonts', [printed.get('summary')!.file], { encoding: 'utf8' });
    const serif = fonts.split('\n').filter((l) => /LiberationSerif|TimesNewRoman|Tinos/i.test(l));
    expect(serif.length).toBeGreaterThan(0);
    // Columns: name, type, encoding, emb, sub, uni: the font is embedded (a subset) with a Unicode map.
    for (const line of serif) expect(line).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    expect(fonts).not.toMatch(/DejaVu/);
    expect(printed.get('summary')!.pages[0]).toContain('Độc lập - Tự do - Hạnh phúc');
  });

  it('prints a regional unit tracker on one page and a longer checklist over more pages than a short one', async () => {
    const tracker = await print('tracker', { unitId: 'hp-kv1' });
    expect(tracker.pages).toHaveLength(1);
    const short = await print('hosts', { unitId: 'hp-kv2' });
    expect(short.pages.length).toBeLessThan(printed.get('hosts')!.pages.length);
  });
});
