/**
 * Signing in and out: `POST /api/v1/session {name, password}` sets the session cookie
 * (HttpOnly, SameSite=Strict, Secure under TLS); `GET /session` says who is signed in;
 * `DELETE /session` signs out; `PUT /session/password` changes the caller's own password (and
 * ends its other sessions). Wrong passwords are rate-limited per address and per account (429
 * with Retry-After) and audited; a wrong name costs as long as a wrong password.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginRequest, PasswordChangeRequest } from '../../schema/index.js';
import type { UserRecord } from '../../schema/index.js';
import { assertSameOrigin, authorize, changeBy, peerAddress, principalOf, publicRoute } from '../access/authorize.js';
import { userView } from '../access/access-store.js';
import { decoyHash, hashPassword, verifyPassword } from '../access/password.js';
import { SESSION_COOKIE } from '../access/sessions.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { badRequest, parseOr400, unauthorized } from '../errors.js';
import { assertCredentialBudget, assertLoginBudget, credentialRefused } from '../limits.js';
import type { AppDeps } from '../deps.js';

/** Starts a session for `user` and sets its cookie on the answer. */
export function startSession(c: Context, deps: Pick<AppDeps, 'access' | 'now'>, user: string): void {
  const { access } = deps;
  const id = access.sessions.start(user, deps.now().getTime());
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: access.secureCookies,
    path: '/',
    // The browser forgets it with the session's absolute lifetime; the collector ends it on idle.
    maxAge: Math.floor(access.sessions.maxMs / 1000),
  });
}

/**
 * Checks a name and password and starts a session (the cookie is set on the answer): shared by
 * `POST /api/v1/session` and the dashboard's sign-in form. Same origin only (no login CSRF),
 * rate-limited per address and per name (429), every failure audited; a wrong name costs the
 * same scrypt work as a wrong password. Throws 401 for a wrong name or password.
 */
export async function signIn(c: Context, deps: Pick<AppDeps, 'access' | 'now' | 'limits'>, body: { name: string; password: string }): Promise<UserRecord> {
  const { access } = deps;
  // A login from another site's page would sign the victim in as the attacker.
  await assertSameOrigin(c);
  const address = peerAddress(c);
  const name = body.name.toLowerCase();
  const check = () => {
    assertCredentialBudget(c, deps.limits);
    assertLoginBudget(deps.limits, name);
  };
  check();
  const user = access.store.getUser(name);
  // The same scrypt work whether or not the name exists.
  const good = await verifyPassword(body.password, user?.passwordHash ?? (await decoyHash()));
  // Again after the hashing: of guesses hashed side by side, those finishing after the bucket emptied are not told whether they were right.
  check();
  if (!user || !good || user.disabled) {
    credentialRefused(c, deps.limits);
    deps.limits.failedLogins.take(name);
    const reason = !user ? 'no such user' : !good ? 'wrong password' : 'user disabled';
    await access.store.record({ actor: { kind: 'anonymous', name, role: null, via: 'password' }, address, action: 'session.login-failed', target: user ? name : null, details: { reason } });
    throw unauthorized(user?.disabled && good ? `the user ${name} is disabled; ask an admin` : 'wrong name or password');
  }
  deps.limits.failedLogins.reset(name);
  startSession(c, deps, user.name);
  await access.store.record({ actor: { kind: 'user', name: user.name, role: user.role, via: 'password' }, address, action: 'session.login', target: user.name, details: {} });
  return user;
}

/** Ends the session of the cookie sent (if any) and clears the cookie; shared by `DELETE /session` and the dashboard. */
export async function signOut(c: Context, deps: Pick<AppDeps, 'access' | 'now'>): Promise<void> {
  const { access } = deps;
  const id = getCookie(c, SESSION_COOKIE);
  // Another site must not sign the user out either.
  if (id) await assertSameOrigin(c);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: access.secureCookies });
  if (id) {
    const session = access.sessions.touch(id, deps.now().getTime());
    if (access.sessions.end(id) && session) {
      await access.store.record({ actor: { kind: 'user', name: session.user, role: access.store.getUser(session.user)?.role ?? null, via: 'session' }, address: peerAddress(c), action: 'session.logout', target: session.user, details: {} });
    }
  }
}

export const sessionRoutes = (deps: AppDeps) => {
  const { access } = deps;

  return new Hono()
    .post('/session', limitBody(SMALL_BODY_BYTES, 'a sign-in request'), publicRoute('the password in the body is the credential'), async (c) => {
      await assertSameOrigin(c);
      const body = parseOr400(LoginRequest, await c.req.json().catch(() => undefined), 'sign-in request ({"name": "...", "password": "..."})');
      const user = await signIn(c, deps, body);
      return c.json({ user: userView(user), idleMinutes: access.sessions.idleMs / 60_000 }, 201);
    })
    .get('/session', authorize('self'), (c) => {
      const p = principalOf(c);
      return c.json({ actor: p.actor, grant: p.grant, via: p.via, ...(p.user ? { user: userView(p.user) } : {}) });
    })
    .delete('/session', publicRoute('ends only the session of the cookie sent'), async (c) => {
      await signOut(c, deps);
      return c.body(null, 204);
    })
    .put('/session/password', limitBody(SMALL_BODY_BYTES, 'a password change'), authorize('self'), async (c) => {
      const p = principalOf(c);
      if (!p.user) throw badRequest('the bootstrap token has no password; sign in as a user, or change users with PATCH /api/v1/users/NAME');
      const body = parseOr400(PasswordChangeRequest, await c.req.json().catch(() => undefined), 'password change ({"currentPassword": "...", "newPassword": "..."})');
      assertLoginBudget(deps.limits, p.user.name);
      if (!(await verifyPassword(body.currentPassword, p.user.passwordHash))) {
        credentialRefused(c, deps.limits);
        deps.limits.failedLogins.take(p.user.name);
        throw unauthorized('the current password is wrong; nothing was changed');
      }
      const user = await access.store.changeUser(p.user.name, { passwordHash: await hashPassword(body.newPassword) }, changeBy(c));
      // Every session of the user ended with the old password; this one goes on under a new cookie.
      access.sessions.endAllOf(user.name);
      if (p.via === 'session') startSession(c, deps, user.name);
      return c.json({ user });
    });
};
