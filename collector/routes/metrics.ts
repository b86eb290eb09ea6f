/** `GET /api/v1/metrics`: Prometheus text, for the admin token (Prometheus `authorization`). */
import { Hono } from 'hono';
import { requireAdmin } from '../auth.js';
import type { AppDeps } from '../deps.js';

export const metricsRoutes = (deps: AppDeps) =>
  new Hono().get('/metrics', requireAdmin(deps.adminToken), async (c) => {
    const text = await deps.metrics.registry.metrics();
    return c.body(text, 200, { 'content-type': deps.metrics.registry.contentType });
  });
