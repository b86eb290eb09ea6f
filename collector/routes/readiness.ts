/**
 * `GET /api/v1/readiness?unit=&asOf=` (admin): the evaluation as JSON, live for today and
 * from the daily history for a past day. Only this exact path: the readiness documents live
 * under `/readiness/<kind>.<format>` in their own route file.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { Day, UnitId } from '../../schema/index.js';
import { requireAdmin } from '../auth.js';
import { parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';

const ReadinessQuery = z
  .object({
    unit: UnitId.optional(),
    asOf: Day.optional(),
  })
  .strict();

export const readinessRoutes = (deps: AppDeps) =>
  new Hono().get('/readiness', requireAdmin(deps.adminToken), async (c) => {
    const query = parseOr400(ReadinessQuery, c.req.query(), 'query (use ?unit=<unit id>&asOf=YYYY-MM-DD)');
    const json = await deps.readiness.evaluationJson({ unitId: query.unit ?? null, ...(query.asOf ? { asOf: query.asOf } : {}) });
    return c.body(json as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/json; charset=UTF-8' });
  });
