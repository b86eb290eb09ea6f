/**
 * CSV: one part per file (the report's primary part unless another is asked for), UTF-8 with
 * a byte-order mark so Excel shows Vietnamese correctly, quoted by csv-stringify. Days are
 * ISO (`2025-12-10`, which Excel reads as a date in any locale), timestamps are local
 * `YYYY-MM-DD HH:mm`, status codes are words in the document's language. Text that Excel
 * would take for a formula is neutralised (`neutraliseFormula`).
 */
import { stringify } from 'csv-stringify/sync';
import type { ReadinessDocument } from '../../schema/index.js';
import { dataColumns, formatterFor, neutraliseFormula } from '../format.js';
import type { RenderOptions, Renderer } from './types.js';
import { pickPart } from './types.js';

export function renderCsv(doc: ReadinessDocument, opts: RenderOptions = {}): string {
  const part = pickPart(doc, opts.part);
  const delimiter = opts.csvDelimiter ?? ',';
  const fmt = formatterFor(doc, delimiter === ';');
  const columns = dataColumns(part.columns);
  const header = columns.map((c) => neutraliseFormula(c.band ? `${c.band} – ${c.label}` : c.label));
  const records = part.rows.map((row) =>
    columns.map((c) => {
      const value = row[c.key] ?? null;
      const text = fmt.text(value, c, 'data');
      return typeof value === 'number' ? text : neutraliseFormula(text);
    }),
  );
  return stringify([header, ...records], { bom: true, delimiter, record_delimiter: 'windows' });
}

export const csvRenderer: Renderer = {
  format: 'csv',
  contentType: 'text/csv; charset=utf-8',
  inline: false,
  render: async (doc, opts) => Buffer.from(renderCsv(doc, opts), 'utf8'),
};
