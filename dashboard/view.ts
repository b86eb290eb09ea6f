/**
 * What every page is rendered with besides its own data: the reader's language and its
 * labels, the formatter of days and numbers the documents use, who is signed in and what they
 * may do, and the addresses of the stylesheet and script. Pages are pure functions of
 * (data, View).
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { formatterFor } from '../reports/format.js';
import type { Formatter } from '../reports/format.js';
import { labelsFor } from '../reports/i18n.js';
import type { Labels } from '../reports/i18n.js';
import type { PageLabels } from '../reports/i18n-pages.js';
import type { Grant, Lang, Role } from '../schema/index.js';
import { roleMay } from '../collector/access/roles.js';
import type { Action } from '../collector/access/roles.js';
import { ASSET_URLS } from './assets/index.js';

/** The language cookie: Vietnamese unless the reader chose English (one click, remembered). */
export const LANG_COOKIE = 'readiness_lang';

export const langOf = (c: Context): Lang => (getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'vi');

/** A local path to come back to (`next=`); anything else (another site, `//host`) becomes `/`. */
export function localPath(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\r\n]/.test(next)) return '/';
  return next;
}

export interface Viewer {
  name: string;
  role: Role;
  grant: Grant;
  /** "VKSND khu vực 1 Hải Phòng và các đơn vị trực thuộc", in the reader's language. */
  scope: string;
}

export interface View {
  lang: Lang;
  L: Labels;
  P: PageLabels;
  fmt: Formatter;
  /** The org's time zone (what `fmt` writes times in). */
  timeZone: string;
  /** The path and query of this page (the language switch comes back to it). */
  path: string;
  viewer: Viewer | null;
  may(action: Action): boolean;
  assets: typeof ASSET_URLS;
  /** The organisation's name (the org file's), for the header; null before sign-in. */
  orgName: string | null;
  /** When the figures on the page were computed, and how often they are. */
  dataAt: string | null;
  refreshSeconds: number;
  /** A sentence saying a change was made (after a form redirected here with `done=`). */
  notice: string | null;
}

export function describeScope(P: PageLabels, grant: Grant, unitName: (id: string) => string): string {
  if (grant.unit === null) return P.scope.every;
  return grant.recursive ? P.scope.withBelow(unitName(grant.unit)) : P.scope.only(unitName(grant.unit));
}

/** Building Intl formatters costs more than a small page: one per language and zone. */
const formatters = new Map<string, Formatter>();
const formatterOf = (lang: Lang, timeZone: string): Formatter => {
  const key = `${lang}|${timeZone}`;
  let fmt = formatters.get(key);
  if (!fmt) formatters.set(key, (fmt = formatterFor({ lang, timeZone })));
  return fmt;
};

export function makeView(opts: { lang: Lang; timeZone: string; path: string; viewer: Viewer | null; orgName: string | null; refreshSeconds: number; done?: boolean }): View {
  const L = labelsFor(opts.lang);
  return {
    lang: opts.lang,
    L,
    P: L.page,
    fmt: formatterOf(opts.lang, opts.timeZone),
    timeZone: opts.timeZone,
    path: opts.path,
    viewer: opts.viewer,
    may: (action) => (opts.viewer ? roleMay(opts.viewer.role, action) : false),
    assets: ASSET_URLS,
    orgName: opts.orgName,
    dataAt: null,
    refreshSeconds: opts.refreshSeconds,
    notice: opts.done ? L.page.admin.done : null,
  };
}

/** The same view, saying when its figures were computed. */
export const withDataAt = (view: View, generatedAt: string | null): View => ({ ...view, dataAt: generatedAt });
