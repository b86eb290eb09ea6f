/**
 * The one small interface every page implements, like a report kind: a path, the
 * authorization line of its route, a loader that fetches what the page shows (the only part
 * that does I/O), and `render`, a pure function of that data and the View. Pages are
 * registered in one list (dashboard/pages/index.ts); a form that changes something is a
 * `DashboardForm` registered beside its page.
 */
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { UnitOf } from '../collector/access/authorize.js';
import type { Action } from '../collector/access/roles.js';
import type { AppDeps } from '../collector/deps.js';
import type { DashboardReadiness } from './evaluation-cache.js';
import type { HostHistory } from './host-history.js';
import type { View } from './view.js';

/** How a route is authorized: a role's action (and the unit it concerns), or public with the reason why. */
export type PageAccess = { action: Action; unit?: UnitOf } | { public: string };

/** What loaders and form handlers work with. */
export interface DashboardContext {
  c: Context;
  deps: AppDeps;
  readiness: DashboardReadiness;
  history: HostHistory;
  view: View;
}

export interface DashboardPage<D> {
  id: string;
  /** A Hono path, e.g. `/units/:id`. */
  path: string;
  access: PageAccess;
  /** Fetches the page's data; throws the collector's ApiError (404, 403) to answer an error page. */
  load(ctx: DashboardContext): Promise<D>;
  /** Pure: the whole page from its data. */
  render(data: D, view: View): JSX.Element;
  /** When the figures shown were computed (said in the footer). */
  dataAt?(data: D): string | null;
}

/** What a posted form answers: a page (a refusal with its errors, a check step, a result shown once), or a redirect. */
export type FormOutcome = { page: JSX.Element; status?: 200 | 400 | 401 | 403 | 404 | 409 | 429 } | { redirect: string };

/**
 * A form's body, when it is more than a few fields: `multipart` forms carry files (the upload's
 * `File`s reach `handle` by field name), and `maxBytes` is the form's own body limit (413 past
 * it, before the body is read), from the collector's config. Without it a form's body is
 * form-encoded text of at most SMALL_BODY_BYTES and any file in it is dropped.
 */
export interface FormBody {
  multipart: true;
  maxBytes(config: AppDeps['config']): number;
  /** Names the body in the 413 sentence, e.g. "a scan verdict with its minutes". */
  what: string;
}

export interface DashboardForm {
  id: string;
  /** POSTed to. */
  path: string;
  access: PageAccess;
  body?: FormBody;
  handle(ctx: DashboardContext, fields: Record<string, string>, files: Record<string, File>): Promise<FormOutcome>;
}

/** Erases a page's data type so pages of every kind fit in one list. */
export const definePage = <D>(page: DashboardPage<D>): DashboardPage<unknown> => page as unknown as DashboardPage<unknown>;
