/**
 * The dashboard's stylesheet, served from the package (`/assets/...`): nothing is loaded from
 * elsewhere, since an office LAN may have no Internet. Modelled on the GOV.UK Design System:
 * plain type, tags with words and colour, right-aligned numbers, large focus outlines, forms
 * with an error summary; pages print on A4 without the navigation and the forms.
 */
import { CHART_CSS } from '../../reports/chart.js';

export const STYLE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 16px/1.45 Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: #0b0c0c; background: #fff; }
a { color: #1d70b8; text-decoration: underline; text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:hover { color: #003078; }
:focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
a:focus-visible { background: #ffdd00; color: #0b0c0c; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; outline: none; text-decoration: none; }
.skip { position: absolute; left: -10000px; top: 0; padding: 8px 12px; background: #ffdd00; color: #0b0c0c; z-index: 10; }
.skip:focus { left: 8px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.top { background: #12355b; color: #fff; border-bottom: 8px solid #1d70b8; }
.top .bar { max-width: 1400px; margin: 0 auto; padding: 10px 24px; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; }
.top .product { color: #fff; font-weight: bold; font-size: 19px; text-decoration: none; }
.top .org { color: #dbe4ef; font-size: 15px; }
.top .who { margin-left: auto; font-size: 14px; color: #dbe4ef; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; }
.top .who a, .top a.lang { color: #fff; }
.top form { display: inline; margin: 0; }
.top button.link { background: none; border: 0; color: #fff; text-decoration: underline; font: inherit; cursor: pointer; padding: 0; }
nav.main { background: #f3f2f1; border-bottom: 1px solid #b1b4b6; }
nav.main ul { max-width: 1400px; margin: 0 auto; padding: 0 24px; list-style: none; display: flex; flex-wrap: wrap; gap: 0 28px; }
nav.main li a { display: inline-block; padding: 10px 0 8px; font-weight: bold; text-decoration: none; color: #1d70b8; border-bottom: 4px solid transparent; }
nav.main li a[aria-current="page"] { border-bottom-color: #1d70b8; color: #0b0c0c; }

main { max-width: 1400px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 32px; line-height: 1.15; margin: 8px 0 12px; }
h2 { font-size: 24px; margin: 32px 0 10px; }
h3 { font-size: 19px; margin: 20px 0 8px; }
.lead { font-size: 19px; margin: 0 0 16px; max-width: 60em; }
.hint { color: #505a5f; font-size: 15px; }
.caption { color: #505a5f; font-size: 15px; margin: 4px 0 12px; }
.data-at { color: #505a5f; font-size: 14px; margin: 0 0 16px; }
.breadcrumbs { font-size: 14px; margin: 0 0 4px; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 0; }
.breadcrumbs li + li::before { content: "›"; margin: 0 8px; color: #505a5f; }
.notice { border-left: 10px solid #1d70b8; padding: 10px 16px; background: #f3f2f1; margin: 0 0 20px; }
.notice.warn { border-left-color: #d4351c; }
.notice.ok { border-left-color: #00703c; }
.secret { font: 18px/1.4 "DejaVu Sans Mono", "Liberation Mono", monospace; background: #f3f2f1; padding: 8px 12px; border: 2px solid #0b0c0c; word-break: break-all; display: block; margin: 8px 0; }
code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.9em; }

.table-wrap { overflow-x: auto; margin: 0 0 20px; }
table { border-collapse: collapse; width: 100%; font-size: 15px; }
caption { text-align: left; font-weight: bold; font-size: 17px; padding: 0 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px 8px 0; border-bottom: 1px solid #b1b4b6; }
thead th { border-bottom: 2px solid #0b0c0c; font-size: 14px; }
th.num, td.num { text-align: right; white-space: nowrap; padding-right: 14px; }
td.nowrap, th.nowrap { white-space: nowrap; }
tbody th { font-weight: normal; }
tr.depth-1 th.unit { padding-left: 18px; }
tr.depth-2 th.unit { padding-left: 36px; }
tr.depth-3 th.unit { padding-left: 54px; }
th.unit { min-width: 12em; }
th.unit a { font-weight: bold; }
thead th a { color: #0b0c0c; }
thead th a[aria-sort]::after { content: " ▲"; }
thead th a[aria-sort="descending"]::after { content: " ▼"; }

.tag { display: inline-block; padding: 2px 8px 1px; font-size: 14px; font-weight: bold; line-height: 1.3; border-radius: 0; white-space: nowrap; }
.s-done, .s-pass { background: #cce2d8; color: #005a30; }
.s-on_track { background: #bbd4ea; color: #0c2d4a; }
.s-at_risk { background: #fff7bf; color: #594d00; }
.s-overdue, .s-fail { background: #f4cdc6; color: #942514; }
.s-unknown { background: #e5e6e7; color: #383f43; }
.s-not_applicable { background: #fff; color: #505a5f; outline: 1px solid #b1b4b6; }
td.cell { min-width: 9.5em; }
td.cell .pct { display: block; font-size: 19px; font-weight: bold; margin-top: 4px; }
td.cell .frac, td.cell .due { display: block; font-size: 13px; color: #383f43; }
progress { width: 100%; max-width: 10em; height: 8px; display: block; margin: 3px 0; accent-color: #1d70b8; }
.none { color: #505a5f; }

dl.summary { display: grid; grid-template-columns: minmax(12em, 30%) 1fr; margin: 0 0 24px; border-top: 1px solid #b1b4b6; }
dl.summary dt, dl.summary dd { margin: 0; padding: 9px 10px 9px 0; border-bottom: 1px solid #b1b4b6; }
dl.summary dt { font-weight: bold; }
ul.plain { list-style: none; padding: 0; margin: 0; }
ul.plain li + li { margin-top: 2px; }
ul.evidence { margin: 4px 0 0; padding-left: 18px; font-size: 14px; color: #383f43; }
.remedy { font-size: 14px; margin: 4px 0 0; }
details { margin: 0 0 10px; }
details > summary { cursor: pointer; color: #1d70b8; text-decoration: underline; }
ol.hosts { columns: 16em auto; margin: 6px 0 10px; padding-left: 22px; font-size: 15px; }

table.hist td.h { width: 1.6em; text-align: center; padding: 4px 0; font-size: 12px; border-left: 2px solid #fff; }
table.hist th.d { font-size: 11px; font-weight: normal; writing-mode: vertical-rl; transform: rotate(180deg); padding: 4px 0; white-space: nowrap; }

form.panel { background: #f3f2f1; padding: 16px 16px 8px; margin: 0 0 20px; }
.fields { display: flex; flex-wrap: wrap; gap: 4px 20px; align-items: flex-end; }
.field { margin: 0 0 14px; }
.field label, .field legend, .label { display: block; font-weight: bold; margin: 0 0 4px; }
.field .hint { display: block; margin: 0 0 4px; }
.field.wide { flex: 1 1 24em; }
input[type=text], input[type=password], input[type=search], input[type=date], input[type=number], select {
  font: inherit; font-size: 16px; padding: 5px 6px; border: 2px solid #0b0c0c; border-radius: 0; background: #fff; min-height: 40px; max-width: 100%;
}
input[type=search], input.wide { width: 100%; }
textarea { font: inherit; font-size: 16px; padding: 5px 6px; border: 2px solid #0b0c0c; border-radius: 0; width: 100%; max-width: 48em; display: block; }
input[type=file] { font: inherit; font-size: 16px; max-width: 100%; }
fieldset.field { border: 0; padding: 0; min-width: 0; }
tr.field-error th { border-left: 5px solid #d4351c; }
input:focus, select:focus, textarea:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
input[type=checkbox] { width: 22px; height: 22px; vertical-align: middle; margin-right: 6px; }
.field-error { border-left: 5px solid #d4351c; padding-left: 12px; }
.field-error input, .field-error select { border-color: #d4351c; }
.error-message { display: block; color: #d4351c; font-weight: bold; margin: 0 0 4px; }
.error-summary { border: 5px solid #d4351c; padding: 14px 18px; margin: 0 0 24px; }
.error-summary h2 { margin: 0 0 10px; font-size: 22px; }
.error-summary a { color: #d4351c; font-weight: bold; }
button, .button { font: inherit; font-size: 17px; font-weight: bold; line-height: 1.2; display: inline-block; padding: 8px 12px 7px; border: 2px solid transparent; border-radius: 0;
  color: #fff; background: #00703c; box-shadow: 0 2px 0 #002d18; cursor: pointer; text-decoration: none; margin: 0 8px 14px 0; min-height: 40px; }
button.secondary, .button.secondary { color: #0b0c0c; background: #f3f2f1; box-shadow: 0 2px 0 #929191; }
button.warning { background: #d4351c; box-shadow: 0 2px 0 #55150b; }
button:focus-visible, .button:focus-visible { outline: 3px solid transparent; background: #ffdd00; color: #0b0c0c; box-shadow: 0 2px 0 #0b0c0c; border-color: #ffdd00; }
.actions form { display: inline; }
td form { display: inline; margin: 0; }
td form button { font-size: 15px; padding: 4px 8px; margin: 0 6px 0 0; min-height: 0; }
.pager { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; margin: 10px 0 24px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(18em, 1fr)); gap: 16px; margin: 0 0 24px; }
.card { border-top: 4px solid #1d70b8; background: #f3f2f1; padding: 12px 16px; }
.card h2 { font-size: 19px; margin: 0 0 6px; }
.card p { margin: 0; font-size: 15px; }
.charts { margin-top: 12px; }
footer { border-top: 1px solid #b1b4b6; color: #505a5f; font-size: 14px; }
footer .bar { max-width: 1400px; margin: 0 auto; padding: 14px 24px 30px; }
${CHART_CSS}

@media print {
  @page { size: A4 landscape; margin: 10mm 8mm 12mm 8mm; }
  body { font-size: 9pt; }
  .top .who, .skip, nav.main, form.panel, .pager, .no-print, button { display: none !important; }
  footer { border-top: 0.5pt solid #888; font-size: 8pt; }
  .top { background: #fff; color: #0b0c0c; border-bottom: 1.5pt solid #0b0c0c; }
  .top .bar, main, footer .bar { max-width: none; padding: 0; }
  .top .product, .top .org { color: #0b0c0c; }
  h1 { font-size: 15pt; margin: 2mm 0; }
  h2 { font-size: 11pt; margin: 4mm 0 2mm; break-after: avoid; }
  .lead, .data-at, .caption { font-size: 9pt; }
  a, a:visited { color: #0b0c0c; text-decoration: none; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 1mm 1.5mm 1mm 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  td.cell { min-width: 0; }
  td.cell .pct { font-size: 9.5pt; }
  td.cell .frac, td.cell .due { font-size: 7pt; }
  .tag { font-size: 7.5pt; padding: 0 1mm; }
  progress { display: none; }
  .chart-grid { gap: 2mm; }
  .cards { gap: 2mm; grid-template-columns: repeat(4, 1fr); }
  .card { padding: 1.5mm 2.5mm; border-top-width: 2pt; break-inside: avoid; }
  .card h2 { font-size: 10pt; margin: 0 0 1mm; }
  .card p { font-size: 8pt; }
  details { display: block; }
  details > summary { color: #0b0c0c; text-decoration: none; }
}
`;
