/**
 * Produces a readiness document from a ReadinessSource: fetches what the kind needs (the
 * evaluation, the previous period's for a progress report, the completion history for the
 * chart), builds it and renders it. Shared by `GET /api/v1/readiness/<kind>.<format>` and
 * `readiness report`, so both give the same bytes for the same question.
 */
import { buildDocument, documentFileName, kindBuilder, previousPeriodDay, renderDocument, rendererFor } from '../reports/index.js';
import { addDays } from '../rules/deadline.js';
import type { Lang, ReadinessDocument, ReportFormat, ReportKind, ReportPeriod } from '../schema/index.js';
import { ApiError, badRequest } from './errors.js';
import type { ReadinessSource } from './readiness-source.js';

/** Days of history the completion chart shows before the as-of day (a month period reaches further back). */
export const CHART_DAYS = 30;

export interface DocumentRequest {
  kind: ReportKind;
  format: ReportFormat;
  unitId?: string | null;
  /** False: the unit's own rooms and machines only (a reader whose scope stops at the unit). */
  recursive?: boolean;
  /** The audit chain's head, printed in the footer as an anchor (docs/access.md). */
  auditHead?: string | null;
  /** Default: today, as the source counts it. */
  asOf?: string;
  lang: Lang;
  period: ReportPeriod;
  /** CSV: the part to write instead of the kind's primary part. */
  part?: string;
  csvDelimiter?: ',' | ';';
  /** Where timestamps are shown: the org file's zone (default Asia/Ho_Chi_Minh). */
  timeZone?: string;
}

export interface ProducedDocument {
  document: ReadinessDocument;
  body: Uint8Array;
  contentType: string;
  fileName: string;
  /** Shown by a browser rather than saved. */
  inline: boolean;
}

/**
 * @example const out = await produceDocument(deps.readiness, { kind: 'tracker', format: 'xlsx', lang: 'vi', period: 'day' }, new Date());
 */
export async function produceDocument(source: ReadinessSource, req: DocumentRequest, now: Date): Promise<ProducedDocument> {
  const builder = kindBuilder(req.kind);
  const unitId = req.unitId ?? null;
  const recursive = req.recursive ?? true;
  // A kind made from the latest reports can only be made for today: evaluate today and refuse any other day.
  const evaluation = await source.evaluate({ unitId, recursive, ...(req.asOf && !builder.needs.live ? { asOf: req.asOf } : {}) });
  if (builder.needs.live && req.asOf && req.asOf !== evaluation.asOf) {
    throw badRequest(`the ${req.kind} document is made from the machines' latest reports, which the history does not keep; leave asOf out to make it for today (${evaluation.asOf})`);
  }
  const asOf = evaluation.asOf;
  const previousDay = previousPeriodDay(asOf, req.period);

  const previous = builder.needs.previous
    ? await source.evaluate({ unitId, recursive, asOf: previousDay }).catch((err: Error) => {
        const message = `the ${req.period} progress report compares ${asOf} with ${previousDay}, which cannot be evaluated: ${err.message}`;
        throw err instanceof ApiError ? new ApiError(err.status, err.code, message) : new Error(message);
      })
    : null;

  let history = null;
  if (builder.needs.history) {
    const back = addDays(asOf, -CHART_DAYS);
    const from = builder.needs.previous && previousDay < back ? previousDay : back;
    history = { from, to: asOf, points: await source.completionSeries({ unitId, recursive, from, to: asOf }) };
  }

  let equipment = null;
  if (builder.needs.equipment) {
    if (!source.equipmentReview) throw new Error(`the ${req.kind} document needs the equipment review, which this collector does not provide`);
    equipment = await source.equipmentReview({ evaluation });
  }

  const document = buildDocument(req.kind, { evaluation, previous, history, equipment }, {
    lang: req.lang,
    printedAt: now.toISOString(),
    period: req.period,
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
