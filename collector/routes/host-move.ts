/**
 * `PATCH /api/v1/hosts/:id` with `{unit, room}`: moves a host to another unit and room,
 * checked against the org file. An admin moves any host; a unit manager moves hosts within
 * its scope, to units within its scope. Its rules are judged in the new place from then on;
 * past days in the history keep the place it had then. Audited.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { MoveHostRequest } from '../../schema/index.js';
import type { HostSummary } from '../store/types.js';
import { assertUnitInScope, authorize, changeBy, fromHost } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { ApiError, badRequest, notFound, parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { hostListItem } from './hosts.js';

/**
 * Moves host `id` (authorized for it already) to `to`, which must lie in the caller's scope and
 * in the org file; audited. Shared by this route and the dashboard's move form.
 */
export async function moveHost(c: Context, deps: Pick<AppDeps, 'org' | 'store' | 'access'>, id: string, to: MoveHostRequest): Promise<HostSummary> {
  assertUnitInScope(c, to.unit, `unit ${to.unit}, where the host would go,`);
  const problem = deps.org.placementProblem(to.unit, to.room);
  if (problem) throw badRequest(`cannot move the host: ${problem}`);
  const before = deps.store.getHost(id);
  if (before?.retired) throw new ApiError(409, 'conflict', `host ${id} was retired on ${before.retired.at} (${before.retired.reason}); a retired host is not moved`);
  const moved = await deps.store.moveHost(id, to);
  if (!before || !moved) throw notFound(`no host with id ${id}; list them with GET /api/v1/hosts`);
  await deps.access.store.record({
    ...changeBy(c),
    action: 'host.move',
    target: id,
    details: { hostname: moved.hostname, from: { unit: before.unit, room: before.room }, to: { unit: moved.unit, room: moved.room } },
  });
  return moved;
}

export const hostMoveRoutes = (deps: AppDeps) =>
  new Hono().patch('/hosts/:id', limitBody(SMALL_BODY_BYTES, 'a move request'), authorize('hosts.move', { unit: fromHost }), async (c) => {
    const body = parseOr400(MoveHostRequest, await c.req.json().catch(() => undefined), 'move request ({"unit": "...", "room": "..." or null})');
    return c.json({ host: hostListItem(await moveHost(c, deps, c.req.param('id').toLowerCase(), body)) });
  });
