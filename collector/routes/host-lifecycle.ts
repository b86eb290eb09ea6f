/**
 * Ending and joining hosts, for whoever manages the unit (an admin, or a unit manager within
 * its scope: `hosts.retire`), and the list that tells them which hosts to look at:
 * - `GET /api/v1/hosts/duplicates?unit=&recursive=`: hosts of the caller's scope that look like
 *   an earlier one of that scope (collector/host-identity.ts); hosts outside the scope are
 *   neither listed nor matched against;
 * - `DELETE /api/v1/hosts/:id` with `{reason}`: retire a host; it no longer counts as expected
 *   or reporting, its key stops working, it stays in the history and in the documents' list of
 *   retired machines with who retired it, when and why;
 * - `POST /api/v1/hosts/:id/merge` with `{into}`: fold a host into another of the same unit
 *   (the one whose agent still reports), both within the caller's scope; the folded one is
 *   retired as merged.
 * Retirements and merges are audited; a unit manager's are marked self-certified (docs/access.md).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { AgentId, MergeHostRequest, RetireHostRequest } from '../../schema/index.js';
import { assertUnitInScope, authorize, changeBy, fromHost, principalOf, readScope, scopeFilter } from '../access/authorize.js';
import { ApiError, badRequest, notFound, parseOr400 } from '../errors.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { possibleDuplicates } from '../host-identity.js';
import type { AppDeps } from '../deps.js';
import type { HostSummary, RetirementBy } from '../store/types.js';
import { hostListItem } from './hosts.js';
import { ScopeQuery } from './scope-query.js';

const conflict = (message: string) => new ApiError(409, 'conflict', message);

/** Who retires, and whether it is the unit's own manager (then marked self-certified). */
const retiredBy = (c: Context, deps: Pick<AppDeps, 'now'>): RetirementBy => {
  const { actor } = changeBy(c);
  return { at: deps.now().toISOString(), by: actor.name, role: actor.role, selfCertified: principalOf(c).grant.role === 'unit_manager' };
};

/**
 * Retires `target` (authorized for it already, not retired yet) for `reason`; audited. Shared
 * by `DELETE /hosts/:id` and the dashboard's retire form.
 */
export async function retireHost(c: Context, deps: Pick<AppDeps, 'store' | 'access' | 'now'>, target: HostSummary, reason: string): Promise<HostSummary> {
  const by = retiredBy(c, deps);
  const retired = (await deps.store.retireHost(target.agentId, { ...by, reason, mergedInto: null }))!;
  await deps.access.store.record({
    ...changeBy(c),
    action: 'host.retire',
    target: target.agentId,
    details: { hostname: hostListItem(retired).hostname, unit: retired.unit, room: retired.room, reason, selfCertified: by.selfCertified },
  });
  return retired;
}

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
    .get('/hosts/duplicates', authorize('read'), (c) => {
      const inScope = scopeFilter(readScope(c, parseOr400(ScopeQuery.strict(), c.req.query(), 'query (use ?unit=<unit id>&recursive=false)')), deps.org);
      const duplicates = possibleDuplicates(deps.store.listHosts().filter((h) => inScope(h.unit))).map((d) => ({
        ...hostListItem(d.host),
        possibleDuplicateOf: d.of.map((o) => ({ ...hostListItem(o.host), matchedOn: o.matchedOn })),
      }));
      return c.json({ duplicates });
    })
    .delete('/hosts/:id', limitBody(SMALL_BODY_BYTES, 'a retirement request'), authorize('hosts.retire', { unit: fromHost }), async (c) => {
      const body = parseOr400(RetireHostRequest, await c.req.json().catch(() => undefined), 'retirement request ({"reason": "..."})');
      const target = active(host(c.req.param('id')), 'retired again');
      return c.json({ host: hostListItem(await retireHost(c, deps, target, body.reason)) });
    })
    .post('/hosts/:id/merge', limitBody(SMALL_BODY_BYTES, 'a merge request'), authorize('hosts.retire', { unit: fromHost }), async (c) => {
      const body = parseOr400(MergeHostRequest, await c.req.json().catch(() => undefined), 'merge request ({"into": "<agent id>"})');
      const from = active(host(c.req.param('id')), 'merged');
      const found = host(body.into);
      // Before anything else is said about it: a host outside the caller's units is not theirs to name.
      assertUnitInScope(c, found.unit, `the host ${found.agentId} named in "into"`);
      const into = active(found, 'merged into');
      if (from.agentId === into.agentId) throw badRequest('a host cannot be merged into itself; name the other host in "into"');
      if (from.unit !== into.unit) {
        throw conflict(`hosts of different units cannot be merged (${from.agentId} is in ${from.unit}, ${into.agentId} in ${into.unit}); move one first if they really are one machine`);
      }
      const by = retiredBy(c, deps);
      const merged = (await deps.store.mergeHosts(from.agentId, into.agentId, by))!;
      await deps.access.store.record({
        ...changeBy(c),
        action: 'host.merge',
        target: from.agentId,
        details: { hostname: hostListItem(from).hostname, into: into.agentId, intoHostname: hostListItem(merged).hostname, unit: into.unit, selfCertified: by.selfCertified },
      });
      return c.json({ host: hostListItem(merged), retired: hostListItem(deps.store.getHost(from.agentId)!) });
    });
};
