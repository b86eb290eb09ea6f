/**
 * HTML: one self-contained page (inline CSS and SVG, no scripts, no external resources) that
 * reads on screen and prints on A4. Every piece of text from the document is escaped.
 */
import type { CellValue, DocumentColumn, DocumentPart, DocumentRow, ReadinessDocument } from '../../schema/index.js';
import { chartsHtml } from '../chart.js';
import { esc } from '../escape.js';
import type { Formatter } from '../format.js';
import { formatterFor, isFinding } from '../format.js';
import { pageCss } from '../html-css.js';
import { labelsFor } from '../i18n.js';
import type { Renderer } from './types.js';

const CODED = new Set(['status', 'result', 'change', 'proposal']);

function cellHtml(value: CellValue, column: DocumentColumn, fmt: Formatter): string {
  if (value === null) return `<td class="t-${column.type}"></td>`;
  if (Array.isArray(value)) return `<td class="t-list">${value.map(esc).join('<br>')}</td>`;
  if (isFinding(value)) {
    const evidence = value.evidence.map(esc).join('<br>');
    return `<td class="t-finding s-${value.status}"><b>${esc(fmt.code('result', value.status))}</b>${evidence ? `<br>${evidence}` : ''}</td>`;
  }
  const text = esc(fmt.text(value, column, 'display'));
  if (CODED.has(column.type)) return `<td class="t-${column.type} s-${esc(String(value))}">${text}</td>`;
  return `<td class="t-${column.type}">${text}</td>`;
}

function headHtml(columns: DocumentColumn[]): string {
  if (!columns.some((c) => c.band)) return `<thead><tr>${columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr></thead>`;
  const top: string[] = [];
  for (let i = 0; i < columns.length; ) {
    const band = columns[i]!.band;
    if (!band) {
      top.push(`<th rowspan="2">${esc(columns[i]!.label)}</th>`);
      i++;
      continue;
    }
    let span = 0;
    while (i + span < columns.length && columns[i + span]!.band === band) span++;
    top.push(`<th colspan="${span}">${esc(band)}</th>`);
    i += span;
  }
  const second = columns.filter((c) => c.band).map((c) => `<th>${esc(c.label)}</th>`);
  return `<thead><tr>${top.join('')}</tr><tr>${second.join('')}</tr></thead>`;
}

/** A table; with `groupBy`, runs of rows sharing those values sit under one heading row. */
function tableHtml(part: DocumentPart, fmt: Formatter, out: Sink): void {
  const grouped = new Set(part.groupBy);
  const groupCols = part.groupBy.map((k) => part.columns.find((c) => c.key === k)).filter((c): c is DocumentColumn => !!c);
  const shown = part.columns.filter((c) => !grouped.has(c.key));
  out.push(`<table>${headHtml(shown)}`);
  const groupKey = (row: DocumentRow) => groupCols.map((c) => String(row[c.key] ?? '')).join('\u0000');
  let current: string | null = null;
  for (const row of part.rows) {
    if (groupCols.length) {
      const key = groupKey(row);
      if (key !== current) {
        if (current !== null) out.push('</tbody>');
        current = key;
        const [first, ...rest] = groupCols;
        const bits = [`<b>${esc(fmt.text(row[first!.key] ?? null, first!, 'display'))}</b>`];
        for (const c of rest) {
          const v = row[c.key] ?? null;
          if (v !== null && v !== '') bits.push(`${esc(c.label)}: ${esc(fmt.text(v, c, 'display'))}`);
        }
        out.push(`<tbody class="group"><tr class="gh"><th colspan="${shown.length}">${bits.join(' · ')}</th></tr>`);
      }
    } else if (current === null) {
      out.push('<tbody>');
      current = '';
    }
    out.push('<tr>');
    for (const c of shown) out.push(cellHtml(row[c.key] ?? null, c, fmt));
    out.push('</tr>');
  }
  if (current !== null) out.push('</tbody>');
  out.push('</table>');
}

/** One form per row: identity, findings with evidence, then fields for the officer to fill in. */
function cardsHtml(doc: ReadinessDocument, part: DocumentPart, fmt: Formatter, out: Sink): void {
  const L = labelsFor(doc.lang);
  const ident = part.columns.filter((c) => !['finding', 'blank', 'result'].includes(c.type));
  const findings = part.columns.filter((c) => c.type === 'finding' || c.type === 'result');
  const blanks = part.columns.filter((c) => c.type === 'blank');
  const titleCol = ident.find((c) => c.key === 'hostname') ?? ident[0];
  for (const row of part.rows) {
    const title = titleCol ? fmt.text(row[titleCol.key] ?? null, titleCol, 'display') : '';
    out.push(`<article class="card"><h3>${esc(part.title)}: ${esc(title)}</h3><dl class="ident">`);
    for (const c of ident) out.push(`<dt>${esc(c.label)}</dt><dd>${esc(fmt.text(row[c.key] ?? null, c, 'display')) || '—'}</dd>`);
    out.push(`</dl><h4>${esc(L.meta.findings)}</h4><table class="findings"><thead><tr><th>${esc(L.col.rule)}</th><th>${esc(L.col.result)}</th><th>${esc(L.col.evidence)}</th></tr></thead><tbody>`);
    for (const c of findings) {
      const v = row[c.key] ?? null;
      const status = isFinding(v) ? v.status : typeof v === 'string' ? v : null;
      const evidence = isFinding(v) ? v.evidence.map(esc).join('<br>') : '';
      const cls = status ? ` class="s-${esc(status)}"` : '';
      out.push(`<tr><td>${esc(c.label)}</td><td${cls}>${status ? esc(fmt.code('result', status)) : '—'}</td><td class="t-list">${evidence}</td></tr>`);
    }
    out.push(`</tbody></table>`);
    if (blanks.length) {
      out.push(`<div class="officer"><h4>${esc(L.meta.officerBlock)}</h4>`);
      for (const c of blanks) {
        const boxes = (c.choices ?? []).map((choice) => `<span class="choice">☐ ${esc(choice)}</span>`).join('');
        out.push(`<div class="field"><span>${esc(c.label)}</span><span>${boxes}</span></div>`);
      }
      out.push('</div>');
    }
    out.push('</article>');
  }
}

/**
 * Collects the page as UTF-8 in 64 KB pieces: a 300,000-row checklist held as one JavaScript
 * string (two bytes a character once it has Vietnamese in it) plus its encoding would double
 * the memory the page needs.
 */
class Sink {
  private text = '';
  private readonly chunks: Buffer[] = [];
  push(...parts: string[]): void {
    for (const p of parts) this.text += p;
    if (this.text.length > 65_536) this.flush();
  }
  private flush(): void {
    this.chunks.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }
  bytes(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }
}

export function renderHtml(doc: ReadinessDocument): Buffer {
  const fmt = formatterFor(doc);
  const L = labelsFor(doc.lang);
  const out = new Sink();
  const footer = `${doc.unit.name} · ${doc.title} · ${L.meta.asOf} ${fmt.day(doc.asOf)}`;
  out.push(
    `<!doctype html><html lang="${doc.lang}"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(`${doc.title} · ${doc.unit.name} · ${fmt.day(doc.asOf)}`)}</title>`,
    `<style>${pageCss({ orientation: doc.orientation, footer, pageWord: L.meta.page, ofWord: L.meta.of })}</style></head>`,
    `<body class="${doc.orientation}"><header class="doc-head"><div class="org">${esc(doc.unit.name)}</div><h1>${esc(doc.title)}</h1><dl class="meta">`,
    `<dt>${esc(L.meta.unit)}</dt><dd>${esc(doc.unit.name)}</dd>`,
    `<dt>${esc(L.meta.asOf)}</dt><dd>${esc(fmt.day(doc.asOf))}</dd>`,
  );
  if (doc.period) out.push(`<dt>${esc(L.meta.period)}</dt><dd>${esc(L.periodName[doc.period])}</dd>`);
  if (doc.previousAsOf) out.push(`<dt>${esc(L.meta.comparedWith)}</dt><dd>${esc(fmt.day(doc.previousAsOf))}</dd>`);
  out.push(`<dt>${esc(L.meta.printedAt)}</dt><dd>${esc(fmt.dateTime(doc.printedAt))}</dd></dl></header>`);
  if (doc.facts.length) {
    out.push('<section class="facts">');
    for (const f of doc.facts) {
      const value = typeof f.value === 'number' ? fmt.number(f.value) : f.value;
      out.push(`<div class="fact"><span class="v">${esc(value)}</span><span class="l">${esc(f.label)}</span></div>`);
    }
    out.push('</section>');
  }
  for (const part of doc.parts) {
    out.push(`<section class="part part-${part.id}">`);
    if (part.layout === 'table') out.push(`<h2>${esc(part.title)}</h2>`);
    if (!part.rows.length) out.push(`<p class="empty">${esc(L.meta.noRows)}</p>`);
    else if (part.layout === 'cards') cardsHtml(doc, part, fmt, out);
    else tableHtml(part, fmt, out);
    out.push('</section>');
  }
  // After the tables, so the figures start on the first page; each chart stays whole.
  out.push(chartsHtml(doc.chart, fmt));
  // The audit chain's head: a paper copy anchors the log (readiness audit verify --anchor).
  if (doc.auditHead) out.push(`<footer class="audit">${esc(L.meta.auditHead)}: ${esc(doc.auditHead)}</footer>`);
  out.push('</body></html>\n');
  return out.bytes();
}

export const htmlRenderer: Renderer = {
  format: 'html',
  contentType: 'text/html; charset=utf-8',
  inline: true,
  render: async (doc) => renderHtml(doc),
};
