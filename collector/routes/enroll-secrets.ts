/**
 * Per-unit enrollment secrets, for admins and each unit's managers: `GET /api/v1/enroll-secrets`
 * (those of the caller's units), `POST /enroll-secrets {unit, room?, expires?, uses?}` (the
 * secret is answered once), `DELETE /enroll-secrets/:id` (revoke). An agent enrolling with one
 * lands in its unit whatever it asks (routes/enroll.ts).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { NewEnrollSecretRequest } from '../../schema/index.js';
import { createEnrollSecret } from '../access/accounts.js';
import { assertUnitInScope, authorize, callerSees, changeBy, unitOf } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { notFound, parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { answered } from './access-errors.js';

/** The unit of the enrollment secret named by `:id`. */
export const fromSecret = unitOf('this enrollment secret', (c, deps) => deps.access.store.getEnrollSecret(c.req.param('id') ?? '')?.unit);

/** Creates a per-unit enrollment secret in the caller's scope; the secret is answered once. */
export async function createEnrollSecretFor(c: Context, deps: Pick<AppDeps, 'access' | 'org' | 'now'>, body: NewEnrollSecretRequest) {
  assertUnitInScope(c, body.unit);
  return answered(createEnrollSecret(deps.access.store, body, (u, r) => deps.org.placementProblem(u, r), deps.now(), changeBy(c)));
}

/** Revokes secret `id` (its unit authorized already: `fromSecret`). */
export async function revokeEnrollSecret(c: Context, deps: Pick<AppDeps, 'access'>, id: string) {
  if (!deps.access.store.getEnrollSecret(id)) throw notFound(`no enrollment secret ${id}; list them with GET /api/v1/enroll-secrets`);
  return answered(deps.access.store.revokeEnrollSecret(id, changeBy(c)));
}

export const enrollSecretRoutes = (deps: AppDeps) =>
  new Hono()
    .get('/enroll-secrets', authorize('enroll-secrets.manage'), (c) => {
      const sees = callerSees(c);
      return c.json({ secrets: deps.access.store.listEnrollSecrets().filter((s) => sees(s.unit)) });
    })
    .post('/enroll-secrets', limitBody(SMALL_BODY_BYTES, 'a new enrollment secret'), authorize('enroll-secrets.manage'), async (c) => {
      const body = parseOr400(NewEnrollSecretRequest, await c.req.json().catch(() => undefined), 'new enrollment secret ({"unit", "room"?, "expires"?: "14d", "uses"?})');
      return c.json(await createEnrollSecretFor(c, deps, body), 201);
    })
    .delete('/enroll-secrets/:id', authorize('enroll-secrets.manage', { unit: fromSecret }), async (c) => c.json({ secret: await revokeEnrollSecret(c, deps, c.req.param('id')) }));
