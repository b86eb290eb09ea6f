/**
 * The authorization boundary around every route: it carries what `authorize` needs, and
 * turns a request answered without any authorization decision into a 500 (see authorize.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { Principal } from './authorize.js';

export type BoundaryDeps = Pick<AppDeps, 'access' | 'store' | 'org' | 'now' | 'devices' | 'limits'>;

interface Boundary {
  deps: BoundaryDeps;
  decision: string | null;
  /** undefined: not looked for yet; null: no credentials. */
  principal?: Principal | null;
}

const KEY = 'authorization';

export function boundaryOf(c: Context): Boundary {
  const b = c.get(KEY as never) as Boundary | undefined;
  // A route group mounted outside createApp has no boundary: refuse rather than guess.
  if (!b) throw new ApiError(500, 'internal', 'this route is mounted outside the authorization boundary; this is a bug in the collector');
  return b;
}

/** Mounted once around every route (collector/app.ts). */
export const authorizationBoundary =
  (deps: BoundaryDeps): MiddlewareHandler =>
  async (c, next) => {
    const boundary: Boundary = { deps, decision: null };
    c.set(KEY as never, boundary as never);
    await next();
    if (boundary.decision === null && c.res.status < 400) {
      console.error(`collector: ${c.req.method} ${c.req.path} answered ${c.res.status} without an authorization decision; refused`);
      // Drop the handler's response whole (headers too: it may have set a cookie).
      c.res = undefined;
      c.res = new Response(
        JSON.stringify({ error: { code: 'internal', message: 'this route answered without an authorization decision, so its answer was withheld; this is a bug in the collector' } }),
        { status: 500, headers: { 'content-type': 'application/json' } },
      );
    }
  };

/** Records that the route decided; used by `requireAgent` and `publicRoute`. */
export function decide(c: Context, decision: string): void {
  boundaryOf(c).decision = decision;
}

/** A route anyone may call; `why` says what stands in for credentials (read in code review). */
export const publicRoute =
  (why: string): MiddlewareHandler =>
  async (c, next) => {
    decide(c, `public: ${why}`);
    await next();
  };

/** The peer address of the request (Node server), or `unknown` (in-process tests). */
export function peerAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

