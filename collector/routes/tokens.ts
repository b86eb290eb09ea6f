/**
 * Personal API tokens, for scripts and Excel/Power Query: `GET /api/v1/tokens` (one's own;
 * an admin's lists everyone's), `POST /tokens {label?, expires?, user?}` (the token is answered
 * once; only an admin names another user), `DELETE /tokens/:id` (revoke one's own, or any as
 * an admin). A token carries its user's role and scope as they are at each request.
 */
import { Hono } from 'hono';
import { NewTokenRequest } from '../../schema/index.js';
import { createToken } from '../access/accounts.js';
import { authorize, changeBy, principalOf } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { badRequest, forbidden, notFound, parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { answered } from './access-errors.js';

export const tokenRoutes = (deps: AppDeps) =>
  new Hono()
    .get('/tokens', authorize('self'), (c) => {
      const p = principalOf(c);
      return c.json({ tokens: deps.access.store.listTokens(p.grant.role === 'admin' ? undefined : p.user!.name) });
    })
    .post('/tokens', limitBody(SMALL_BODY_BYTES, 'a new token'), authorize('self'), async (c) => {
      const p = principalOf(c);
      const body = parseOr400(NewTokenRequest, await c.req.json().catch(() => undefined), 'new token ({"label"?, "expires"?: "90d", "user"?})');
      const user = body.user ?? p.user?.name;
      if (!user) throw badRequest('the bootstrap token has no user of its own; say whose token this is ("user")');
      if (user !== p.user?.name && p.grant.role !== 'admin') throw forbidden('only an admin may create a token for another user');
      return c.json(await answered(createToken(deps.access.store, { ...body, user }, deps.now(), changeBy(c))), 201);
    })
    .delete('/tokens/:id', authorize('self'), async (c) => {
      const p = principalOf(c);
      const token = deps.access.store.getToken(c.req.param('id'));
      // Someone else's token is answered as unknown: token ids are not for others to learn.
      if (!token || (token.user !== p.user?.name && p.grant.role !== 'admin')) throw notFound(`no token ${c.req.param('id')} of yours; list them with GET /api/v1/tokens`);
      return c.json({ token: await answered(deps.access.store.revokeToken(token.id, changeBy(c))) });
    });
