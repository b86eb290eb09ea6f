/**
 * The printed page, after Decree 30/2020/NĐ-CP: A4, margins 20 mm top and bottom, 30 mm left
 * (the bound edge), 15 mm right, on every page whatever its orientation; Times New Roman (or
 * a metric-compatible serif with Vietnamese glyphs: Liberation Serif, Tinos); the page number
 * at the top centre from the second page on. Header rows repeat on every page, status colours
 * are kept when printing, and the security sheet prints one device per page.
 */
import { CHART_CSS } from './chart.js';

/** A CSS string literal that cannot end the string or the `<style>` element early. */
export const cssString = (text: string): string =>
  `"${text.replace(/[\\"<>\n\r]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)} `)}"`;

/** Times New Roman where it is installed (Windows), else the free serifs drawn to its metrics. */
export const SERIF = '"Times New Roman", "Liberation Serif", Tinos, "DejaVu Serif", serif';

export function pageCss(opts: { orientation: 'portrait' | 'landscape'; footer: string; audit: string | null }): string {
  const small = `7.5pt ${SERIF}`;
  return `
@page {
  size: A4 ${opts.orientation};
  margin: 20mm 15mm 20mm 30mm;
  @top-center { content: counter(page); font: 12pt ${SERIF}; }
  @bottom-left { content: ${cssString(opts.footer)}; font: ${small}; color: #444; }
  ${opts.audit ? `@bottom-right { content: ${cssString(opts.audit)}; font: ${small}; color: #444; }` : ''}
}
@page :first { @top-center { content: none; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10pt/1.25 ${SERIF}; color: #000; margin: 0; }
@media screen { body { max-width: ${opts.orientation === 'landscape' ? '297mm' : '210mm'}; margin: 8mm auto; padding: 0 8mm; } }
.form-head { width: 100%; border: 0; margin: 0 0 2mm; table-layout: fixed; }
.form-head td { border: 0; padding: 0; text-align: center; vertical-align: top; }
.form-head .issuer { width: 46%; }
.form-head .parent { font-size: 12pt; text-transform: uppercase; }
.form-head .agency { font-size: 12pt; font-weight: bold; text-transform: uppercase; }
.form-head .nation-title { font-size: 12pt; font-weight: bold; }
.form-head .motto { font-size: 13pt; font-weight: bold; }
.form-head .line { border-top: 0.75pt solid #000; margin: 0.5mm auto 1.5mm; width: 35%; height: 0; }
.form-head .motto + .line { width: 52%; }
.form-head .number { font-size: 12pt; }
.form-head .place-date { font-size: 12pt; font-style: italic; }
.doc-type { text-align: center; font-size: 13pt; font-weight: bold; margin: 2mm 0 0; }
.doc-subject { text-align: center; font-size: 12pt; font-weight: bold; margin: 0; }
.doc-attached { text-align: center; font-size: 12pt; font-style: italic; margin: 0; }
.doc-type-line { border-top: 0.75pt solid #000; width: 25%; margin: 1mm auto 2mm; height: 0; }
.meta { margin: 0 0 1mm; font-size: 9pt; }
.meta > span + span::before { content: " · "; }
.fact .v { font-weight: bold; }
.fact .v { font-weight: bold; }
h2 { font-size: 10.5pt; margin: 2mm 0 0.8mm; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
th, td { border: 0.4pt solid #555; padding: 0 0.8mm; vertical-align: top; text-align: left; }
table.data { font-size: 7pt; line-height: 0.92; }
/* 6pt lines: with the 1px rule between rows a row is 9 CSS px, so the example org's summary (23 rules, 10 groups) fits four A4 pages. */
table.data td { line-height: 6pt; }
thead th { background: #e8eaed; font-size: 7pt; font-weight: bold; text-align: center; vertical-align: middle; line-height: 1; }
td.t-number, td.t-percent { text-align: right; white-space: nowrap; }
td.c-stt { text-align: center; }
td.one-line { white-space: nowrap; }
td.t-date, td.t-datetime, td.t-status, td.t-result { white-space: nowrap; }
td.t-list, td.t-finding { font-size: 7.5pt; }
tr { break-inside: avoid; }
tr.gh th { background: #f3f4f6; font-weight: normal; text-align: left; font-size: 7.5pt; line-height: 1; }
table.group { margin-bottom: 1.5mm; table-layout: fixed; }
.s-done, .s-pass, .s-newly_passing { background: #e6f4ea; color: #17612a; }
.s-on_track, .s-newly_reporting { background: #e3effd; color: #0d3f8f; }
.s-at_risk { background: #fff4d6; color: #7a5200; }
.s-overdue, .s-fail, .s-regression, .s-became_overdue { background: #fde7e9; color: #a3151b; font-weight: bold; }
.s-unknown { background: #eeeeee; color: #3c3c3c; }
.s-not_applicable { color: #555; font-style: italic; }
.s-exempted { background: #f1e8fa; color: #5b2c83; }
.s-replace { background: #fde7e9; color: #a3151b; font-weight: bold; }
.s-add { background: #fff4d6; color: #7a5200; }
.s-repair { background: #e3effd; color: #0d3f8f; }
.s-keep { background: #e6f4ea; color: #17612a; }
.empty { color: #444; font-style: italic; }
.notes { margin: 1mm 0 0; padding: 0; list-style: none; font-size: 7.5pt; line-height: 1.1; font-style: italic; }
.card { break-after: page; font-size: 10pt; }
.card:last-of-type { break-after: auto; }
.card h3 { font-size: 12pt; margin: 2mm 0 1.5mm; }
.card .ident { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 0.6mm 4mm; margin: 0 0 2mm; }
.card .ident dt { color: #333; }
.card .ident dd { margin: 0; font-weight: bold; }
.card .findings { font-size: 9pt; }
.card .findings td.t-list { font-size: 8.5pt; }
.card .findings td:first-child { width: 36%; }
.card .findings td:nth-child(2) { width: 14%; }
.officer { margin-top: 4mm; border: 0.75pt solid #333; padding: 2mm 3mm; break-inside: avoid; }
.officer h4 { margin: 0 0 2mm; font-size: 10.5pt; }
.officer .field { display: grid; grid-template-columns: 40mm 1fr; align-items: end; min-height: 8mm; border-bottom: 0.5pt dotted #555; margin-bottom: 1mm; }
.officer .choice { margin-right: 10mm; font-size: 11pt; }
.closing { break-inside: avoid; }
.sign { width: 100%; margin-top: 3mm; border: 0; break-inside: avoid; table-layout: fixed; }
.sign td { border: 0; padding: 0; vertical-align: top; }
.sign .recipients { width: 50%; font-size: 11pt; }
.sign .recipients .head { font-size: 12pt; font-weight: bold; font-style: italic; }
.sign .recipients ul { margin: 0; padding: 0; list-style: none; }
.sign .signer { text-align: center; font-size: 12pt; font-weight: bold; }
.sign .signer .title { text-transform: uppercase; }
.sign .signer .space { height: 18mm; }
/* The officer's fields two by two (conditions and their due date, name and day...), a choice across. */
.officer { display: grid; grid-template-columns: 1fr 1fr; column-gap: 6mm; }
.officer h4, .officer .field.wide { grid-column: 1 / -1; }
.officer .field { grid-template-columns: 32mm 1fr; }
/* The marks two to a line ("☐ Đạt ☐ Không đạt", "☐ Không áp dụng"): each device with its officer's part on one A4 page. */
.card .findings td.marks { width: 33mm; }
.card .findings td.marks .choice { display: inline-block; margin: 0 1.5mm 0 0; white-space: nowrap; font-size: 9.5pt; }
${CHART_CSS}`;
}
