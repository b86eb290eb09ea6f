/** Readers' view of hosts: `GET /api/v1/hosts`, `GET /api/v1/hosts/:id`. */
import { Hono } from 'hono';
import { requireAdmin } from '../auth.js';
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
    .use('/hosts', requireAdmin(deps.adminToken))
    .use('/hosts/*', requireAdmin(deps.adminToken))
    .get('/hosts', (c) => {
      const hosts = deps.store
        .listHosts()
        .map(hostListItem)
        .sort((a, b) => a.unit.localeCompare(b.unit) || a.hostname.localeCompare(b.hostname));
      return c.json({ hosts });
    })
    .get('/hosts/:id', async (c) => {
      const record = await deps.store.readHost(c.req.param('id').toLowerCase());
      if (!record) throw notFound(`no host with id ${c.req.param('id')}; list them with GET /api/v1/hosts`);
      const { keyHash: _hidden, recentReportIds: _ids, ...visible } = record;
      return c.json({ host: visible });
    });
