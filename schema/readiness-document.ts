/**
 * A readiness document: what a report kind builds from an Evaluation and every format renders.
 * It is also the body of `GET /api/v1/readiness/<kind>.json`, so scripts read the same content
 * the printed page shows. Cells keep machine values (status codes, `YYYY-MM-DD` days, numbers);
 * labels and titles are already in the document's language.
 */
import { z } from 'zod';
import { Day, Timestamp } from './common.js';
import { HostRuleStatus, Lang } from './evaluation.js';

export const ReportKind = z.enum(['summary', 'tracker', 'hosts', 'security', 'progress', 'equipment', 'scans', 'availability']);
export type ReportKind = z.infer<typeof ReportKind>;

export const ReportFormat = z.enum(['html', 'xlsx', 'csv', 'json']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** The span a progress report covers: the previous period ends one day, week or month earlier. */
export const ReportPeriod = z.enum(['day', 'week', 'month']);
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/** What changed between two evaluations, one code per line of a progress report. */
export const ChangeKind = z.enum(['newly_passing', 'regression', 'newly_reporting', 'became_overdue']);
export type ChangeKind = z.infer<typeof ChangeKind>;

/**
 * How a column's values are written and shown. `status` holds a DeadlineStatus, `result` a
 * HostRuleStatus, `change` a ChangeKind (renderers translate and colour them); `percent` is
 * 0–100; `date` a day, `datetime` a timestamp; `finding` a result with its evidence; `list`
 * several strings; `blank` is an empty field to fill in on paper; `proposal` an equipment
 * Proposal (replace, add, repair, keep).
 */
export const ColumnType = z.enum(['text', 'number', 'percent', 'date', 'datetime', 'status', 'result', 'change', 'finding', 'list', 'blank', 'proposal']);
export type ColumnType = z.infer<typeof ColumnType>;

export const DocumentColumn = z.object({
  key: z.string().min(1),
  label: z.string().min(1),
  type: ColumnType,
  /** A heading over several columns (e.g. LAN, WAN), shown as a second header level. */
  band: z.string().optional(),
  /** Long text that should wrap rather than widen the column. */
  wide: z.boolean().optional(),
  /**
   * Printed only in the heading of its group (a machine's IP and MAC over its checklist):
   * spreadsheet and CSV formats leave the column out, since another part lists it once per row.
   */
  groupOnly: z.boolean().optional(),
  /** Kept in spreadsheets, CSV and JSON (to filter on) but left off the printed table, where another part says it. */
  dataOnly: z.boolean().optional(),
  /** Printed on one line (a rule title beside its number), so a long table keeps one line per row. */
  oneLine: z.boolean().optional(),
  /**
   * Decimals a number or percent column prints and stores (default: one for a percent, one for
   * a fraction): availability reads 99.94 %, not 99.9 %, where a carrier's service level is at stake.
   */
  decimals: z.number().int().min(0).max(4).optional(),
  /** A `blank` field's allowed answers: boxes to tick on paper, a drop-down in XLSX. */
  choices: z.array(z.string().min(1).regex(/^[^,"]+$/, 'a choice may not contain a comma or a quote')).optional(),
  /**
   * A machine column for round trips (the host and report ids a security sheet was printed
   * from): a hidden column in XLSX, kept in JSON, left out of HTML and CSV.
   */
  hidden: z.boolean().optional(),
  /**
   * A `blank` column that marks another column's finding (the officer's mark per item of the
   * security sheet): printed beside that finding, a column of its own in XLSX.
   */
  marks: z.string().optional(),
});
export type DocumentColumn = z.infer<typeof DocumentColumn>;

export const Finding = z.object({ status: HostRuleStatus, evidence: z.array(z.string()) });
export type Finding = z.infer<typeof Finding>;

export const CellValue = z.union([z.string(), z.number(), z.array(z.string()), Finding, z.null()]);
export type CellValue = z.infer<typeof CellValue>;

export const DocumentRow = z.record(z.string(), CellValue);
export type DocumentRow = z.infer<typeof DocumentRow>;

/** One part of a report: a table in HTML, a sheet in XLSX, a CSV file. */
export const DocumentPart = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: z.string().min(1),
  columns: z.array(DocumentColumn).min(1),
  rows: z.array(DocumentRow),
  /** `cards` prints each row on its own page as a form (the security sheet). */
  layout: z.enum(['table', 'cards']),
  /** Columns whose values head a group of consecutive rows when printed (e.g. the host). */
  groupBy: z.array(z.string()),
  /**
   * Printed: each group is its own table whose heading (the group's line and the column
   * headers) repeats on every page the group continues on, so a machine's checklist continued
   * on a new page still says which machine it is.
   */
  groupRepeat: z.boolean().default(false),
  /** Sentences printed under the table (how a figure is computed, what a blank means). */
  notes: z.array(z.string()).default([]),
  /**
   * Kept in spreadsheets, CSV and JSON but not printed, where another part's notes say it in
   * fewer lines (the summary's rule list: its owners are a note under the summary table).
   */
  dataOnly: z.boolean().default(false),
});
export type DocumentPart = z.infer<typeof DocumentPart>;

export const ChartSeries = z.object({
  unitId: z.string(),
  unitName: z.string(),
  ruleId: z.string(),
  title: z.string(),
  /** Null for a rule due per device: no calendar line to draw. */
  deadline: Day.nullable(),
  points: z.array(
    z.object({ day: Day, passing: z.number().int().nonnegative(), applicable: z.number().int().positive(), completionPct: z.number().min(0).max(100) }),
  ),
});
export type ChartSeries = z.infer<typeof ChartSeries>;

/**
 * The administrative form of Decree 30/2020/NĐ-CP that frames every printed document: the
 * issuing agency under its parent, the number and symbol, the place and date, the type and
 * subject, and at the end the recipients and the signer. Texts are as printed (the renderer
 * adds the national title and motto in the document's language).
 */
export const DocumentForm = z.object({
  /** The governing agency, printed above the issuer (e.g. "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"). */
  parentAgency: z.string().nullable(),
  agency: z.string().min(1),
  /** The document's number when given; printed as a blank to fill in otherwise. */
  number: z.string().nullable(),
  /** The part after the slash: type abbreviation and agency symbol, e.g. "BC-VKS-VP". */
  symbol: z.string().min(1),
  /** Null when the org file gives none: printed as a blank. */
  place: z.string().nullable(),
  /** The day of issue (the printing day in the org's time zone). */
  date: Day,
  /** A report (BÁO CÁO) or an appendix to one (PHỤ LỤC: the per-machine checklists). */
  type: z.enum(['report', 'appendix']),
  subject: z.string().min(1),
  /** Appendices: the line naming the report they go with, e.g. "(Kèm theo Báo cáo số …/BC-VKS-VP ngày 01/12/2026 của …)". */
  attachedTo: z.string().nullable(),
  recipients: z.array(z.string().min(1)),
  signer: z.object({
    /** "KT. VIỆN TRƯỞNG", "TL. VIỆN TRƯỞNG"... when signing on another's behalf. */
    authority: z.string().nullable(),
    title: z.string().min(1),
    /** Null: left blank for the name to be written in. */
    name: z.string().nullable(),
  }),
});
export type DocumentForm = z.infer<typeof DocumentForm>;

export const ReadinessDocument = z.object({
  kind: ReportKind,
  lang: Lang,
  title: z.string().min(1),
  unit: z.object({ id: z.string().nullable(), name: z.string().min(1) }),
  /** The room the document was narrowed to, if any. */
  room: z.object({ id: z.string(), name: z.string().min(1) }).nullable().default(null),
  asOf: Day,
  printedAt: Timestamp,
  /** IANA zone in which timestamps are shown (the users' local time). */
  timeZone: z.string().min(1),
  form: DocumentForm,
  /** Progress reports only: the period and the day it is actually compared with. */
  period: ReportPeriod.nullable(),
  previousAsOf: Day.nullable(),
  /**
   * Progress reports: the end of the previous period (`periodEnd`) and why the day compared
   * differs from it, if it does: the history has no record that day and the latest earlier
   * one is used (`latest_before`), or the history starts later (`history_start`).
   */
  comparison: z
    .object({ periodEnd: Day, basis: z.enum(['period_end', 'latest_before', 'history_start']) })
    .nullable()
    .default(null),
  /**
   * The head of the collector's audit chain when the document was made (the SHA-256 of its
   * last line), printed in the footer: a paper copy anchors the log against a rewritten tail.
   */
  auditHead: z.string().nullable(),
  orientation: z.enum(['portrait', 'landscape']),
  /** Headline figures printed above the tables. */
  facts: z.array(z.object({ label: z.string(), value: z.union([z.string(), z.number()]) })),
  /** Completion over time against each rule's deadline, when the history was asked for. */
  chart: z.object({ from: Day, to: Day, series: z.array(ChartSeries) }).nullable(),
  parts: z.array(DocumentPart).min(1),
  /** The part a single-table format (CSV) holds unless another is asked for. */
  primaryPart: z.string(),
});
export type ReadinessDocument = z.infer<typeof ReadinessDocument>;
