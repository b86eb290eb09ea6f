/**
 * The printed page: A4 with margins, a running footer with the unit, the as-of day and
 * "page N / M" (Chromium draws `@page` margin boxes), header rows repeated on every page,
 * status colours kept when printing, and one device per page for the security sheet.
 */
import { CHART_CSS } from './chart.js';

/** A CSS string literal that cannot end the string or the `<style>` element early. */
export const cssString = (text: string): string =>
  `"${text.replace(/[\\"<>\n\r]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)} `)}"`;

export function pageCss(opts: { orientation: 'portrait' | 'landscape'; footer: string; pageWord: string; ofWord: string }): string {
  return `
@page {
  size: A4 ${opts.orientation};
  margin: 12mm 10mm 14mm 10mm;
  @bottom-left { content: ${cssString(opts.footer)}; font: 8pt Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: #555; }
  @bottom-right { content: ${cssString(`${opts.pageWord} `)} counter(page) ${cssString(` ${opts.ofWord} `)} counter(pages); font: 8pt Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: #555; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 9pt/1.3 Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: #111; margin: 0; }
@media screen { body { max-width: ${opts.orientation === 'landscape' ? '297mm' : '210mm'}; margin: 8mm auto; padding: 0 8mm; } }
.doc-head { border-bottom: 1.5pt solid #111; margin-bottom: 4mm; padding-bottom: 2mm; }
.doc-head .org { font-weight: bold; text-transform: uppercase; font-size: 10pt; }
h1 { font-size: 15pt; margin: 2mm 0 2mm; text-transform: uppercase; }
h2 { font-size: 11pt; margin: 4mm 0 2mm; }
h2, h3, h4 { break-after: avoid; }
.meta { display: grid; grid-template-columns: max-content max-content max-content 1fr; gap: 0.5mm 4mm; margin: 0; }
.meta dt { color: #444; }
.meta dd { margin: 0; font-weight: bold; }
.facts { display: flex; flex-wrap: wrap; gap: 3mm; margin: 2mm 0; }
.fact { border: 0.75pt solid #999; padding: 1.5mm 3mm; min-width: 32mm; }
.fact .v { display: block; font-size: 12pt; font-weight: bold; }
.fact .l { color: #444; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
th, td { border: 0.5pt solid #888; padding: 0.8mm 1.5mm; vertical-align: top; text-align: left; }
thead th { background: #e8eaed; font-size: 8.5pt; }
td.t-number, td.t-percent { text-align: right; white-space: nowrap; }
td.t-date, td.t-datetime, td.t-status, td.t-result { white-space: nowrap; }
td.t-list, td.t-finding { font-size: 8.5pt; }
tbody.group { break-inside: avoid; }
tr.gh th { background: #f3f4f6; font-weight: normal; font-size: 9pt; }
tr.gh th b { font-size: 10pt; }
tr { break-inside: avoid; }
.s-done, .s-pass, .s-newly_passing { background: #e6f4ea; color: #17612a; }
.s-on_track, .s-newly_reporting { background: #e3effd; color: #0d3f8f; }
.s-at_risk { background: #fff4d6; color: #7a5200; }
.s-overdue, .s-fail, .s-regression, .s-became_overdue { background: #fde7e9; color: #a3151b; font-weight: bold; }
.s-unknown { background: #eeeeee; color: #3c3c3c; }
.s-not_applicable { color: #6b6b6b; }
.s-exempted { background: #f1e8fa; color: #5b2c83; }
.empty { color: #555; font-style: italic; }
.card { break-after: page; }
.card:last-child { break-after: auto; }
.card h3 { font-size: 12pt; margin: 3mm 0 2mm; }
.card .ident { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 1mm 4mm; margin: 0 0 3mm; }
.card .ident dt { color: #444; }
.card .ident dd { margin: 0; font-weight: bold; }
.card .findings td:first-child { width: 38%; }
.card .findings td:nth-child(2) { width: 16%; }
.officer { margin-top: 5mm; border: 0.75pt solid #444; padding: 2mm 3mm; break-inside: avoid; }
.officer h4 { margin: 0 0 2mm; font-size: 10pt; }
.officer .field { display: grid; grid-template-columns: 40mm 1fr; align-items: end; min-height: 12mm; border-bottom: 0.5pt dotted #666; margin-bottom: 1mm; }
.officer .choice { margin-right: 10mm; font-size: 11pt; }
${CHART_CSS}`;
}
