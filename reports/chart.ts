/**
 * Completion over time against the deadline, as small inline SVG charts: one per rule (small
 * multiples), because fifteen lines with fifteen deadlines in one chart cannot be read on
 * paper. Each shows the completion line, the 100% target and the deadline as a red line; a
 * deadline far outside the charted days is named at the edge instead of squashing the line.
 */
import type { ChartSeries, ReadinessDocument } from '../schema/index.js';
import { esc } from './escape.js';
import type { Formatter } from './format.js';
import { labelsFor } from './i18n.js';

/** Small multiples: eight to a landscape line, so fifteen rules take two short rows. */
const W = 118;
const H = 66;
const M = { left: 21, right: 5, top: 19, bottom: 11 };
/** How far past the charted days a deadline may lie and still stretch the axis to reach it. */
const STRETCH_DAYS = 45;

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
const fixed = (n: number) => n.toFixed(1);

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One chart as an `<svg>` element. */
export function seriesSvg(series: ChartSeries, range: { from: string; to: string }, fmt: Formatter): string {
  const L = labelsFor(fmt.lang);
  const from = dayNumber(range.from);
  const to = dayNumber(range.to);
  const deadline = dayNumber(series.deadline);
  const lo = deadline < from && from - deadline <= STRETCH_DAYS ? deadline : from;
  const hi = deadline > to && deadline - to <= STRETCH_DAYS ? deadline : to;
  const span = Math.max(hi - lo, 1);
  const x = (d: number) => M.left + ((d - lo) / span) * (W - M.left - M.right);
  const y = (pct: number) => H - M.bottom - (pct / 100) * (H - M.top - M.bottom);

  const parts: string[] = [];
  parts.push(`<title>${esc(series.title)}</title>`);
  parts.push(`<text x="2" y="9" class="ct">${esc(truncate(series.title, 28))}</text>`);
  for (const pct of [0, 50, 100]) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${fixed(y(pct))}" y2="${fixed(y(pct))}" class="${pct === 100 ? 'target' : 'grid'}"/>`);
    parts.push(`<text x="${M.left - 3}" y="${fixed(y(pct) + 3)}" class="ax" text-anchor="end">${pct}%</text>`);
  }
  parts.push(`<text x="${M.left}" y="${H - 4}" class="ax">${esc(fmt.day(new Date(lo * 86_400_000).toISOString().slice(0, 10)))}</text>`);
  parts.push(`<text x="${W - M.right}" y="${H - 4}" class="ax" text-anchor="end">${esc(fmt.day(new Date(hi * 86_400_000).toISOString().slice(0, 10)))}</text>`);

  const deadlineLabel = `${L.meta.deadline} ${fmt.day(series.deadline)}`;
  if (deadline >= lo && deadline <= hi) {
    const dx = fixed(x(deadline));
    const anchor = x(deadline) > W / 2 ? 'end' : 'start';
    parts.push(`<line x1="${dx}" x2="${dx}" y1="${M.top - 6}" y2="${H - M.bottom}" class="deadline"/>`);
    parts.push(`<text x="${anchor === 'end' ? fixed(x(deadline) - 3) : fixed(x(deadline) + 3)}" y="${M.top - 1}" class="dl" text-anchor="${anchor}">${esc(deadlineLabel)}</text>`);
  } else {
    const after = deadline > hi;
    parts.push(`<text x="${after ? W - M.right : M.left}" y="${M.top - 1}" class="dl" text-anchor="${after ? 'end' : 'start'}">${esc(after ? `${deadlineLabel} →` : `← ${deadlineLabel}`)}</text>`);
  }

  const pts = series.points.filter((p) => dayNumber(p.day) >= lo && dayNumber(p.day) <= hi);
  if (!pts.length) parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${fixed(y(50) + 3)}" class="ax" text-anchor="middle">${esc(L.meta.noHistory)}</text>`);
  else {
    const coords = pts.map((p) => `${fixed(x(dayNumber(p.day)))},${fixed(y(p.completionPct))}`).join(' ');
    parts.push(`<polyline points="${coords}" class="line"/>`);
    const last = pts[pts.length - 1]!;
    const lx = x(dayNumber(last.day));
    parts.push(`<circle cx="${fixed(lx)}" cy="${fixed(y(last.completionPct))}" r="2.5" class="dot"/>`);
    parts.push(
      `<text x="${fixed(Math.min(lx, W - M.right - 2))}" y="${fixed(Math.max(y(last.completionPct) - 5, M.top + 8))}" class="val" text-anchor="end">${esc(fmt.number(last.completionPct))}%</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">${parts.join('')}</svg>`;
}

/** The document's charts as a grid of figures, or '' when it has none. */
export function chartsHtml(chart: ReadinessDocument['chart'], fmt: Formatter): string {
  if (!chart || !chart.series.length) return '';
  const L = labelsFor(fmt.lang);
  const figures = chart.series.map((s) => `<figure class="chart">${seriesSvg(s, chart, fmt)}</figure>`).join('');
  return `<section class="charts"><h2>${esc(L.meta.chartTitle)}</h2><div class="chart-grid">${figures}</div></section>`;
}

/** The styles the charts use, inlined into the page with the rest of the CSS. */
export const CHART_CSS = `
.chart-grid { display: flex; flex-wrap: wrap; gap: 1mm 2mm; }
.chart { margin: 0; break-inside: avoid; }
.chart svg { display: block; font-family: inherit; }
.chart .ct { font-size: 6.5px; font-weight: bold; fill: #222; }
.chart .ax { font-size: 6px; fill: #555; }
.chart .grid { stroke: #ddd; stroke-width: 0.5; }
.chart .target { stroke: #2e7d32; stroke-width: 0.8; stroke-dasharray: 3 2; }
.chart .deadline { stroke: #c62828; stroke-width: 1; stroke-dasharray: 3 2; }
.chart .dl { font-size: 6px; fill: #c62828; }
.chart .line { fill: none; stroke: #1565c0; stroke-width: 1.6; }
.chart .dot { fill: #1565c0; }
.chart .val { font-size: 6.5px; fill: #1565c0; font-weight: bold; }
`;
