/** `GET /api/v1/units` (admin): units and rooms with expected and enrolled machines, and probe targets. */
import { Hono } from 'hono';
import { requireAdmin } from '../auth.js';
import type { AppDeps } from '../deps.js';

export const unitRoutes = (deps: AppDeps) => new Hono().get('/units', requireAdmin(deps.adminToken), (c) => c.json(deps.org.listUnits()));
