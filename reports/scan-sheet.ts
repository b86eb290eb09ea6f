/**
 * The security sheet's part for the scanning officer, in one place: the last verdict (who,
 * when, what changed since), the fields to fill in (verdict, a mark per item, conditions and
 * their due date, the day, the unit's representative, a note, the signature) and the hidden
 * columns a filled-in XLSX sheet is imported by (`readiness scan import`, collector/scans/).
 * The import finds its columns by these labels, in either language, and by the hidden names.
 */
import type { DocumentColumn, HostEvaluation, Lang, ScanStanding, SheetBinding } from '../schema/index.js';
import { nfc } from './evaluation-index.js';
import { formatterFor } from './format.js';
import { labelsFor, scanChangesText } from './i18n.js';

/** Days as each language prints them (one formatter per language). */
const dayFormats = new Map<Lang, (day: string) => string>();
export const dayIn = (lang: Lang, day: string): string => {
  let f = dayFormats.get(lang);
  if (!f) dayFormats.set(lang, (f = formatterFor({ lang, timeZone: 'UTC' }).day));
  return f(day);
};

/** Hidden columns: language-independent names, so a sheet printed in English imports too. */
export const BINDING_COLUMNS = { hostId: 'host_id', reportId: 'report_id', collectedAt: 'collected_at', fingerprint: 'posture_sha256', posture: 'posture' } as const;

export const markKey = (ruleId: string): string => `mark:${ruleId}`;

/** The labels of the fields an officer fills in, keyed as the import reads them. */
export function officerFieldLabels(lang: Lang) {
  const L = labelsFor(lang);
  const s = L.scan.col;
  return {
    verdict: L.col.verdict,
    conditions: s.conditions,
    dueDate: s.dueDate,
    officer: L.col.officer,
    scanDate: L.col.scanDate,
    representative: s.representative,
    representativeTitle: s.representativeTitle,
    note: s.note,
    signature: L.col.signature,
  };
}

/** The cell of the changes since the scan: "Từ lần rà quét ngày 05/12/2025: đã cài AnyDesk", or null for none. */
export function changesCell(lang: Lang, standing: ScanStanding | undefined): string[] | null {
  return standing?.changes?.length ? scanChangesText(lang, standing.changes, (d) => dayIn(lang, d)) : null;
}

/** "Đạt (police.kv1, 05/12/2025)", or "Chưa rà quét". */
export function lastScanText(lang: Lang, standing: ScanStanding | undefined): string {
  const L = labelsFor(lang).scan;
  if (!standing?.scan) return L.status.never;
  return L.byOn(L.verdict[standing.scan.verdict], standing.scan.officer, dayIn(lang, standing.scan.scannedOn));
}

/** The officer's columns, after the automated findings of `items` (the sheet's rules). */
export function scanSheetColumns(lang: Lang, items: ReadonlyArray<{ id: string; title: string; findingKey: string }>): DocumentColumn[] {
  const L = labelsFor(lang);
  const f = officerFieldLabels(lang);
  const marks = [L.result.pass, L.result.fail, L.result.not_applicable];
  return [
    { key: 'lastScan', label: L.scan.col.lastScan, type: 'text' },
    { key: 'scanStatus', label: L.scan.col.status, type: 'text' },
    { key: 'changesSince', label: L.scan.col.changesSince, type: 'list', wide: true },
    { key: 'verdict', label: f.verdict, type: 'blank', choices: [L.scan.verdict.pass, L.scan.verdict.fail, L.scan.verdict.conditional] },
    ...items.map((item): DocumentColumn => ({ key: markKey(item.id), label: L.scan.col.mark(item.title), type: 'blank', choices: marks, marks: item.findingKey })),
    { key: 'conditions', label: f.conditions, type: 'blank' },
    { key: 'dueDate', label: f.dueDate, type: 'blank' },
    { key: 'officer', label: f.officer, type: 'blank' },
    { key: 'scanDate', label: f.scanDate, type: 'blank' },
    { key: 'representative', label: f.representative, type: 'blank' },
    { key: 'representativeTitle', label: f.representativeTitle, type: 'blank' },
    { key: 'note', label: f.note, type: 'blank' },
    { key: 'signature', label: f.signature, type: 'blank' },
    ...Object.values(BINDING_COLUMNS).map((key): DocumentColumn => ({ key, label: key, type: 'text', hidden: true })),
  ];
}

/** One device's cells of those columns; the hidden ones empty when the sheet cannot be imported (a past day). */
export function scanSheetCells(lang: Lang, host: HostEvaluation, binding: SheetBinding | undefined) {
  const L = labelsFor(lang);
  return {
    lastScan: lastScanText(lang, host.scan),
    scanStatus: L.scan.status[host.scan?.status ?? 'never'],
    changesSince: changesCell(lang, host.scan),
    [BINDING_COLUMNS.hostId]: binding ? host.agentId : null,
    [BINDING_COLUMNS.reportId]: binding?.reportId ?? null,
    [BINDING_COLUMNS.collectedAt]: binding?.collectedAt ?? null,
    [BINDING_COLUMNS.fingerprint]: binding?.fingerprint ?? null,
    [BINDING_COLUMNS.posture]: binding?.posture ?? null,
  };
}
