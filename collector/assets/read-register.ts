/**
 * Reads an asset register an office keeps in Excel (XLSX, or CSV saved from it) into
 * `AssetRow`s. The header row is found among the first 20 rows (registers often carry a title
 * above the table) as the first with at least two known headers; headers are recognised in
 * Vietnamese or English without case, diacritics or punctuation ("Mã tài sản", "Số serial",
 * "Ngày đưa vào sử dụng", "Tình trạng"...), and `mapping` names any the aliases miss.
 * Dates are read from Excel dates, `dd/mm/yyyy`, `yyyy-mm-dd`, `mm/yyyy` or a bare year; a
 * month or year alone counts from its last day, so no device is shown older than it is.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { AssetRow, EquipmentKind } from '../../schema/index.js';
import { plainWords } from '../../util/plain-text.js';

export const REGISTER_FIELDS = ['assetTag', 'name', 'kind', 'serial', 'model', 'hostname', 'mac', 'purchaseDate', 'unit', 'room', 'user', 'condition', 'note'] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

/** Headers as offices write them, in plain words (see `plainWords`). */
const ALIASES: Record<RegisterField, readonly string[]> = {
  assetTag: ['ma tai san', 'ma ts', 'so hieu tai san', 'ma thiet bi', 'ma so tai san', 'asset tag', 'asset id', 'asset'],
  name: ['ten tai san', 'ten thiet bi', 'ten tai san thiet bi', 'asset name', 'name'],
  kind: ['loai', 'loai tai san', 'loai thiet bi', 'chung loai', 'nhom tai san', 'kind', 'type', 'category'],
  serial: ['so serial', 'serial', 'so seri', 'so se ri', 'sn', 's n', 'serial number', 'so hieu may'],
  model: ['model', 'kieu', 'kieu may', 'dong may', 'ma hieu', 'model number'],
  hostname: ['ten may', 'ten may tinh', 'hostname', 'host name', 'computer name'],
  mac: ['dia chi mac', 'mac', 'mac address', 'dia chi vat ly'],
  purchaseDate: ['ngay mua', 'ngay dua vao su dung', 'ngay su dung', 'ngay ghi tang', 'nam su dung', 'nam mua', 'nam dua vao su dung', 'thoi gian dua vao su dung', 'purchase date', 'in service since'],
  unit: ['don vi', 'don vi su dung', 'don vi quan ly', 'unit'],
  room: ['phong', 'phong ban', 'bo phan', 'vi tri', 'noi dat', 'room', 'department'],
  user: ['nguoi su dung', 'nguoi dung', 'can bo su dung', 'nguoi quan ly', 'nguoi giao quan ly', 'user'],
  condition: ['tinh trang', 'hien trang', 'tinh trang su dung', 'tinh trang thiet bi', 'condition', 'status'],
  note: ['ghi chu', 'note', 'notes'],
};

/** Kinds from the words of the kind (or name) column; laptops first, since "máy tính xách tay" also says "máy tính". */
const KIND_WORDS: Array<[EquipmentKind, RegExp]> = [
  ['laptop', /\b(xach tay|laptop|notebook)\b/],
  ['printer', /\b(may in|printer)\b/],
  ['scanner', /\b(may scan|may quet|scanner|scan)\b/],
  ['workstation', /\b(may tinh|may vi tinh|may tram|pc|desktop|workstation|all in one|cay may)\b/],
];
export function kindOf(text: string): EquipmentKind {
  const words = plainWords(text);
  return KIND_WORDS.find(([, re]) => re.test(words))?.[0] ?? 'other';
}

export class RegisterError extends Error {}

export interface ReadRegister {
  rows: Array<Omit<AssetRow, 'unitId' | 'roomId'>>;
  /** Register field → the header it was read from. */
  columns: Partial<Record<RegisterField, string>>;
  /** Lines the reader could not read in full, as sentences. */
  warnings: string[];
}

type Cell = string | number | Date | null;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const validDay = (y: number, m: number, d: number) => y >= 1980 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);

/** A day `YYYY-MM-DD`, or null when the cell is empty; throws a RangeError for a value that is not a date. */
export function readDate(value: Cell): string | null {
  if (value === null || value === '') return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError('is not a date');
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 1980 && value <= 2100) return `${value}-12-31`;
    // An Excel day number (days since 30/12/1899) in a cell without a date format.
    if (value > 29_000 && value < 80_000) return new Date(Date.UTC(1899, 11, 30) + Math.floor(value) * 86_400_000).toISOString().slice(0, 10);
    throw new RangeError('is not a date');
  }
  const s = value.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m && validDay(+m[3]!, +m[2]!, +m[1]!)) return `${m[3]}-${pad(+m[2]!)}-${pad(+m[1]!)}`;
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  if (m && validDay(+m[1]!, +m[2]!, +m[3]!)) return `${m[1]}-${pad(+m[2]!)}-${pad(+m[3]!)}`;
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m && validDay(+m[2]!, +m[1]!, 1)) return `${m[2]}-${pad(+m[1]!)}-${pad(lastDay(+m[2]!, +m[1]!))}`;
  m = /^(?:nam\s*)?(\d{4})$/i.exec(plainWords(s));
  if (m && validDay(+m[1]!, 12, 31)) return `${m[1]}-12-31`;
  throw new RangeError('is not a date (write it dd/mm/yyyy)');
}

const cellText = (v: Cell): string | null => {
  if (v === null) return null;
  const s = (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)).normalize('NFC').trim();
  return s === '' ? null : s;
};

/** The value of an exceljs cell as text, number or date (formulas by their result, rich text joined). */
function excelValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('result' in v) return excelValue(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
  }
  return String(v);
}

async function readTable(bytes: Uint8Array, format: 'xlsx' | 'csv'): Promise<Cell[][]> {
  if (format === 'csv') {
    const text = Buffer.from(bytes).toString('utf8');
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    // Excel set to Vietnamese regional settings saves CSV with semicolons.
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    try {
      return parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (err) {
      throw new RegisterError(`the file is not a readable CSV: ${(err as Error).message}`);
    }
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    throw new RegisterError(`the file is not a readable XLSX workbook: ${(err as Error).message}`);
  }
  const sheet = wb.worksheets.find((ws) => ws.actualRowCount > 1) ?? wb.worksheets[0];
  if (!sheet) throw new RegisterError('the workbook has no sheet');
  // Indexed by the sheet's own row numbers, so the report's line numbers are Excel's.
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = excelValue(cell.value)));
    rows[row.number - 1] = Array.from(cells, (c) => c ?? null);
  });
  return Array.from(rows, (r) => r ?? []);
}

/** Finds the header row and which column holds each field. */
function locateHeaders(table: Cell[][], mapping: Partial<Record<RegisterField, string>>): { headerRow: number; columns: Map<RegisterField, number>; names: Partial<Record<RegisterField, string>> } {
  const wanted = new Map<string, RegisterField>();
  for (const f of REGISTER_FIELDS) for (const alias of ALIASES[f]) wanted.set(alias, f);
  for (const [f, header] of Object.entries(mapping) as Array<[RegisterField, string]>) wanted.set(plainWords(header), f);
  for (let r = 0; r < Math.min(table.length, 20); r++) {
    const columns = new Map<RegisterField, number>();
    const names: Partial<Record<RegisterField, string>> = {};
    table[r]!.forEach((cell, c) => {
      const text = cellText(cell);
      const field = text ? wanted.get(plainWords(text)) : undefined;
      if (field && !columns.has(field)) {
        columns.set(field, c);
        names[field] = text!;
      }
    });
    if (columns.size >= 2) {
      const mappedMissing = (Object.keys(mapping) as RegisterField[]).filter((f) => !columns.has(f));
      if (mappedMissing.length) throw new RegisterError(`no column headed ${mappedMissing.map((f) => `"${mapping[f]}"`).join(', ')} (given for ${mappedMissing.join(', ')}); the headers are ${table[r]!.map(cellText).filter(Boolean).join(', ')}`);
      return { headerRow: r, columns, names };
    }
  }
  throw new RegisterError(
    `found no header row in the first 20 rows: name the columns with --map, e.g. --map serial="Số máy" (fields: ${REGISTER_FIELDS.join(', ')}); headers recognised include "Mã tài sản", "Loại", "Số serial", "Model", "Ngày mua", "Phòng", "Người sử dụng", "Tình trạng"`,
  );
}

/**
 * @example await readRegister(await readFile('so-tai-san.xlsx'), 'xlsx', { serial: 'Số máy' })
 */
export async function readRegister(bytes: Uint8Array, format: 'xlsx' | 'csv', mapping: Partial<Record<RegisterField, string>> = {}): Promise<ReadRegister> {
  for (const f of Object.keys(mapping)) {
    if (!(REGISTER_FIELDS as readonly string[]).includes(f)) throw new RegisterError(`--map names "${f}", which is not a register field; use one of ${REGISTER_FIELDS.join(', ')}`);
  }
  const table = await readTable(bytes, format);
  const { headerRow, columns, names } = locateHeaders(table, mapping);
  if (!columns.has('kind') && !columns.has('name')) throw new RegisterError('the register has no column saying what each asset is ("Loại" or "Tên tài sản"); name it with --map kind="..."');
  const warnings: string[] = [];
  const rows: ReadRegister['rows'] = [];
  for (let r = headerRow + 1; r < table.length; r++) {
    const line = r + 1;
    const raw = table[r]!;
    const get = (f: RegisterField): Cell => (columns.has(f) ? (raw[columns.get(f)!] ?? null) : null);
    const text = (f: RegisterField) => cellText(get(f));
    if (REGISTER_FIELDS.every((f) => text(f) === null)) continue;
    const kindText = text('kind') ?? text('name') ?? '';
    let purchaseDate: string | null = null;
    try {
      purchaseDate = readDate(get('purchaseDate'));
    } catch (err) {
      warnings.push(`line ${line}: "${names.purchaseDate}" ${cellText(get('purchaseDate'))} ${(err as Error).message}; the age comes from the BIOS date instead`);
    }
    rows.push({
      line,
      assetTag: text('assetTag'),
      kind: kindOf(kindText),
      kindText,
      name: text('name'),
      serial: text('serial'),
      model: text('model'),
      hostname: text('hostname'),
      mac: text('mac'),
      purchaseDate,
      unitText: text('unit'),
      roomText: text('room'),
      user: text('user'),
      condition: text('condition'),
      note: text('note'),
    });
  }
  return { rows, columns: names, warnings };
}
