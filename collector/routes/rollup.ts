/**
 * The parent's roll-up routes (docs/rollup.md): `POST /rollup` takes a child collector's
 * snapshot, authorized by that child's own token (not a person's) and only for units within
 * the subtree the token is bound to; `GET /rollup` shows readers the children of their units,
 * with each snapshot's age and stale children counted as unknown.
 */
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { RollupSnapshot } from '../../schema/index.js';
import { authorize, callerSees, decide } from '../access/authorize.js';
import { bearer } from '../auth.js';
import { forbidden, parseOr400, unauthorized } from '../errors.js';
import { limitBody } from '../body-limit.js';
import { assertCredentialBudget, credentialRefused } from '../limits.js';
import { childFigures } from '../rollup/view.js';
import { ROLLUP_BODY_BYTES } from '../rollup/snapshot.js';
import type { ChildRecord } from '../rollup/children.js';
import type { AppDeps } from '../deps.js';

/** A snapshot of a province: ~25 units of ~10 rooms with 21 rules each is ~0.9 MB of JSON; 2 MiB leaves room (docs/rollup.md). */
export { ROLLUP_BODY_BYTES };

type ChildVariables = { child: ChildRecord };

/** The child collector a token belongs to; 401 for anything else (people's tokens included). */
const requireChild =
  (deps: AppDeps): MiddlewareHandler<{ Variables: ChildVariables }> =>
  async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token) throw unauthorized('send the child token the parent\'s admin created (readiness rollup child add) as `Authorization: Bearer <token>`');
    assertCredentialBudget(c, deps.limits);
    const child = deps.rollup?.children.childFor(token);
    if (!child) {
      credentialRefused(c, deps.limits);
      throw unauthorized('this token is not a child collector\'s token of this collector (or it was revoked); ask the parent\'s admin for one (readiness rollup child add)');
    }
    c.set('child', child);
    decide(c, `child collector ${child.id}`);
    await next();
  };

export function rollupRoutes(deps: AppDeps) {
  return new Hono<{ Variables: ChildVariables }>()
    .post('/rollup', limitBody(ROLLUP_BODY_BYTES, 'a roll-up snapshot'), requireChild(deps), async (c) => {
      const child = c.get('child');
      const snapshot = parseOr400(RollupSnapshot, await c.req.json().catch(() => undefined), 'roll-up snapshot');
      // A child writes figures for its own subtree only: the unit must be its token's unit or one below it.
      if (!deps.org.unitChain(snapshot.unit).includes(child.unit)) {
        throw forbidden(`this child's token is bound to unit ${child.unit} and the units below it; it may not send figures for unit ${snapshot.unit}`);
      }
      const status = await deps.rollup!.received.accept(snapshot, { id: child.id, name: child.name }, deps.now());
      return c.json({ id: snapshot.id, status }, status === 'stored' ? 201 : 200);
    })
    .get('/rollup', authorize('read'), async (c) => {
      const received = (await deps.rollup?.received.list()) ?? [];
      const staleHours = deps.config.rollup.staleHours;
      return c.json({ staleHours, children: childFigures(received, deps.now(), staleHours, callerSees(c)) });
    });
}
