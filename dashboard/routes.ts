/**
 * The dashboard as a Hono route group mounted at `/` beside the API (collector/app.ts): one
 * GET route per page and one POST route per form (dashboard/pages/index.ts), each declaring
 * its authorization as the API's routes do (docs/access.md), plus the language switch and the
 * static files. A signed-out visitor is sent to the sign-in page; a refusal is a page in the
 * reader's language (403 names nothing of what was asked for). Pages carry a strict
 * Content-Security-Policy: only the collector's own stylesheet and script run.
 */
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { authenticate, authorizationBoundary, authorize, decide, optionalPrincipal, publicRoute } from '../collector/access/authorize.js';
import { SESSION_COOKIE } from '../collector/access/sessions.js';
import { limitBody, SMALL_BODY_BYTES } from '../collector/body-limit.js';
import type { AppDeps } from '../collector/deps.js';
import { ApiError, notFound } from '../collector/errors.js';
import { labelsFor } from '../reports/i18n.js';
import { ASSETS } from './assets/index.js';
import { DashboardReadiness } from './evaluation-cache.js';
import { HostHistory } from './host-history.js';
import type { DashboardContext, PageAccess } from './page.js';
import { ErrorPage } from './pages/error.js';
import type { ErrorKind } from './pages/error.js';
import { FORMS, PAGES } from './pages/index.js';
import { describeScope, LANG_COOKIE, langOf, localPath, makeView, withDataAt } from './view.js';
import type { View, Viewer } from './view.js';

const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  // Pages hold one reader's scope: never kept by a shared browser or a proxy.
  'cache-control': 'no-store',
};

const pathOf = (c: Context) => {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
};

async function send(c: Context, page: JSX.Element, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503 = 200, extra: Record<string, string> = {}): Promise<Response> {
  return c.html(`<!doctype html>${await page}`, status, { ...PAGE_HEADERS, ...extra });
}

const redirect = (c: Context, to: string) => {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
  return c.redirect(to, 303);
};

/**
 * A page for someone signed in: without credentials the visitor is sent to the sign-in page
 * (which shows nothing), with `next` bringing them back; with credentials the route's
 * `authorize` decides.
 */
const signedIn: MiddlewareHandler = async (c, next) => {
  if (await authenticate(c)) return next();
  decide(c, 'public: a signed-out visitor is sent to the sign-in page');
  const next_ = c.req.method === 'GET' ? pathOf(c) : '/';
  const ended = getCookie(c, SESSION_COOKIE) !== undefined;
  return redirect(c, `/sign-in?next=${encodeURIComponent(next_)}${ended ? '&ended=1' : ''}`);
};

const guard = (access: PageAccess): MiddlewareHandler[] =>
  'public' in access ? [publicRoute(access.public)] : [signedIn, authorize(access.action, access.unit ? { unit: access.unit } : {})];

/** A form's text fields, and its files where the form takes them (a body that cannot be parsed has neither). */
async function formBody(c: Context, multipart: boolean): Promise<{ fields: Record<string, string>; files: Record<string, File> }> {
  const body = await c.req.parseBody().catch(() => ({}));
  const entries = Object.entries(body);
  return {
    fields: Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string')),
    files: multipart ? Object.fromEntries(entries.filter((e): e is [string, File] => e[1] instanceof File)) : {},
  };
}

/** A page for a request that never reached a route (the app's 404), in the visitor's language, naming nobody. */
export function notFoundPage(c: Context, deps: Pick<AppDeps, 'org' | 'config'>): Promise<Response> {
  const view = makeView({ lang: langOf(c), timeZone: deps.org.timeZone, path: '/', viewer: null, orgName: null, refreshSeconds: deps.config.dashboard.cacheSeconds });
  return send(c, ErrorPage({ view, kind: 'not_found' }), 404);
}

export function dashboardRoutes(deps: AppDeps): Hono {
  const refreshSeconds = deps.config.dashboard.cacheSeconds;
  const readiness = new DashboardReadiness(deps.readiness, deps.org, { ttlMs: refreshSeconds * 1000, maxStaleMs: refreshSeconds * 5000, maxEntries: 32 });
  const history = new HostHistory(deps.history ?? null);
  const boundary = authorizationBoundary(deps);

  async function viewOf(c: Context): Promise<View> {
    const principal = await optionalPrincipal(c);
    let viewer: Viewer | null = null;
    let orgName: string | null = null;
    if (principal) {
      const { grant } = principal;
      // The reader's own units (cached): their names for the header, never anyone else's.
      const units = await readiness.units({ unitId: grant.unit, recursive: grant.recursive }).catch(() => null);
      const name = (id: string) => units?.units.find((u) => u.id === id)?.name ?? id;
      viewer = { name: principal.actor.name, role: grant.role, grant, scope: describeScope(labelsFor(langOf(c)).page, grant, name) };
      // The organisation's name is the top unit's: shown to those whose scope is the whole org only.
      orgName = grant.unit === null && units?.org.declared ? units.org.name : null;
    }
    return makeView({ lang: langOf(c), timeZone: deps.org.timeZone, path: pathOf(c), viewer, orgName, refreshSeconds, done: c.req.query('done') !== undefined });
  }

  const contextOf = async (c: Context): Promise<DashboardContext> => ({ c, deps, readiness, history, view: await viewOf(c) });

  const app = new Hono();
  for (const page of PAGES) {
    app.get(page.path, boundary, ...guard(page.access), async (c) => {
      const ctx = await contextOf(c);
      const data = await page.load(ctx);
      return send(c, page.render(data, withDataAt(ctx.view, page.dataAt?.(data) ?? null)));
    });
  }
  for (const form of FORMS) {
    const limit = form.body ? limitBody(form.body.maxBytes(deps.config), form.body.what) : limitBody(SMALL_BODY_BYTES, 'a form');
    app.post(form.path, boundary, limit, ...guard(form.access), async (c) => {
      const { fields, files } = await formBody(c, form.body?.multipart === true);
      const outcome = await form.handle(await contextOf(c), fields, files);
      if ('redirect' in outcome) return redirect(c, outcome.redirect);
      return send(c, outcome.page, outcome.status ?? 200);
    });
  }
  app.get('/lang', boundary, publicRoute('sets only the reader\'s language'), (c) => {
    setCookie(c, LANG_COOKIE, c.req.query('to') === 'en' ? 'en' : 'vi', { path: '/', maxAge: 365 * 86_400, sameSite: 'Lax', httpOnly: true, secure: deps.access.secureCookies });
    return redirect(c, localPath(c.req.query('next')));
  });
  app.get('/assets/:file', boundary, publicRoute('the stylesheet, script and icon hold no data'), (c) => {
    const asset = ASSETS.get(c.req.param('file'));
    if (!asset) throw notFound(`no file ${c.req.param('file')}`);
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
  });

  app.onError(async (err, c) => {
    // The language switch of an error page leads home: the address asked for is not repeated.
    const view = await viewOf(c)
      .then((v) => ({ ...v, path: '/' }))
      .catch(() => makeView({ lang: langOf(c), timeZone: deps.org.timeZone, path: '/', viewer: null, orgName: null, refreshSeconds }));
    const kinds: Record<number, ErrorKind> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'bad_request', 429: 'too_many', 503: 'too_many' };
    if (!(err instanceof ApiError) || !kinds[err.status]) {
      console.error(`dashboard: unexpected error on ${c.req.method} ${c.req.path}:`, err);
      return send(c, ErrorPage({ view, kind: 'server' }), 500);
    }
    const kind = kinds[err.status]!;
    // A 403 page says only what the reader may see; the API's sentence would name what was asked for.
    const detail = kind === 'bad_request' || kind === 'conflict' ? err.message : null;
    return send(c, ErrorPage({ view, kind, detail }), err.status as 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503, err.headers ?? {});
  });
  return app;
}
