/**
 * Imports a filled-in XLSX security sheet (`readiness scan import`, `POST /api/v1/scans/import`):
 * officers chose verdicts in the drop-downs offline; each row is matched on the host and report
 * ids hidden in it (reports/scan-sheet.ts) and recorded through the same service as the API, or
 * refused with its reason: a changed hidden cell, a host outside the officer's scope, a device
 * that changed materially since the sheet was printed. A device that only reported again
 * (agents report hourly) with no material change is recorded against the report the sheet
 * was printed from. Columns are found by their labels, in either language.
 */
import ExcelJS from 'exceljs';
import { NewScanRequest, ScanVerdict } from '../../schema/index.js';
import type { Lang, ScanImportResult, ScanImportRow, ScanItem, ScanMark } from '../../schema/index.js';
import { labelsFor } from '../../reports/i18n.js';
import { BINDING_COLUMNS, officerFieldLabels } from '../../reports/scan-sheet.js';
import { formatIssues } from '../../schema/index.js';
import { postureChangeText } from '../../reports/i18n.js';
import { materialChanges } from '../../rules/scan/policy.js';
import { cachedPosture } from '../../rules/scan/standing.js';
import { paperDay } from '../../rules/facts/scan.js';
import { ApiError, badRequest } from '../errors.js';
import type { ChangeBy } from '../access/access-store.js';
import { postureFromSheet } from './binding.js';
import type { Officer, ScanService, SheetBound } from './service.js';
import { zipUncompressedBytes } from './zip-size.js';

const LANGS: Lang[] = ['vi', 'en'];
const norm = (s: string) => s.normalize('NFC').trim().toLowerCase();

/** Label → code, in both languages. */
function lookup<T extends string>(pick: (lang: Lang) => Record<T, string>): Map<string, T> {
  const out = new Map<string, T>();
  for (const lang of LANGS) for (const [code, label] of Object.entries(pick(lang)) as Array<[T, string]>) out.set(norm(label), code);
  return out;
}

const VERDICTS = lookup<ScanVerdict>((lang) => labelsFor(lang).scan.verdict);
const MARKS = lookup<ScanMark>((lang) => {
  const r = labelsFor(lang).result;
  return { pass: r.pass, fail: r.fail, not_applicable: r.not_applicable };
});

/** A cell as text: rich text, hyperlinks and formula results flattened. */
function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return text(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/** A day from a date cell, `dd/mm/yyyy`, `yyyy-mm-dd` or an Excel day number; null when empty; a sentence when unreadable. */
function dayOf(value: ExcelJS.CellValue, what: string): string | null | { problem: string } {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' && value > 20000 && value < 80000) return new Date(Date.UTC(1899, 11, 30) + Math.round(value) * 86_400_000).toISOString().slice(0, 10);
  const t = text(value).trim();
  if (!t) return null;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const day = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : iso ? t : null;
  if (day && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day)) return day;
  return { problem: `${what} "${t}" is not a date; write it as dd/mm/yyyy` };
}

export interface SheetImportOptions {
  /** Largest XLSX once unpacked: a small upload must not unpack into gigabytes. */
  maxUnpackedBytes: number;
}

export async function importScanSheet(service: ScanService, bytes: Uint8Array, officer: Officer, by: ChangeBy, opts: SheetImportOptions): Promise<ScanImportResult> {
  const unpacked = zipUncompressedBytes(bytes);
  if (unpacked === null) throw badRequest('this file is not an XLSX workbook; export the security sheet with `readiness report --kind security --format xlsx` (or from the dashboard), fill it in and import that file');
  if (unpacked > opts.maxUnpackedBytes) throw new ApiError(413, 'payload_too_large', `this workbook unpacks into ${unpacked} bytes, more than the ${opts.maxUnpackedBytes} a security sheet may; nothing was recorded`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    throw badRequest(`this file cannot be read as an XLSX workbook (${(err as Error).message}); nothing was recorded`);
  }
  const ws = wb.worksheets.find((sheet) => {
    const header = sheet.getRow(1);
    let found = false;
    header.eachCell((c) => (found ||= text(c.value).trim() === BINDING_COLUMNS.hostId));
    return found;
  });
  if (!ws) throw badRequest(`this workbook has no security sheet printed by readiness (no "${BINDING_COLUMNS.hostId}" column); print one with \`readiness report --kind security --format xlsx\`, fill it in and import that`);

  const columns = new Map<string, number>();
  ws.getRow(1).eachCell((c, col) => columns.set(norm(text(c.value)), col));
  const colOf = (labels: string[]) => labels.map((l) => columns.get(norm(l))).find((c) => c !== undefined);
  const fields = Object.fromEntries(
    (Object.keys(officerFieldLabels('vi')) as Array<keyof ReturnType<typeof officerFieldLabels>>).map((k) => [k, colOf(LANGS.map((lang) => officerFieldLabels(lang)[k]))]),
  ) as Record<keyof ReturnType<typeof officerFieldLabels>, number | undefined>;
  const hidden = Object.fromEntries(Object.entries(BINDING_COLUMNS).map(([k, label]) => [k, columns.get(norm(label))])) as Record<keyof typeof BINDING_COLUMNS, number | undefined>;
  const hostnameCol = colOf(LANGS.map((lang) => labelsFor(lang).col.hostname));
  const marks = service.sheetItems().flatMap((rule) => {
    const col = colOf(LANGS.map((lang) => labelsFor(lang).scan.col.mark(rule.title[lang])));
    return col === undefined ? [] : [{ id: rule.id, col }];
  });

  const rows: ScanImportRow[] = [];
  for (let n = 2; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    const cell = (col: number | undefined) => (col === undefined ? null : row.getCell(col).value);
    const hostId = text(cell(hidden.hostId)).trim() || null;
    const hostname = text(cell(hostnameCol)).trim();
    if (!hostId && !hostname) continue;
    const out: ScanImportRow = { row: n, hostId, hostname, outcome: 'refused', reason: null, scanId: null, verdict: null };
    rows.push(out);
    try {
      const verdictText = text(cell(fields.verdict)).trim();
      if (!verdictText) {
        out.outcome = 'skipped';
        out.reason = 'no verdict filled in';
        continue;
      }
      const verdict = VERDICTS.get(norm(verdictText));
      if (!verdict) throw badRequest(`the verdict "${verdictText}" is none of ${[...new Set(LANGS.map((l) => Object.values(labelsFor(l).scan.verdict)).flat())].join(', ')}`);
      out.verdict = verdict;
      const bound = await boundReport(service, row, hidden, hostId, officer);
      const req = requestOf(row, fields, marks, verdict, officer);
      out.scanId = (await service.record(hostId!, req, officer, by, { via: 'sheet', bound })).id;
      out.outcome = 'recorded';
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      out.outcome = 'refused';
      out.reason = err.issues?.length ? `${err.message}: ${err.issues.map((i) => `${i.path} ${i.message}`).join('; ')}` : err.message;
    }
  }
  const count = (o: ScanImportRow['outcome']) => rows.filter((r) => r.outcome === o).length;
  return { sheet: ws.name, recorded: count('recorded'), refused: count('refused'), skipped: count('skipped'), rows };
}

/** The report a row is recorded against, from its hidden cells, or a refusal saying why not. */
async function boundReport(service: ScanService, row: ExcelJS.Row, hidden: Record<keyof typeof BINDING_COLUMNS, number | undefined>, hostId: string | null, officer: Officer): Promise<SheetBound> {
  const get = (col: number | undefined) => (col === undefined ? '' : text(row.getCell(col).value).trim());
  const [reportId, collectedAt, fingerprint, encoded] = [get(hidden.reportId), get(hidden.collectedAt), get(hidden.fingerprint), get(hidden.posture)];
  if (!hostId || !reportId || !collectedAt || !fingerprint || !encoded) {
    throw badRequest("this row has no host and report ids (the sheet was printed for a past day, or its hidden columns were cleared); print today's sheet and fill it in");
  }
  const sheet = postureFromSheet(encoded, fingerprint);
  if (!sheet.ok) throw badRequest(sheet.reason);
  const record = await service.hostRecord(hostId);
  if (!record) throw badRequest(`no host ${hostId} on this collector: the hidden host id was changed, or the host is gone; print a new sheet`);
  const problem = service.officerProblem(officer, record.unit);
  if (problem) throw new ApiError(403, 'forbidden', problem);
  const latest = record.latest;
  if (!latest || (latest.reportId !== reportId && !record.recentReportIds.includes(reportId))) {
    throw badRequest(`report ${reportId} is not a report of host ${hostId}: the hidden columns were changed (or the device was enrolled again); print a new sheet`);
  }
  if (latest.reportId !== reportId) {
    const changes = materialChanges(service.rules.scanPolicy, sheet.posture, cachedPosture(latest));
    const printed = `since the report this sheet was printed from (collected ${paperDay(collectedAt.slice(0, 10))})`;
    if (changes === undefined) throw new ApiError(409, 'conflict', `the device reported again ${printed}, and its latest report lacks part of what the sheet showed, so it cannot be told whether it changed; print a new sheet and check the device again`);
    if (changes.length) throw new ApiError(409, 'conflict', `the sheet is stale: ${printed}, the device changed: ${changes.map((c) => postureChangeText('en', c)).join('; ')}; print a new sheet and check the device again`);
  }
  return { reportId, collectedAt, posture: sheet.posture };
}

function requestOf(row: ExcelJS.Row, fields: Record<keyof ReturnType<typeof officerFieldLabels>, number | undefined>, marks: Array<{ id: string; col: number }>, verdict: ScanVerdict, officer: Officer): NewScanRequest {
  const get = (col: number | undefined) => (col === undefined ? '' : text(row.getCell(col).value).trim());
  const problems: string[] = [];
  const day = (col: number | undefined, what: string) => {
    const d = col === undefined ? null : dayOf(row.getCell(col).value, what);
    if (d && typeof d === 'object') {
      problems.push(d.problem);
      return undefined;
    }
    return d ?? undefined;
  };
  const items: ScanItem[] = [];
  for (const m of marks) {
    const t = get(m.col);
    if (!t) continue;
    const mark = MARKS.get(norm(t));
    if (mark) items.push({ id: m.id, mark, note: '' });
    else problems.push(`the mark "${t}" for ${m.id} is none of ${[...MARKS.keys()].join(', ')}`);
  }
  const [repName, repTitle] = [get(fields.representative), get(fields.representativeTitle)];
  if (Boolean(repName) !== Boolean(repTitle)) problems.push("give both the representative's name and title, or neither");
  const onSheet = get(fields.officer);
  // Nothing written on the sheet is dropped: an officer name that is not the importer's is kept in the note.
  const note = [get(fields.note), onSheet && norm(onSheet) !== norm(officer.name) ? `${labelsFor('vi').col.officer}: ${onSheet}` : ''].filter(Boolean).join('\n');
  const scannedOn = day(fields.scanDate, 'the scan date');
  const dueDate = day(fields.dueDate, 'the due date');
  const conditions = get(fields.conditions).split(/\r?\n|;/).map((c) => c.trim()).filter(Boolean);
  if (problems.length) throw badRequest(problems.join('; '));
  const parsed = NewScanRequest.safeParse({
    verdict,
    items,
    note,
    conditions,
    ...(dueDate ? { dueDate } : {}),
    ...(scannedOn ? { scannedOn } : {}),
    ...(repName && repTitle ? { representative: { name: repName, title: repTitle } } : {}),
  });
  if (!parsed.success) throw badRequest('the row is invalid', formatIssues(parsed.error));
  return parsed.data;
}
