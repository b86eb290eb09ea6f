/**
 * `PATCH /api/v1/hosts/:id` (admin) with `{unit, room}`: moves a host to another unit and
 * room, checked against the org file. Its rules are judged in the new place from then on;
 * past days in the history keep the place it had then.
 */
import { Hono } from 'hono';
import { MoveHostRequest } from '../../schema/index.js';
import { requireAdmin } from '../auth.js';
import { ApiError, badRequest, notFound, parseOr400 } from '../errors.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import type { AppDeps } from '../deps.js';
import { hostListItem } from './hosts.js';

export const hostMoveRoutes = (deps: AppDeps) =>
  new Hono().patch('/hosts/:id', limitBody(SMALL_BODY_BYTES, 'a move request'), requireAdmin(deps.adminToken), async (c) => {
    const body = parseOr400(MoveHostRequest, await c.req.json().catch(() => undefined), 'move request ({"unit": "...", "room": "..." or null})');
    const problem = deps.org.placementProblem(body.unit, body.room);
    if (problem) throw badRequest(`cannot move the host: ${problem}`);
    const id = c.req.param('id').toLowerCase();
    const retired = deps.store.getHost(id)?.retired;
    if (retired) throw new ApiError(409, 'conflict', `host ${id} was retired on ${retired.at} (${retired.reason}); a retired host is not moved`);
    const moved = await deps.store.moveHost(id, body);
    if (!moved) throw notFound(`no host with id ${c.req.param('id')}; list them with GET /api/v1/hosts`);
    return c.json({ host: hostListItem(moved) });
  });
