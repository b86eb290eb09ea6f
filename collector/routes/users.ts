/**
 * User administration (admins): `GET /api/v1/users`, `POST /users` (a generated password is
 * answered once when none is given), `PATCH /users/:name` (role, unit, recursive, disabled,
 * password). Disabling a user or changing its password ends its sessions at once.
 */
import { Hono } from 'hono';
import { NewUserRequest, UserChangeRequest } from '../../schema/index.js';
import { addUser, changeUser } from '../access/accounts.js';
import { authorize, changeBy } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { answered } from './access-errors.js';

export const userRoutes = (deps: AppDeps) => {
  const placement = (unit: string, room: string | null) => deps.org.placementProblem(unit, room);
  return new Hono()
    .get('/users', authorize('users.manage'), (c) => c.json({ users: deps.access.store.listUsers() }))
    .post('/users', limitBody(SMALL_BODY_BYTES, 'a new user'), authorize('users.manage'), async (c) => {
      const body = parseOr400(NewUserRequest, await c.req.json().catch(() => undefined), 'new user ({"name", "role", "unit", "recursive", "password"?})');
      return c.json(await answered(addUser(deps.access.store, body, placement, changeBy(c))), 201);
    })
    .patch('/users/:name', limitBody(SMALL_BODY_BYTES, 'a user change'), authorize('users.manage'), async (c) => {
      const body = parseOr400(UserChangeRequest, await c.req.json().catch(() => undefined), 'user change ({"role"?, "unit"?, "recursive"?, "disabled"?, "password"?})');
      const user = await answered(changeUser(deps.access.store, c.req.param('name'), body, placement, changeBy(c)));
      if (user.disabled || body.password) deps.access.sessions.endAllOf(user.name);
      return c.json({ user });
    });
};
