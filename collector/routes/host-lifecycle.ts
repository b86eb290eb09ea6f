/**
 * Ending and joining hosts, for whoever manages the unit (the admin token until accounts give
 * unit managers their scope):
 * - `GET /api/v1/hosts/duplicates?unit=`: hosts that look like an earlier one (collector/host-identity.ts);
 * - `DELETE /api/v1/hosts/:id` with `{reason}`: retire a host; it no longer counts as expected
 *   or reporting, its key stops working, it stays in the history and in the documents' list of
 *   retired machines with its reason;
 * - `POST /api/v1/hosts/:id/merge` with `{into}`: fold a host into another of the same unit
 *   (the one whose agent still reports); the folded one is retired as merged.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AgentId, MergeHostRequest, RetireHostRequest, UnitId } from '../../schema/index.js';
import { requireAdmin } from '../auth.js';
import { ApiError, badRequest, notFound, parseOr400 } from '../errors.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { possibleDuplicates } from '../host-identity.js';
import type { AppDeps } from '../deps.js';
import type { HostSummary } from '../store/types.js';
import { hostListItem } from './hosts.js';

const conflict = (message: string) => new ApiError(409, 'conflict', message);

const DuplicatesQuery = z.object({ unit: UnitId.optional() }).strict();

export const hostLifecycleRoutes = (deps: AppDeps) => {
  const host = (raw: string): HostSummary => {
    const id = AgentId.safeParse(raw);
    const found = id.success ? deps.store.getHost(id.data) : undefined;
    if (!found) throw notFound(`no host with id ${raw}; list them with GET /api/v1/hosts`);
    return found;
  };
  const active = (h: HostSummary, what: string) => {
    if (h.retired) throw conflict(`host ${h.agentId} was already retired on ${h.retired.at} (${h.retired.reason}); it cannot be ${what}`);
    return h;
  };
  return new Hono()
    .get('/hosts/duplicates', requireAdmin(deps.adminToken), (c) => {
      const q = parseOr400(DuplicatesQuery, c.req.query(), 'query (use ?unit=<unit id>)');
      const duplicates = possibleDuplicates(deps.store.listHosts())
        .filter((d) => !q.unit || d.host.unit === q.unit)
        .map((d) => ({ ...hostListItem(d.host), possibleDuplicateOf: d.of.map((o) => ({ ...hostListItem(o.host), matchedOn: o.matchedOn })) }));
      return c.json({ duplicates });
    })
    .delete('/hosts/:id', limitBody(SMALL_BODY_BYTES, 'a retirement request'), requireAdmin(deps.adminToken), async (c) => {
      const body = parseOr400(RetireHostRequest, await c.req.json().catch(() => undefined), 'retirement request ({"reason": "..."})');
      const target = active(host(c.req.param('id')), 'retired again');
      const retired = await deps.store.retireHost(target.agentId, { at: deps.now().toISOString(), reason: body.reason, mergedInto: null });
      return c.json({ host: hostListItem(retired!) });
    })
    .post('/hosts/:id/merge', limitBody(SMALL_BODY_BYTES, 'a merge request'), requireAdmin(deps.adminToken), async (c) => {
      const body = parseOr400(MergeHostRequest, await c.req.json().catch(() => undefined), 'merge request ({"into": "<agent id>"})');
      const from = active(host(c.req.param('id')), 'merged');
      const into = active(host(body.into), 'merged into');
      if (from.agentId === into.agentId) throw badRequest('a host cannot be merged into itself; name the other host in "into"');
      if (from.unit !== into.unit) {
        throw conflict(`hosts of different units cannot be merged (${from.agentId} is in ${from.unit}, ${into.agentId} in ${into.unit}); move one first if they really are one machine`);
      }
      const merged = await deps.store.mergeHosts(from.agentId, into.agentId, deps.now().toISOString());
      return c.json({ host: hostListItem(merged!), retired: hostListItem(deps.store.getHost(from.agentId)!) });
    });
};
