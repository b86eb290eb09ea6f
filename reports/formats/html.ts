/**
 * HTML: one self-contained page (inline CSS and SVG, no scripts, no external resources) that
 * reads on screen and prints on A4 in the administrative form: the issuer and the national
 * title, the type and subject, the tables (each group under its heading; a machine's
 * checklist repeats its heading on every page it continues on), the charts, then the
 * recipients and the signer. Every piece of text from the document is escaped.
 */
import type { CellValue, DocumentColumn, DocumentPart, DocumentRow, ReadinessDocument } from '../../schema/index.js';
import { chartsHtml } from '../chart.js';
import { esc } from '../escape.js';
import type { Formatter } from '../format.js';
import { formatterFor, isFinding } from '../format.js';
import { numberLine, placeDateLine } from '../form-lines.js';
import { pageCss } from '../html-css.js';
import { labelsFor } from '../i18n.js';
import type { Labels } from '../i18n.js';
import type { Renderer } from './types.js';

const CODED = new Set(['status', 'result', 'change', 'proposal']);

function cellHtml(value: CellValue, column: DocumentColumn, fmt: Formatter): string {
  const extra = `${column.key === 'stt' ? ' c-stt' : ''}${column.oneLine ? ' one-line' : ''}`;
  if (value === null) return `<td class="t-${column.type}${extra}"></td>`;
  if (Array.isArray(value)) return `<td class="t-list">${value.map(esc).join('<br>')}</td>`;
  if (isFinding(value)) {
    const evidence = value.evidence.map(esc).join('<br>');
    return `<td class="t-finding s-${value.status}"><b>${esc(fmt.code('result', value.status))}</b>${evidence ? `<br>${evidence}` : ''}</td>`;
  }
  const text = esc(fmt.text(value, column, 'display'));
  if (CODED.has(column.type)) return `<td class="t-${column.type} s-${esc(String(value))}">${text}</td>`;
  return `<td class="t-${column.type}${extra}">${text}</td>`;
}

function headRows(columns: DocumentColumn[]): string {
  if (!columns.some((c) => c.band)) return `<tr>${columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr>`;
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
  return `<tr>${top.join('')}</tr><tr>${second.join('')}</tr>`;
}

/** The heading line of a group: its first column's value in bold, the others as "label: value". */
function groupLine(row: DocumentRow, groupCols: DocumentColumn[], fmt: Formatter): string {
  const [first, ...rest] = groupCols;
  const bits = [`<b>${esc(fmt.text(row[first!.key] ?? null, first!, 'display'))}</b>`];
  for (const c of rest) {
    const v = row[c.key] ?? null;
    if (v !== null && v !== '') bits.push(`${esc(c.label)}: ${esc(fmt.text(v, c, 'display'))}`);
  }
  return bits.join(' · ');
}

/** How much of a fixed-layout table's width each kind of column takes. */
const WEIGHT: Record<DocumentColumn['type'], number> = {
  number: 4,
  percent: 5,
  date: 6,
  datetime: 8,
  status: 7,
  result: 6,
  change: 7,
  text: 10,
  list: 12,
  finding: 16,
  blank: 8,
  proposal: 8,
};
const weightOf = (c: DocumentColumn) => (c.key === 'stt' ? 3 : WEIGHT[c.type] * (c.wide ? 2.4 : 1));

/** The same column widths for every table of a part, so a machine's table lines up with the next one. */
function colgroup(columns: DocumentColumn[]): string {
  const total = columns.reduce((n, c) => n + weightOf(c), 0);
  return `<colgroup>${columns.map((c) => `<col style="width:${((weightOf(c) / total) * 100).toFixed(1)}%">`).join('')}</colgroup>`;
}

/**
 * A table; with `groupBy`, runs of rows sharing those values sit under one heading row, and
 * with `groupRepeat` each run is its own table whose heading repeats on a continued page.
 */
function tableHtml(part: DocumentPart, fmt: Formatter, out: Sink): void {
  const grouped = new Set(part.groupBy);
  const groupCols = part.groupBy.map((k) => part.columns.find((c) => c.key === k)).filter((c): c is DocumentColumn => !!c);
  const shown = part.columns.filter((c) => !grouped.has(c.key) && !c.groupOnly && !c.dataOnly);
  const head = headRows(shown);
  const groupKey = (row: DocumentRow) => groupCols.map((c) => String(row[c.key] ?? '')).join('\u0000');
  let current: string | null = null;
  const row = (r: DocumentRow) => {
    out.push('<tr>');
    for (const c of shown) out.push(cellHtml(r[c.key] ?? null, c, fmt));
    out.push('</tr>');
  };
  if (part.groupRepeat && groupCols.length) {
    const cols = colgroup(shown);
    for (const r of part.rows) {
      const key = groupKey(r);
      if (key !== current) {
        if (current !== null) out.push('</tbody></table>');
        current = key;
        out.push(`<table class="data group">${cols}<thead><tr class="gh"><th colspan="${shown.length}">${groupLine(r, groupCols, fmt)}</th></tr>${head}</thead><tbody>`);
      }
      row(r);
    }
    if (current !== null) out.push('</tbody></table>');
    return;
  }
  out.push(`<table class="data"><thead>${head}</thead>`);
  for (const r of part.rows) {
    if (groupCols.length) {
      const key = groupKey(r);
      if (key !== current) {
        if (current !== null) out.push('</tbody>');
        current = key;
        out.push(`<tbody><tr class="gh"><th colspan="${shown.length}">${groupLine(r, groupCols, fmt)}</th></tr>`);
      }
    } else if (current === null) {
      out.push('<tbody>');
      current = '';
    }
    row(r);
  }
  if (current !== null) out.push('</tbody>');
  out.push('</table>');
}

/** One form per row: identity, findings with evidence, then fields for the officer to fill in. */
function cardsHtml(doc: ReadinessDocument, part: DocumentPart, fmt: Formatter, out: Sink): void {
  const L = labelsFor(doc.lang);
  const ident = part.columns.filter((c) => !['finding', 'blank', 'result'].includes(c.type) && c.key !== 'stt');
  const findings = part.columns.filter((c) => c.type === 'finding' || c.type === 'result');
  // An officer's mark per finding is printed in that finding's row; the other blanks below.
  const blanks = part.columns.filter((c) => c.type === 'blank' && !c.marks);
  const markOf = new Map(part.columns.filter((c) => c.type === 'blank' && c.marks).map((c) => [c.marks!, c]));
  const boxesOf = (c: DocumentColumn) => (c.choices ?? []).map((choice) => `<span class="choice">☐ ${esc(choice)}</span>`).join('');
  const titleCol = ident.find((c) => c.key === 'hostname') ?? ident[0];
  for (const row of part.rows) {
    const title = titleCol ? fmt.text(row[titleCol.key] ?? null, titleCol, 'display') : '';
    const number = row.stt === undefined || row.stt === null ? '' : `${esc(String(row.stt))}. `;
    out.push(`<article class="card"><h3>${number}${esc(part.title)}: ${esc(title)}</h3><dl class="ident">`);
    for (const c of ident) out.push(`<dt>${esc(c.label)}</dt><dd>${esc(fmt.text(row[c.key] ?? null, c, 'display')) || '—'}</dd>`);
    const markHead = markOf.size ? `<th>${esc(L.col.verdict)}</th>` : '';
    out.push(`</dl><h4>${esc(L.meta.findings)}</h4><table class="findings"><thead><tr><th>${esc(L.col.rule)}</th><th>${esc(L.col.result)}</th><th>${esc(L.col.evidence)}</th>${markHead}</tr></thead><tbody>`);
    for (const c of findings) {
      const v = row[c.key] ?? null;
      const status = isFinding(v) ? v.status : typeof v === 'string' ? v : null;
      const evidence = isFinding(v) ? v.evidence.map(esc).join('<br>') : '';
      const cls = status ? ` class="s-${esc(status)}"` : '';
      const mark = markOf.size ? `<td class="marks">${markOf.has(c.key) ? boxesOf(markOf.get(c.key)!) : ''}</td>` : '';
      out.push(`<tr><td>${esc(c.label)}</td><td${cls}>${status ? esc(fmt.code('result', status)) : '—'}</td><td class="t-list">${evidence}</td>${mark}</tr>`);
    }
    out.push(`</tbody></table>`);
    if (blanks.length) {
      out.push(`<div class="officer"><h4>${esc(L.meta.officerBlock)}</h4>`);
      for (const c of blanks) out.push(`<div class="field${c.choices?.length ? ' wide' : ''}"><span>${esc(c.label)}</span><span>${boxesOf(c)}</span></div>`);
      out.push('</div>');
    }
    out.push('</article>');
  }
}

/** The top of the first page: issuer under its parent, number, national title and motto, place and date, type and subject. */
function formHead(doc: ReadinessDocument, L: Labels): string {
  const f = doc.form;
  const issuer = [
    f.parentAgency ? `<div class="parent">${esc(f.parentAgency)}</div>` : '',
    `<div class="agency">${esc(f.agency)}</div><div class="line"></div>`,
    f.type === 'report' ? `<div class="number">${esc(numberLine(f, L))}</div>` : '',
  ].join('');
  const nation = `<div class="nation-title">${esc(L.form.nation)}</div><div class="motto">${esc(L.form.motto)}</div><div class="line"></div><div class="place-date">${esc(placeDateLine(f, L))}</div>`;
  return (
    `<header class="doc-head"><table class="form-head"><tr><td class="issuer">${issuer}</td><td class="nation">${nation}</td></tr></table>` +
    `<p class="doc-type">${esc(L.form.type[f.type])}</p><p class="doc-subject">${esc(f.subject)}</p>` +
    (f.attachedTo ? `<p class="doc-attached">${esc(f.attachedTo)}</p>` : '') +
    `<div class="doc-type-line"></div></header>`
  );
}

/** The end of the last page: recipients on the left, the signer's authority, title and name on the right. */
function signBlock(doc: ReadinessDocument, L: Labels): string {
  const f = doc.form;
  const last = f.recipients.length - 1;
  const recipients = f.recipients.map((r, i) => `<li>- ${esc(r)}${i === last ? '.' : ';'}</li>`).join('');
  const signer = [
    f.signer.authority ? `<div class="authority">${esc(f.signer.authority)}</div>` : '',
    `<div class="title">${esc(f.signer.title)}</div>`,
    `<div class="space"></div>`,
    f.signer.name ? `<div class="name">${esc(f.signer.name)}</div>` : '',
  ].join('');
  return `<table class="sign"><tr><td class="recipients"><div class="head">${esc(L.form.recipients)}:</div><ul>${recipients}</ul></td><td class="signer">${signer}</td></tr></table>`;
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

/** One line under the title: the as-of day, room, period and day compared, when it was printed, the headline figures. */
function metaLine(doc: ReadinessDocument, L: Labels, fmt: Formatter): string {
  const bits = [`${L.meta.asOf}: ${fmt.day(doc.asOf)}`];
  if (doc.room) bits.push(`${L.meta.room}: ${doc.room.name}`);
  if (doc.period) bits.push(`${L.meta.period}: ${L.periodName[doc.period]}`);
  if (doc.previousAsOf) bits.push(`${L.meta.comparedWith}: ${fmt.day(doc.previousAsOf)}`);
  bits.push(`${L.meta.printedAt}: ${fmt.dateTime(doc.printedAt)}`);
  const facts = doc.facts.map((f) => `<span class="fact">${esc(f.label)}: <span class="v">${esc(typeof f.value === 'number' ? fmt.number(f.value) : f.value)}</span></span>`);
  return `<p class="meta">${[...bits.map((b) => `<span>${esc(b)}</span>`), ...facts].join('')}</p>`;
}

export function renderHtml(doc: ReadinessDocument): Buffer {
  const fmt = formatterFor(doc);
  const L = labelsFor(doc.lang);
  const out = new Sink();
  const footer = `${doc.unit.name}${doc.room ? ` · ${doc.room.name}` : ''} · ${doc.title} · ${L.meta.asOf} ${fmt.day(doc.asOf)}`;
  const audit = doc.auditHead ? `${L.meta.auditHead}: ${doc.auditHead}` : null;
  out.push(
    `<!doctype html><html lang="${doc.lang}"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(`${doc.title} · ${doc.unit.name} · ${fmt.day(doc.asOf)}`)}</title>`,
    `<style>${pageCss({ orientation: doc.orientation, footer, audit })}</style></head>`,
    `<body class="${doc.orientation}">`,
    formHead(doc, L),
    metaLine(doc, L, fmt),
  );
  const printed = doc.parts.filter((p) => !p.dataOnly);
  const charts = chartsHtml(doc.chart, fmt);
  const notesOf = (part: DocumentPart) => (part.notes.length ? `<ul class="notes">${part.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '');
  // The last part's notes close the document with the signature, unless charts come between.
  const closingNotes = !charts && printed.length ? notesOf(printed.at(-1)!) : '';
  printed.forEach((part, i) => {
    out.push(`<section class="part part-${part.id}">`);
    if (part.layout === 'table') out.push(`<h2>${esc(part.title)}</h2>`);
    if (!part.rows.length) out.push(`<p class="empty">${esc(L.meta.noRows)}</p>`);
    else if (part.layout === 'cards') cardsHtml(doc, part, fmt, out);
    else tableHtml(part, fmt, out);
    if (!closingNotes || i < printed.length - 1) out.push(notesOf(part));
    out.push('</section>');
  });
  // One block that is never split, so the signature never stands alone on a page: it goes over
  // with what precedes it, the charts (after the tables, so the figures start on the first page;
  // each chart stays whole) or else the last part's notes.
  out.push(`<div class="closing">${charts || closingNotes}${signBlock(doc, L)}</div>`);
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
