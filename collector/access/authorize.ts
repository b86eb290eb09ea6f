/**
 * Authentication and authorization of people, as one line per route:
 *
 *   .get('/hosts/:id', authorize('read', { unit: fromHost }), handler)
 *   .post('/enroll', publicRoute('the enroll secret in the body is the credential'), handler)
 *
 * `authorize(action, {unit})` finds the caller (session cookie, personal token or bootstrap
 * token), refuses a role that may not do `action` (403), a unit outside the caller's scope
 * (403, naming the scope), a cookie request from another origin (403, CSRF), and records the
 * decision. `authorizationBoundary` wraps every route: a request whose handler answered
 * without any decision is turned into a 500, so a route added without its line fails loudly
 * (as Fleet's authzcheck does) instead of serving data to anyone.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { Actor, Grant, UserRecord } from '../../schema/index.js';
import { bearer, safeEqual } from '../auth.js';
import { forbidden, unauthorized } from '../errors.js';
import { assertCredentialBudget, credentialRefused } from '../limits.js';
import type { AccessControl } from './access-control.js';
import { grantOf, TOKEN_PATTERN } from './access-store.js';
import type { ChangeBy } from './access-store.js';
import { ACTIONS, roleMay } from './roles.js';
import type { Action } from './roles.js';
import { describeGrant, grantCovers, resolveReadScope } from './scope.js';
import type { EvaluationScope } from './scope.js';
import { SESSION_COOKIE } from './sessions.js';
import { boundaryOf, peerAddress } from './boundary.js';
import type { BoundaryDeps } from './boundary.js';

export { authorizationBoundary, decide, peerAddress, publicRoute } from './boundary.js';
export { scopeFilter } from './scope.js';

export interface Principal {
  actor: Actor;
  grant: Grant;
  /** Cookie sessions are ambient credentials: their state-changing requests get the CSRF check. */
  via: 'session' | 'token' | 'bootstrap';
  user: UserRecord | null;
}

const userActor = (user: UserRecord, via: string): Actor => ({ kind: 'user', name: user.name, role: user.role, via });

const BOOTSTRAP_ACTOR: Actor = { kind: 'bootstrap', name: 'bootstrap-token', role: 'admin', via: 'bootstrap token' };

/** The bootstrap token works until an enabled admin user exists, unless the config keeps it. */
export const bootstrapActive = (access: AccessControl): boolean => access.keepBootstrapToken || !access.store.hasActiveAdmin();

const notSignedIn = () => unauthorized('sign in (POST /api/v1/session) or send a personal token as `Authorization: Bearer <token>` (readiness token create)');

/**
 * Who is calling, from the bearer token or the session cookie; null without credentials.
 * Wrong tokens are refused here (401), counted with every refused credential of the address
 * (429 past the limit, collector/limits.ts) and audited.
 */
export async function authenticate(c: Context): Promise<Principal | null> {
  const b = boundaryOf(c);
  if (b.principal !== undefined) return b.principal;
  const { access } = b.deps;
  const now = b.deps.now();
  const header = c.req.header('authorization');
  let principal: Principal | null = null;
  if (header !== undefined) {
    const token = bearer(header);
    if (!token) throw unauthorized('send credentials as `Authorization: Bearer <token>`');
    const address = peerAddress(c);
    assertCredentialBudget(c, b.deps.limits);
    const refuse = async (reason: string) => {
      credentialRefused(c, b.deps.limits);
      await access.store.record({ actor: { kind: 'anonymous', name: TOKEN_PATTERN.exec(token)?.[1] ?? '', role: null, via: 'bearer token' }, address, action: 'token.refused', target: null, details: { reason } });
      return unauthorized(reason);
    };
    if (TOKEN_PATTERN.test(token)) {
      const check = access.store.checkToken(token, now);
      if (!check.ok) throw await refuse(check.reason);
      principal = { actor: userActor(check.user, `token ${check.token.id}`), grant: grantOf(check.user), via: 'token', user: check.user };
    } else if (safeEqual(token, access.bootstrapToken)) {
      if (!bootstrapActive(access)) {
        throw await refuse('the bootstrap admin token stopped working when the first admin user was created; sign in, or use a personal token (readiness token create --user NAME)');
      }
      principal = { actor: BOOTSTRAP_ACTOR, grant: { role: 'admin', unit: null, recursive: true }, via: 'bootstrap', user: null };
    } else {
      throw await refuse('this token is not known to the collector (an agent key cannot read; readers sign in or use a personal token from `readiness token create`)');
    }
  } else {
    const id = getCookie(c, SESSION_COOKIE);
    const session = id ? access.sessions.touch(id, now.getTime()) : undefined;
    if (id && session) {
      const user = access.store.getUser(session.user);
      if (!user || user.disabled || Date.parse(user.passwordChangedAt) > session.createdAt) {
        access.sessions.end(id);
      } else {
        principal = { actor: userActor(user, 'session'), grant: grantOf(user), via: 'session', user };
      }
    }
  }
  b.principal = principal;
  return principal;
}

const csrfCheck = csrf();
const SAFE = /^(GET|HEAD|OPTIONS)$/;

/** Refuses a state-changing request from another origin (the cookie would be sent along). */
export async function assertSameOrigin(c: Context): Promise<void> {
  if (SAFE.test(c.req.method)) return;
  try {
    await csrfCheck(c, async () => {});
  } catch (err) {
    if (err instanceof HTTPException) {
      throw forbidden(`a ${c.req.method} from another origin (${c.req.header('origin') ?? 'no Origin header'}) is refused for a signed-in session; use the collector's own pages, or a personal token for scripts`);
    }
    throw err;
  }
}

/**
 * Finds the unit a request concerns, e.g. the host's unit; undefined when there is none (the
 * handler answers 404). `what` names the record in a refusal, which never names its unit.
 */
export type UnitOf = ((c: Context, deps: BoundaryDeps) => string | undefined | Promise<string | undefined>) & { what: string };

/** Declares a UnitOf: `unitOf('this host', (c, deps) => ...)`. */
export const unitOf = (what: string, find: (c: Context, deps: BoundaryDeps) => string | undefined | Promise<string | undefined>): UnitOf => Object.assign(find, { what });

/** The unit of the host named by `:id` (ids are lower-case, as the routes look them up). */
export const fromHost = unitOf('this host', (c, deps) => deps.store.getHost((c.req.param('id') ?? '').toLowerCase())?.unit);

function coversUnit(c: Context, grant: Grant, unit: string): boolean {
  return grantCovers(grant, boundaryOf(c).deps.org.unitChain(unit));
}

export function authorize(action: Action, opts: { unit?: UnitOf } = {}): MiddlewareHandler {
  return async (c, next) => {
    const b = boundaryOf(c);
    const principal = await authenticate(c);
    if (!principal) {
      const hadCookie = getCookie(c, SESSION_COOKIE) !== undefined;
      throw hadCookie ? unauthorized('your session has ended (signed out, expired or the password changed); sign in again') : notSignedIn();
    }
    if (principal.via === 'session') await assertSameOrigin(c);
    const { grant } = principal;
    if (!roleMay(grant.role, action)) throw forbidden(`your role (${grant.role}) may not ${ACTIONS[action]}; ask an admin`);
    if (opts.unit) {
      const unit = await opts.unit(c, b.deps);
      if (unit !== undefined && !coversUnit(c, grant, unit)) throw forbidden(`${opts.unit.what} is outside your scope (${describeGrant(grant)})`);
    }
    b.decision = action;
    await next();
  };
}

/** The caller, once `authorize` let the request through. */
export function principalOf(c: Context): Principal {
  const p = boundaryOf(c).principal;
  if (!p) throw notSignedIn();
  return p;
}

/** The caller's credentials when it sent any, for routes that answer everyone but tell admins more. */
export async function optionalPrincipal(c: Context): Promise<Principal | null> {
  return authenticate(c).catch(() => null);
}

/**
 * Refuses `unit` when it lies outside the caller's scope (e.g. the unit a host moves to);
 * `what` names it in the sentence, for a unit the caller did not name itself.
 */
export function assertUnitInScope(c: Context, unit: string, what = `unit ${unit}`): void {
  const { grant } = principalOf(c);
  if (!coversUnit(c, grant, unit)) throw forbidden(`${what} is outside your scope (${describeGrant(grant)})`);
}

/** Whether the caller's scope covers `unit` (filters lists). */
export function callerSees(c: Context): (unit: string) => boolean {
  const { grant } = principalOf(c);
  if (grant.unit === null) return () => true;
  const org = boundaryOf(c).deps.org;
  return (unit) => grantCovers(grant, org.unitChain(unit));
}

/** The scope a read request resolves to for the caller (403 past the caller's grant). */
export function readScope(c: Context, asked: { unit?: string | undefined; recursive?: boolean | undefined }): EvaluationScope {
  const resolved = resolveReadScope(principalOf(c).grant, asked, (u) => boundaryOf(c).deps.org.unitChain(u));
  if (!resolved.ok) throw forbidden(resolved.reason);
  return resolved.scope;
}

/** The caller and address, for the audit line of a change. */
export function changeBy(c: Context): ChangeBy {
  return { actor: principalOf(c).actor, address: peerAddress(c) };
}
