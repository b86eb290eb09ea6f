/**
 * The document archive: every scheduled or "archive this" document, as the bytes that were
 * made and one entry saying what they are (kind, unit, as-of day, period, language, format,
 * size, SHA-256), never overwritten; and, beside a scheduled run's documents, the record of
 * its e-mail delivery, one line per attempt. The contract of `GET /api/v1/archive`.
 */
import { z } from 'zod';
import { Day, Timestamp } from './common.js';
import { Lang } from './evaluation.js';
import { ReportFormat, ReportKind, ReportPeriod } from './readiness-document.js';

export const ArchiveId = z.string().regex(/^\d{8}-\d{6}-[0-9a-f]{8}$/, 'an archive id looks like 20261204-100000-1a2b3c4d');

/** Why the document was made: a schedule at its time (or late, at start-up), a manual run of a schedule, or a reader's request. */
export const ArchiveOrigin = z.discriminatedUnion('type', [
  z.object({ type: z.literal('schedule'), scheduleId: z.string(), scheduledFor: Day, late: z.boolean() }).strict(),
  z.object({ type: z.literal('manual'), scheduleId: z.string() }).strict(),
  z.object({ type: z.literal('request') }).strict(),
]);
export type ArchiveOrigin = z.infer<typeof ArchiveOrigin>;

export const ArchiveEntry = z
  .object({
    id: ArchiveId,
    /** Documents made together (one schedule run's formats) share a run id and a delivery. */
    runId: z.string().nullable(),
    kind: ReportKind,
    format: ReportFormat,
    lang: Lang,
    period: ReportPeriod.nullable(),
    unitId: z.string().nullable(),
    /** Whether the document covers the units below `unitId` too (readers are scoped by it). */
    recursive: z.boolean().default(true),
    unitName: z.string(),
    asOf: Day,
    title: z.string(),
    fileName: z.string().min(1),
    contentType: z.string().min(1),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: Timestamp,
    origin: ArchiveOrigin,
  })
  .strict();
export type ArchiveEntry = z.infer<typeof ArchiveEntry>;

export const DeliveryAttempt = z
  .object({
    at: Timestamp,
    outcome: z.enum(['sent', 'failed']),
    /** The server's answer, or why the attempt failed, in one sentence. */
    message: z.string(),
  })
  .strict();
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const DeliveryRecord = z
  .object({
    runId: z.string(),
    scheduleId: z.string(),
    entryIds: z.array(ArchiveId),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    subject: z.string(),
    /** `pending` while attempts remain; `failed` once the last one failed (the documents stay archived). */
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.array(DeliveryAttempt),
    /** When the next attempt is due, while pending. */
    nextAttemptAt: Timestamp.nullable(),
  })
  .strict();
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

/** One line of `GET /api/v1/archive` and `readiness archive list`. */
export const ArchiveListing = ArchiveEntry.extend({
  delivery: DeliveryRecord.pick({ status: true, attempts: true, to: true, cc: true }).nullable(),
});
export type ArchiveListing = z.infer<typeof ArchiveListing>;

/** `POST /api/v1/archive`: the document to make and keep, as the document route's query names it. */
export const ArchiveRequest = z
  .object({
    kind: ReportKind,
    format: ReportFormat,
    unit: z.string().min(1).max(64).optional(),
    /** False: the unit alone, without the units below it. */
    recursive: z.boolean().optional(),
    asOf: Day.optional(),
    lang: Lang.default('vi'),
    period: ReportPeriod.default('day'),
  })
  .strict();
export type ArchiveRequest = z.infer<typeof ArchiveRequest>;
