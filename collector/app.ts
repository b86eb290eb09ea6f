/**
 * The collector's Hono app: every route under `/api/v1`, the web pages at `/` (dashboard/),
 * one error handler. Built from its dependencies so tests drive it in-process with `app.request(...)`.
 */
import { Hono } from 'hono';
import { errorResponse, notFound } from './errors.js';
import type { AppDeps } from './deps.js';
import { enrollRoutes } from './routes/enroll.js';
import { reportRoutes } from './routes/reports.js';
import { hostRoutes } from './routes/hosts.js';
import { agentConfigRoutes } from './routes/agent-config.js';
import { healthRoutes } from './routes/health.js';
import { importRoutes } from './routes/import.js';
import { metricsRoutes } from './routes/metrics.js';
import { readinessDocumentRoutes } from './routes/readiness-docs.js';
import { readinessRoutes } from './routes/readiness.js';
import { unitRoutes } from './routes/units.js';
import { hostMoveRoutes } from './routes/host-move.js';
import { archiveRoutes } from './routes/archive.js';
import { hostLifecycleRoutes } from './routes/host-lifecycle.js';
import { sessionRoutes } from './routes/session.js';
import { userRoutes } from './routes/users.js';
import { tokenRoutes } from './routes/tokens.js';
import { enrollSecretRoutes } from './routes/enroll-secrets.js';
import { auditRoutes } from './routes/audit.js';
import { scanRoutes } from './routes/scans.js';
import { authorizationBoundary } from './access/authorize.js';
import { dashboardRoutes, notFoundPage } from '../dashboard/routes.js';
import { deviceRoutes } from './routes/devices.js';
import { rollupRoutes } from './routes/rollup.js';
import { exceptionRoutes } from './routes/exceptions.js';
import { taskRoutes } from './routes/tasks.js';
import { alertRoutes, availabilityRoutes } from './routes/availability.js';

/**
 * Every route group, mounted under /api/v1 in this order (host lifecycle before the host
 * readers, so `/hosts/duplicates` is not taken for a host id). Each route declares its
 * authorization in one line (`authorize(...)`, `publicRoute(...)`, `requireAgent`); a route
 * added here needs its rows in test/routes/authorization-matrix.test.ts too.
 */
// Each group carries its own typed env (e.g. the authenticated agent), so the list is widened.
const ROUTES: ReadonlyArray<(deps: AppDeps) => Hono<any>> = [
  healthRoutes,
  enrollRoutes,
  reportRoutes,
  agentConfigRoutes,
  hostLifecycleRoutes,
  hostRoutes,
  importRoutes,
  metricsRoutes,
  readinessDocumentRoutes,
  readinessRoutes,
  unitRoutes,
  hostMoveRoutes,
  sessionRoutes,
  userRoutes,
  tokenRoutes,
  enrollSecretRoutes,
  auditRoutes,
  archiveRoutes,
  deviceRoutes,
  scanRoutes,
  rollupRoutes,
  exceptionRoutes,
  taskRoutes,
  availabilityRoutes,
  alertRoutes,
];

export function createApp(deps: AppDeps): Hono {
  const api = new Hono();
  // Around every route: a handler that answered without an authorization decision is a 500.
  api.use('*', authorizationBoundary(deps));
  for (const routes of ROUTES) api.route('/', routes(deps));
  const app = new Hono();
  app.route('/api/v1', api);
  // The web pages (dashboard/): each route carries its own authorization boundary and line.
  app.route('/', dashboardRoutes(deps));
  app.notFound((c) =>
    c.req.path.startsWith('/api/') ? errorResponse(c, notFound(`no route ${c.req.method} ${c.req.path}; the API lives under /api/v1`)) : notFoundPage(c, deps),
  );
  app.onError((err, c) => errorResponse(c, err));
  return app;
}
