/**
 * Personal API tokens, for scripts and Excel/Power Query: `GET /api/v1/tokens` (one's own;
 * an admin's lists everyone's), `POST /tokens {label?, expires?, user?}` (the token is answered
 * once; only an admin names another user), `DELETE /tokens/:id` (revoke one's own, or any as
 * an admin). A token carries its user's role and scope as they are at each request.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { NewTokenRequest } from '../../schema/index.js';
import type { TokenView } from '../../schema/index.js';
import { tokenView } from '../access/access-store.js';
import { createToken } from '../access/accounts.js';
import { authorize, changeBy, principalOf } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { badRequest, forbidden, notFound, parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { answered } from './access-errors.js';

/** Creates a personal token for the caller, or (an admin) for `user`; the token is answered once. */
export async function createTokenFor(c: Context, deps: Pick<AppDeps, 'access' | 'now'>, body: NewTokenRequest) {
  const p = principalOf(c);
  const user = body.user ?? p.user?.name;
  if (!user) throw badRequest('the bootstrap token has no user of its own; say whose token this is ("user")');
  if (user !== p.user?.name && p.grant.role !== 'admin') throw forbidden('only an admin may create a token for another user');
  return answered(createToken(deps.access.store, { ...body, user }, deps.now(), changeBy(c)));
}

/** The token `id` if the caller may see it (its own, or any for an admin), else undefined. */
export function tokenOfCaller(c: Context, deps: Pick<AppDeps, 'access'>, id: string): TokenView | undefined {
  const p = principalOf(c);
  const token = deps.access.store.getToken(id);
  if (!token || (token.user !== p.user?.name && p.grant.role !== 'admin')) return undefined;
  return tokenView(token);
}

/** Revokes the caller's token `id` (an admin: anyone's); someone else's is answered as unknown. */
export async function revokeTokenOf(c: Context, deps: Pick<AppDeps, 'access'>, id: string): Promise<TokenView> {
  // Someone else's token is answered as unknown: token ids are not for others to learn.
  if (!tokenOfCaller(c, deps, id)) throw notFound(`no token ${id} of yours; list them with GET /api/v1/tokens`);
  return answered(deps.access.store.revokeToken(id, changeBy(c)));
}

export const tokenRoutes = (deps: AppDeps) =>
  new Hono()
    .get('/tokens', authorize('self'), (c) => {
      const p = principalOf(c);
      return c.json({ tokens: deps.access.store.listTokens(p.grant.role === 'admin' ? undefined : p.user!.name) });
    })
    .post('/tokens', limitBody(SMALL_BODY_BYTES, 'a new token'), authorize('self'), async (c) => {
      const body = parseOr400(NewTokenRequest, await c.req.json().catch(() => undefined), 'new token ({"label"?, "expires"?: "90d", "user"?})');
      return c.json(await createTokenFor(c, deps, body), 201);
    })
    .delete('/tokens/:id', authorize('self'), async (c) => c.json({ token: await revokeTokenOf(c, deps, c.req.param('id')) }));
