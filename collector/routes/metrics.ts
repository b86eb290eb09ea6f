/** `GET /api/v1/metrics`: Prometheus text, for admins (a personal token in Prometheus' `authorization`). */
import { Hono } from 'hono';
import { authorize } from '../access/authorize.js';
import type { AppDeps } from '../deps.js';

export const metricsRoutes = (deps: AppDeps) =>
  new Hono().get('/metrics', authorize('metrics.read'), async (c) => {
    const text = await deps.metrics.registry.metrics();
    return c.body(text, 200, { 'content-type': deps.metrics.registry.contentType });
  });
