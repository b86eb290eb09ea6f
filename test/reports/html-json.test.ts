/** The HTML page's content and safety, and the JSON document, without a browser. */
import { describe, expect, it } from 'vitest';
import { buildDocument, documentFileName, renderDocument, slug } from '../../reports/index.js';
import { ReadinessDocument } from '../../schema/index.js';
import type { Lang, ReportKind } from '../../schema/index.js';
import { currentHosts, evaluationFixture, historyFixture, previousEvaluationFixture } from '../helpers/evaluation-fixture.js';

const printedAt = '2025-12-11T04:00:00.000Z';
const doc = (kind: ReportKind, lang: Lang = 'vi', evaluation = evaluationFixture()) =>
  buildDocument(kind, { evaluation, previous: previousEvaluationFixture(), history: historyFixture() }, { lang, printedAt, period: 'week' });
const html = async (kind: ReportKind, lang: Lang = 'vi', evaluation = evaluationFixture()) =>
  Buffer.from(await renderDocument(doc(kind, lang, evaluation), 'html')).toString('utf8');

describe('HTML', () => {
  it('is one self-contained page for A4, in Vietnamese by default', async () => {
    const page = await html('summary');
    expect(page).toMatch(/^<!doctype html><html lang="vi">/);
    expect(page).toContain('size: A4 landscape');
    expect(page).not.toMatch(/<script|<link|src=|url\(/i);
    expect(page).toContain('<p class="doc-type">BÁO CÁO</p>');
    expect(page).toContain('<span>Số liệu tính đến ngày: 11/12/2025</span>');
    expect(page).toContain('<span>Ngày in: 11/12/2025 11:00</span>');
    // Times New Roman first, then the free serifs drawn to its metrics.
    expect(page).toContain('font: 10pt/1.25 "Times New Roman", "Liberation Serif", Tinos');
  });

  it('speaks English when asked', async () => {
    const page = await html('tracker', 'en');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<div class="nation-title">SOCIALIST REPUBLIC OF VIET NAM</div>');
    expect(page).toContain('<p class="doc-subject">LAN and WAN completion (figures as of 2025-12-11)</p>');
    expect(page).toContain('<span>As of: 2025-12-11</span>');
    expect(page).toContain('>Overdue<');
  });

  it('draws a completion chart per rule with its deadline', async () => {
    const page = await html('tracker');
    expect(page.match(/<svg /g)).toHaveLength(2);
    expect(page).toContain('Hạn 10/12/2025');
    expect(page).toContain('Hạn 26/12/2025');
  });

  it('names a deadline far beyond the charted days at the edge instead of stretching the axis', async () => {
    const page = await html('progress');
    expect(page).toContain('Hạn 31/12/2026 →');
    expect(page.match(/<svg /g)).toHaveLength(6);
  });

  it('escapes every text from the evaluation', async () => {
    const hosts = currentHosts();
    hosts[0]!.hostname = '<img src=x onerror=alert(1)>';
    hosts[1]!.results[5]!.evidence = [{ kind: 'check', fact: 'security.remote_access_tools', op: 'empty', expected: null, actual: ['"quoted" & <b>bold</b>'], holds: false, notes: [] }];
    const page = await html('hosts', 'vi', evaluationFixture({ hosts }));
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('keeps a unit name from closing the style sheet it is printed in', async () => {
    const evaluation = evaluationFixture({ scopeUnitId: 'hp-kv1' });
    evaluation.units[0]!.name = 'KV1 </style><script>alert(1)</script> "x"';
    const page = await html('summary', 'vi', evaluation);
    const style = page.slice(page.indexOf('<style>'), page.indexOf('</style>') + 8);
    expect(style).not.toContain('<script');
    expect(page).not.toContain('<script>');
  });

  it('prints each device of the security sheet as its own form with boxes for the verdict', async () => {
    const page = await html('security');
    expect(page.match(/<article class="card">/g)).toHaveLength(5);
    expect(page).toContain('☐ Đạt');
    expect(page).toContain('☐ Không đạt');
  });
});

describe('JSON', () => {
  it('is the document itself, valid against its schema', async () => {
    const built = doc('progress');
    const parsed = ReadinessDocument.parse(JSON.parse(Buffer.from(await renderDocument(built, 'json')).toString('utf8')));
    expect(parsed).toEqual(built);
  });
});

describe('file names', () => {
  it.each<[ReportKind, Lang, string | null, string]>([
    ['summary', 'vi', null, 'bao-cao-tong-hop-tat-ca-2025-12-11.xlsx'],
    ['progress', 'vi', 'hp-kv1', 'bao-cao-tien-do-tuan-hp-kv1-2025-12-11.xlsx'],
    ['security', 'en', 'hp', 'security-sheet-hp-2025-12-11.xlsx'],
  ])('%s in %s for %s → %s', (kind, lang, unit, name) => {
    expect(documentFileName(doc(kind, lang, evaluationFixture({ scopeUnitId: unit })), 'xlsx')).toBe(name);
  });

  it('drops Vietnamese diacritics from slugs', () => {
    expect(slug('Văn phòng – Đội 1')).toBe('van-phong-doi-1');
  });
});
