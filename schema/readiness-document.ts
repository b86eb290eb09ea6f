/**
 * A readiness document: what a report kind builds from an Evaluation and every format renders.
 * It is also the body of `GET /api/v1/readiness/<kind>.json`, so scripts read the same content
 * the printed page shows. Cells keep machine values (status codes, `YYYY-MM-DD` days, numbers);
 * labels and titles are already in the document's language.
 */
import { z } from 'zod';
import { Day, Timestamp } from './common.js';
import { HostRuleStatus, Lang } from './evaluation.js';

export const ReportKind = z.enum(['summary', 'tracker', 'hosts', 'security', 'progress', 'equipment']);
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
  /** A `blank` field's allowed answers: boxes to tick on paper, a drop-down in XLSX. */
  choices: z.array(z.string().min(1).regex(/^[^,"]+$/, 'a choice may not contain a comma or a quote')).optional(),
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
});
export type DocumentPart = z.infer<typeof DocumentPart>;

export const ChartSeries = z.object({
  unitId: z.string(),
  unitName: z.string(),
  ruleId: z.string(),
  title: z.string(),
  deadline: Day,
  points: z.array(z.object({ day: Day, completionPct: z.number().min(0).max(100) })),
});
export type ChartSeries = z.infer<typeof ChartSeries>;

export const ReadinessDocument = z.object({
  kind: ReportKind,
  lang: Lang,
  title: z.string().min(1),
  unit: z.object({ id: z.string().nullable(), name: z.string().min(1) }),
  asOf: Day,
  printedAt: Timestamp,
  /** IANA zone in which timestamps are shown (the users' local time). */
  timeZone: z.string().min(1),
  /** Progress reports only: the period and the day it is compared with. */
  period: ReportPeriod.nullable(),
  previousAsOf: Day.nullable(),
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
