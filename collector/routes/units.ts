/**
 * `GET /api/v1/units?unit=&recursive=`: the units and rooms of the caller's scope with expected
 * and enrolled machines, and probe targets.
 */
import { Hono } from 'hono';
import { authorize, readScope } from '../access/authorize.js';
import type { AppDeps } from '../deps.js';
import { parseOr400 } from '../errors.js';
import { ScopeQuery } from './scope-query.js';

export const unitRoutes = (deps: AppDeps) =>
  new Hono().get('/units', authorize('read'), (c) => {
    const q = parseOr400(ScopeQuery.strict(), c.req.query(), 'query (use ?unit=<unit id>&recursive=false)');
    return c.json(deps.org.listUnits(readScope(c, q)));
  });
