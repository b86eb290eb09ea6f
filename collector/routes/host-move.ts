/**
 * `PATCH /api/v1/hosts/:id` with `{unit, room}`: moves a host to another unit and room,
 * checked against the org file. An admin moves any host; a unit manager moves hosts within
 * its scope, to units within its scope. Its rules are judged in the new place from then on;
 * past days in the history keep the place it had then. Audited.
 */
import { Hono } from 'hono';
import { MoveHostRequest } from '../../schema/index.js';
import { assertUnitInScope, authorize, changeBy, fromHost } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { ApiError, badRequest, notFound, parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { hostListItem } from './hosts.js';

export const hostMoveRoutes = (deps: AppDeps) =>
  new Hono().patch('/hosts/:id', limitBody(SMALL_BODY_BYTES, 'a move request'), authorize('hosts.move', { unit: fromHost }), async (c) => {
    const body = parseOr400(MoveHostRequest, await c.req.json().catch(() => undefined), 'move request ({"unit": "...", "room": "..." or null})');
    assertUnitInScope(c, body.unit, `unit ${body.unit}, where the host would go,`);
    const problem = deps.org.placementProblem(body.unit, body.room);
    if (problem) throw badRequest(`cannot move the host: ${problem}`);
    const id = c.req.param('id').toLowerCase();
    const before = deps.store.getHost(id);
    if (before?.retired) throw new ApiError(409, 'conflict', `host ${id} was retired on ${before.retired.at} (${before.retired.reason}); a retired host is not moved`);
    const moved = await deps.store.moveHost(id, body);
    if (!before || !moved) throw notFound(`no host with id ${c.req.param('id')}; list them with GET /api/v1/hosts`);
    await deps.access.store.record({
      ...changeBy(c),
      action: 'host.move',
      target: id,
      details: { hostname: moved.hostname, from: { unit: before.unit, room: before.room }, to: { unit: moved.unit, room: moved.room } },
    });
    return c.json({ host: hostListItem(moved) });
  });
