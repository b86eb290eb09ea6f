/**
 * `GET /api/v1/readiness?unit=&asOf=&recursive=`: the evaluation of the caller's scope as
 * JSON, live for today and from the daily history for a past day. Only this exact path: the
 * readiness documents live under `/readiness/<kind>.<format>` in their own route file.
 */
import { Hono } from 'hono';
import { Day } from '../../schema/index.js';
import { authorize, readScope } from '../access/authorize.js';
import { parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { ScopeQuery } from './scope-query.js';
import { chunksLength, chunksStream } from '../../util/json-chunks.js';

const ReadinessQuery = ScopeQuery.extend({ asOf: Day.optional() }).strict();

export const readinessRoutes = (deps: AppDeps) =>
  new Hono().get('/readiness', authorize('read'), async (c) => {
    const query = parseOr400(ReadinessQuery, c.req.query(), 'query (use ?unit=<unit id>&asOf=YYYY-MM-DD)');
    const scope = readScope(c, query);
    const chunks = await deps.readiness.evaluationJson({ unitId: scope.unitId, recursive: scope.recursive, ...(query.asOf ? { asOf: query.asOf } : {}) });
    // Streamed chunk by chunk: at 100,000 hosts the JSON is more than one string or one copy should hold.
    return c.body(chunksStream(chunks), 200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(chunksLength(chunks)) });
  });
