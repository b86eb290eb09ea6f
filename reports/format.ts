/**
 * How a document's values read on paper and in files: days, timestamps in the users' time
 * zone, numbers, and the translated words for status codes. Shared by the renderers so a
 * value reads the same in HTML, XLSX and CSV.
 */
import type { CellValue, ColumnType, DocumentColumn, Finding, Lang, ReadinessDocument } from '../schema/index.js';
import { labelsFor, localeOf } from './i18n.js';
import { wallClockOf } from '../util/wall-clock.js';

/** `display` is for people (HTML); `data` keeps days ISO and numbers plain for CSV tools. */
export type TextStyle = 'display' | 'data';

export interface Formatter {
  lang: Lang;
  /** A `YYYY-MM-DD` day as people read it: 10/12/2025 in Vietnamese, 2025-12-10 in English. */
  day(day: string): string;
  /** The day in words for the document's header: "ngày 10 tháng 12 năm 2025". */
  longDay(day: string): string;
  /** A timestamp in the document's time zone, to the minute. */
  dateTime(ts: string, style?: TextStyle): string;
  /** The wall-clock time in the document's zone as a UTC Date (what a spreadsheet cell shows). */
  wallClock(ts: string): Date;
  /** The calendar day of a timestamp in the document's zone, `YYYY-MM-DD`. */
  localDay(ts: string): string;
  number(n: number): string;
  /** A completion percentage as printed: always one decimal ("66,7", "50,0"). */
  percent(n: number): string;
  /** Status, result and change codes in words. */
  code(type: ColumnType, code: string): string;
  /** A cell as one line of text. */
  text(value: CellValue, column: DocumentColumn, style: TextStyle): string;
}

export const isFinding = (v: CellValue): v is Finding => typeof v === 'object' && v !== null && !Array.isArray(v);

const pad = (n: number) => String(n).padStart(2, '0');

export function formatterFor(doc: Pick<ReadinessDocument, 'lang' | 'timeZone'>, decimalComma = false): Formatter {
  const L = labelsFor(doc.lang);
  const numbers = new Intl.NumberFormat(localeOf(doc.lang), { maximumFractionDigits: 1 });
  const percents = new Intl.NumberFormat(localeOf(doc.lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // A column that says its decimals (availability to two): every value printed with exactly that many.
  const fixedFormats = new Map<number, Intl.NumberFormat>();
  const fixed = (decimals: number) => {
    let f = fixedFormats.get(decimals);
    if (!f) fixedFormats.set(decimals, (f = new Intl.NumberFormat(localeOf(doc.lang), { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
    return f;
  };
  // Thousands of rows share a handful of timestamps; Intl is the slow part, so remember them.
  const wallCache = new Map<string, Date>();
  const wallClock = (ts: string): Date => {
    let d = wallCache.get(ts);
    if (!d) {
      d = wallClockOf(new Date(ts), doc.timeZone);
      wallCache.set(ts, d);
    }
    return d;
  };
  const day = (d: string) => (doc.lang === 'vi' ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : d);
  const dateTime = (ts: string, style: TextStyle = 'display') => {
    const w = wallClock(ts);
    const iso = w.toISOString();
    const time = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
    return `${style === 'data' ? iso.slice(0, 10) : day(iso.slice(0, 10))} ${time}`;
  };
  const plain = (n: number) => (decimalComma ? String(n).replace('.', ',') : String(n));
  const code = (type: ColumnType, c: string): string => {
    const table: Record<string, string> = type === 'status' ? L.status : type === 'change' ? L.change : type === 'proposal' ? L.proposal : L.result;
    return table[c] ?? c;
  };
  const text = (value: CellValue, column: DocumentColumn, style: TextStyle): string => {
    if (value === null) return '';
    if (Array.isArray(value)) return value.join('; ');
    if (isFinding(value)) {
      const word = code('result', value.status);
      return value.evidence.length ? `${word}: ${value.evidence.join('; ')}` : word;
    }
    if (typeof value === 'number') {
      if (style === 'data') return plain(value);
      if (column.decimals !== undefined) return fixed(column.decimals).format(value);
      return column.type === 'percent' ? percents.format(value) : numbers.format(value);
    }
    switch (column.type) {
      case 'date':
        return style === 'data' ? value : day(value);
      case 'datetime':
        return dateTime(value, style);
      case 'status':
      case 'result':
      case 'change':
      case 'proposal':
        return code(column.type, value);
      default:
        return value;
    }
  };
  return {
    lang: doc.lang,
    day,
    longDay: (d) => {
      const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
      if (doc.lang === 'vi') return `ngày ${pad(dd)} tháng ${pad(m)} năm ${y}`;
      return new Date(Date.UTC(y, m - 1, dd)).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    },
    dateTime,
    wallClock,
    localDay: (ts) => wallClock(ts).toISOString().slice(0, 10),
    number: (n) => numbers.format(n),
    percent: (n) => percents.format(n),
    code,
    text,
  };
}

/**
 * Spreadsheet formula injection: a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is a formula to Excel and LibreOffice when typed or imported from CSV, so a
 * hostname such as `=HYPERLINK("http://x","y")` would become a live link. Such text gets a
 * leading apostrophe, which shows the text as it is (OWASP's advice for CSV injection).
 * Numbers the renderers write themselves (a negative change) are not text and are left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export const neutraliseFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** The columns spreadsheets and CSV write: those printed only in a group's heading are left out. */
export const dataColumns = (columns: readonly DocumentColumn[]): DocumentColumn[] => columns.filter((c) => !c.groupOnly);
