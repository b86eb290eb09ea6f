/**
 * The static files the pages load, served by the collector itself under names that carry a
 * hash of their content, so a browser may keep them for a year and still never use an old one.
 */
import { createHash } from 'node:crypto';
import { ICON_SVG } from './icon.js';
import { SCRIPT_JS } from './script.js';
import { STYLE_CSS } from './style.js';

export interface Asset {
  body: string;
  type: string;
}

const hashed = (stem: string, ext: string, body: string) => `${stem}-${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${ext}`;

const CSS_NAME = hashed('dashboard', 'css', STYLE_CSS);
const JS_NAME = hashed('dashboard', 'js', SCRIPT_JS);
const ICON_NAME = hashed('icon', 'svg', ICON_SVG);

export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  [CSS_NAME, { body: STYLE_CSS, type: 'text/css; charset=utf-8' }],
  [JS_NAME, { body: SCRIPT_JS, type: 'text/javascript; charset=utf-8' }],
  [ICON_NAME, { body: ICON_SVG, type: 'image/svg+xml' }],
]);

export const ASSET_URLS = { css: `/assets/${CSS_NAME}`, js: `/assets/${JS_NAME}`, icon: `/assets/${ICON_NAME}` } as const;
