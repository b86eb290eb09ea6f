/** Readers' view of hosts, within their scope: `GET /api/v1/hosts`, `GET /api/v1/hosts/:id`. */
import { Hono } from 'hono';
import { authorize, callerSees, fromHost } from '../access/authorize.js';
import { notFound } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { HostSummary } from '../store/types.js';

/** One line per host: enough for a list, without the report body. */
export const hostListItem = (h: HostSummary) => ({
  agentId: h.agentId,
  hostname: h.latest?.os?.hostname || h.hostname,
  unit: h.unit,
  room: h.room,
  deviceKind: h.deviceKind,
  enrolledAt: h.enrolledAt,
  firstSeen: h.firstSeen,
  lastSeen: h.lastSeen,
  reportCount: h.reportCount,
  os: h.latest?.os ? `${h.latest.os.distro} ${h.latest.os.release}`.trim() : null,
  /** When, why and (for a merge) into which host it was retired; null while it counts. */
  retired: h.retired ?? null,
});

export const hostRoutes = (deps: AppDeps) =>
  new Hono()
    .get('/hosts', authorize('read'), (c) => {
      const sees = callerSees(c);
      const hosts = deps.store
        .listHosts()
        .filter((h) => sees(h.unit))
        .map(hostListItem)
        .sort((a, b) => a.unit.localeCompare(b.unit) || a.hostname.localeCompare(b.hostname));
      return c.json({ hosts });
    })
    .get('/hosts/:id', authorize('read', { unit: fromHost }), async (c) => {
      const record = await deps.store.readHost(c.req.param('id').toLowerCase());
      if (!record) throw notFound(`no host with id ${c.req.param('id')}; list them with GET /api/v1/hosts`);
      const { keyHash: _hidden, recentReportIds: _ids, ...visible } = record;
      return c.json({ host: visible });
    });
