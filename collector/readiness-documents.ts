/**
 * Produces a readiness document from a ReadinessSource: fetches what the kind needs (the
 * evaluation, the previous period's for a progress report, the completion history for the
 * chart, who issues it), narrows it to a room when asked, builds it and renders it. Shared by
 * `GET /api/v1/readiness/<kind>.<format>` and `readiness report`, so both give the same bytes
 * for the same question.
 */
import { buildDocument, DEFAULT_TIME_ZONE, documentFileName, kindBuilder, NoSuchRoomError, previousPeriodDay, renderDocument, rendererFor, restrictToRoom } from '../reports/index.js';
import { addDays, dayIn } from '../rules/deadline.js';
import type { Evaluation, Lang, ReadinessDocument, ReportFormat, ReportKind, ReportPeriod } from '../schema/index.js';
import { ApiError, badRequest, notFound } from './errors.js';
import type { ReadinessSource } from './readiness-source.js';
import { unitFrame } from './availability-source.js';
import { periodDays } from '../reports/kinds/availability.js';
import { LINK_SCOPES } from '../rules/availability.js';
import type { LinkScope } from '../rules/availability.js';

/** Days of history the completion chart shows before the as-of day (a month period reaches further back). */
export const CHART_DAYS = 30;

export interface DocumentRequest {
  kind: ReportKind;
  format: ReportFormat;
  unitId?: string | null;
  /** Only this room, in every unit (of `unitId`'s subtree) that has it. */
  roomId?: string | null;
  /** False: the unit's own rooms and machines only (a reader whose scope stops at the unit). */
  recursive?: boolean;
  /** Default: today, as the source counts it. */
  asOf?: string;
  lang: Lang;
  period: ReportPeriod;
  /** Host checklist: every rule of every machine instead of folding the passes. */
  all?: boolean;
  /** The document's number, when the clerk has one. */
  number?: string | null;
  /** CSV: the part to write instead of the kind's primary part. */
  part?: string;
  csvDelimiter?: ',' | ';';
  /** Where timestamps are shown: the org file's zone (default Asia/Ho_Chi_Minh). */
  timeZone?: string;
  /** The audit chain's head, printed in the footer. */
  auditHead?: string | null;
  /** Availability: only the LAN or only the WAN (default both). */
  link?: LinkScope;
}

export interface ProducedDocument {
  document: ReadinessDocument;
  body: Uint8Array;
  contentType: string;
  fileName: string;
  /** Shown by a browser rather than saved. */
  inline: boolean;
}

function narrow(evaluation: Evaluation, roomId: string | null, lenient: boolean): Evaluation {
  if (roomId === null) return evaluation;
  try {
    return restrictToRoom(evaluation, roomId);
  } catch (err) {
    if (!(err instanceof NoSuchRoomError)) throw err;
    // The previous period may predate the room: nothing to compare with, rather than a failure.
    if (lenient) return { ...evaluation, scopeRoomId: roomId, units: [], hosts: [] };
    throw notFound(`${err.message} (GET /api/v1/units lists them)`);
  }
}

/**
 * The day a progress report compares with: the end of the previous period, or when the history
 * starts later, its first day (today's own figures on a new install), saying which.
 */
async function comparisonDay(source: ReadinessSource, asOf: string, periodEnd: string): Promise<{ day: string; basis: 'period_end' | 'history_start' }> {
  const start = source.historyStart ? await source.historyStart() : periodEnd;
  if (start !== null && start <= periodEnd) return { day: periodEnd, basis: 'period_end' };
  return { day: start !== null && start < asOf ? start : asOf, basis: 'history_start' };
}

/**
 * @example const out = await produceDocument(deps.readiness, { kind: 'tracker', format: 'xlsx', lang: 'vi', period: 'day' }, new Date());
 */
export async function produceDocument(source: ReadinessSource, req: DocumentRequest, now: Date): Promise<ProducedDocument> {
  const builder = kindBuilder(req.kind);
  const unitId = req.unitId ?? null;
  const roomId = req.roomId ?? null;
  const recursive = req.recursive ?? true;
  if (builder.needs.availability && roomId !== null) throw badRequest(`the ${req.kind} document is per unit (its LAN and WAN), not per room; leave room out`);
  // A kind made from the latest reports can only be made for today: evaluate today and refuse any other day.
  // The availability document takes its units from today's evaluation and its period from the day asked.
  const today = !!(builder.needs.live || builder.needs.availability);
  const evaluation =
    builder.needs.availability && source.availabilityUnits
      ? unitFrame(await source.availabilityUnits({ unitId, recursive }), { unitId, recursive, asOf: dayIn(now, req.timeZone ?? DEFAULT_TIME_ZONE), now })
      : narrow(await source.evaluate({ unitId, recursive, ...(req.asOf && !today ? { asOf: req.asOf } : {}) }), roomId, false);
  if (builder.needs.live && req.asOf && req.asOf !== evaluation.asOf) {
    throw badRequest(`the ${req.kind} document is made from the machines' latest reports, which the history does not keep; leave asOf out to make it for today (${evaluation.asOf})`);
  }
  const asOf = evaluation.asOf;
  const periodEnd = previousPeriodDay(asOf, req.period);

  let previous: Evaluation | null = null;
  let comparison: ReadinessDocument['comparison'] = null;
  if (builder.needs.previous) {
    const { day, basis } = await comparisonDay(source, asOf, periodEnd);
    const before = await source.evaluate({ unitId, recursive, asOf: day }).catch((err: Error) => {
      const message = `the ${req.period} progress report compares ${asOf} with ${day}, which cannot be evaluated: ${err.message}`;
      throw err instanceof ApiError ? new ApiError(err.status, err.code, message) : new Error(message);
    });
    previous = narrow(before, roomId, true);
    comparison = { periodEnd, basis: basis === 'period_end' && previous.recordedOn < day ? 'latest_before' : basis };
  }

  let history = null;
  if (builder.needs.history) {
    const back = addDays(asOf, -CHART_DAYS);
    const from = builder.needs.previous && periodEnd < back ? periodEnd : back;
    history = { from, to: asOf, points: await source.completionSeries({ unitId, roomId, recursive, from, to: asOf }) };
  }

  const scanBindings = builder.needs.scanBindings && source.scanBindings ? source.scanBindings(asOf, evaluation.hosts.map((h) => h.agentId)) : null;
  let equipment = null;
  if (builder.needs.equipment) {
    if (!source.equipmentReview) throw new Error(`the ${req.kind} document needs the equipment review, which this collector does not provide`);
    equipment = await source.equipmentReview({ evaluation });
  }

  let availability = null;
  if (builder.needs.availability) {
    const timeZone = req.timeZone ?? DEFAULT_TIME_ZONE;
    const day = req.asOf ?? evaluation.asOf;
    if (day > dayIn(now, timeZone)) throw badRequest(`asOf ${day} is after today (${dayIn(now, timeZone)} in ${timeZone}); availability is counted up to now`);
    const { from, to } = periodDays(day, req.period);
    const scopes = req.link ? [req.link] : [...LINK_SCOPES];
    // A source that keeps no series (a test app, a readiness without a data directory): every unit without data.
    const units = source.availability ? await source.availability({ units: evaluation.units.map((u) => ({ id: u.unitId, name: u.name })), scopes, from, to, timeZone, nowMs: now.getTime() }) : [];
    availability = { from, to, scopes, units };
  }

  const document = buildDocument(req.kind, { evaluation, previous, history, scanBindings, equipment, availability }, {
    lang: req.lang,
    printedAt: now.toISOString(),
    period: req.period,
    issuer: source.issuer?.(unitId) ?? null,
    number: req.number ?? null,
    all: req.all ?? false,
    comparison,
    auditHead: req.auditHead ?? null,
    ...(req.timeZone ? { timeZone: req.timeZone } : {}),
  });
  if (req.part && !document.parts.some((p) => p.id === req.part)) {
    throw badRequest(`the ${req.kind} report has no part "${req.part}"; its parts are ${document.parts.map((p) => p.id).join(', ')}`);
  }
  const renderer = rendererFor(req.format);
  const body = await renderDocument(document, req.format, {
    ...(req.part ? { part: req.part } : {}),
    ...(req.csvDelimiter ? { csvDelimiter: req.csvDelimiter } : {}),
  });
  return { document, body, contentType: renderer.contentType, fileName: documentFileName(document, req.format), inline: renderer.inline };
}
