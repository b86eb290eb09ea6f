/**
 * User administration (admins): `GET /api/v1/users`, `POST /users` (a generated password is
 * answered once when none is given), `PATCH /users/:name` (role, unit, recursive, disabled,
 * password). Disabling a user or changing its password ends its sessions at once.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { NewUserRequest, UserChangeRequest } from '../../schema/index.js';
import type { UserView } from '../../schema/index.js';
import { addUser, changeUser } from '../access/accounts.js';
import { authorize, changeBy } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { answered } from './access-errors.js';

/** Adds a user (a generated password is answered once when none is given); audited. */
export function addUserBy(c: Context, deps: Pick<AppDeps, 'access' | 'org'>, body: NewUserRequest) {
  return answered(addUser(deps.access.store, body, (u, r) => deps.org.placementProblem(u, r), changeBy(c)));
}

/** Changes a user; disabling it or giving it a new password ends its sessions at once. */
export async function changeUserBy(c: Context, deps: Pick<AppDeps, 'access' | 'org'>, name: string, body: UserChangeRequest): Promise<UserView> {
  const user = await answered(changeUser(deps.access.store, name, body, (u, r) => deps.org.placementProblem(u, r), changeBy(c)));
  if (user.disabled || body.password) deps.access.sessions.endAllOf(user.name);
  return user;
}

export const userRoutes = (deps: AppDeps) => {
  return new Hono()
    .get('/users', authorize('users.manage'), (c) => c.json({ users: deps.access.store.listUsers() }))
    .post('/users', limitBody(SMALL_BODY_BYTES, 'a new user'), authorize('users.manage'), async (c) => {
      const body = parseOr400(NewUserRequest, await c.req.json().catch(() => undefined), 'new user ({"name", "role", "unit", "recursive", "password"?})');
      return c.json(await addUserBy(c, deps, body), 201);
    })
    .patch('/users/:name', limitBody(SMALL_BODY_BYTES, 'a user change'), authorize('users.manage'), async (c) => {
      const body = parseOr400(UserChangeRequest, await c.req.json().catch(() => undefined), 'user change ({"role"?, "unit"?, "recursive"?, "disabled"?, "password"?})');
      return c.json({ user: await changeUserBy(c, deps, c.req.param('name'), body) });
    });
};
