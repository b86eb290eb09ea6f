/**
 * `GET /api/v1/availability?unit=&recursive=&scope=lan|wan&from=&to=` (docs/availability.md):
 * for each unit of the caller's scope, the live LAN/WAN status, availability over the period
 * and per day, and the outage log (start, end, minutes, targets, machines), from the compact
 * per-unit series alone. Days are calendar days in the org's time zone; `from` and `to` default
 * to the current month up to today.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { Day } from '../../schema/index.js';
import { addDays, dayIn } from '../../rules/deadline.js';
import { LINK_SCOPES } from '../../rules/availability.js';
import { availabilityOf } from '../availability/answer.js';
import { authorize, readScope, scopeFilter } from '../access/authorize.js';
import { badRequest, parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { ScopeQuery } from './scope-query.js';

const Query = ScopeQuery.extend({ scope: z.enum(LINK_SCOPES).optional(), from: Day.optional(), to: Day.optional() }).strict();

/** Longest period one request may ask for: a year of days. */
const MAX_DAYS = 366;

export const availabilityRoutes = (deps: AppDeps) =>
  new Hono().get('/availability', authorize('read'), (c) => {
    const q = parseOr400(Query, c.req.query(), 'query (unit, recursive, scope=lan|wan, from, to: YYYY-MM-DD)');
    const scope = readScope(c, q);
    const tz = deps.org.timeZone;
    const now = deps.now();
    const today = dayIn(now, tz);
    const to = q.to ?? today;
    const from = q.from ?? `${to.slice(0, 8)}01`;
    if (from > to) throw badRequest(`from (${from}) is after to (${to}); swap them`);
    if (addDays(from, MAX_DAYS) <= to) throw badRequest(`ask for at most ${MAX_DAYS} days at a time (from ${from} to ${to} is more)`);
    const units = availabilityOf({ series: deps.availability.series, status: (u) => deps.availability.tracker.status(u) }, deps.org.listUnits(scope).units, q.scope ? [q.scope] : [...LINK_SCOPES], { from, to, timeZone: tz, nowMs: now.getTime() });
    return c.json({ from, to, timeZone: tz, units });
  });

/** `GET /api/v1/alerts?unit=&recursive=`: the alerts of the caller's units, newest first, with every delivery attempt. */
export const alertRoutes = (deps: AppDeps) =>
  new Hono().get('/alerts', authorize('read'), (c) => {
    const q = parseOr400(ScopeQuery.strict(), c.req.query(), 'query (unit, recursive)');
    const sees = scopeFilter(readScope(c, q), deps.org);
    return c.json({ alerts: [...(deps.availability.alerts?.all() ?? [])].filter((a) => sees(a.unit)).reverse() });
  });
