/**
 * `GET /api/v1/healthz`: liveness for anyone; only an admin's credentials also get the number
 * of hosts loaded (how big a fleet is, is not for strangers to learn).
 */
import { Hono } from 'hono';
import { optionalPrincipal, publicRoute } from '../access/authorize.js';
import type { AppDeps } from '../deps.js';

export const healthRoutes = (deps: AppDeps) =>
  new Hono().get('/healthz', publicRoute('liveness says nothing about the fleet'), async (c) => {
    const caller = await optionalPrincipal(c);
    return c.json(caller?.grant.role === 'admin' ? { status: 'ok', hosts: deps.store.size } : { status: 'ok' });
  });
