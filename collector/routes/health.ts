/** `GET /api/v1/healthz`: unauthenticated liveness with the number of hosts loaded. */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';

export const healthRoutes = (deps: AppDeps) =>
  new Hono().get('/healthz', (c) => c.json({ status: 'ok', hosts: deps.store.size }));
