/**
 * `POST /api/v1/enroll`: an enroll secret in, an agent id and key out. A per-unit secret
 * (`readiness enroll-secret create`) places the agent in its unit (and room, if it names one)
 * whatever the agent asks, and counts one use; the global secret, unless the config turns it
 * off, places the agent where it asks. An agent that still holds its key presents it
 * (`Authorization: Bearer <agentKey>`) and keeps its host record with a new key; anything else
 * is a new host, even when it claims an existing host's name or hardware (the collector then
 * lists it as a possible duplicate, docs/api.md). Every enrollment is audited; wrong secrets
 * count as refused credentials of the address (collector/limits.ts).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { EnrollRequest } from '../../schema/index.js';
import type { EnrollResponse } from '../../schema/index.js';
import { agentForKey, bearer, newAgentKey, safeEqual } from '../auth.js';
import { peerAddress, publicRoute } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { badRequest, parseOr400, unauthorized } from '../errors.js';
import { assertAllowed } from '../rate-limit.js';
import { clientAddress } from '../client-address.js';
import { assertCredentialBudget, credentialRefused } from '../limits.js';
import type { AppDeps } from '../deps.js';

const TOO_MANY_ENROLLMENTS = 'too many enrollments from this address';

export const enrollRoutes = (deps: AppDeps) => {
  /** A refused credential: counted against the address (429 instead once its failures are spent), then 401. */
  const refuse = (c: Context, reason: string): never => {
    assertCredentialBudget(c, deps.limits);
    credentialRefused(c, deps.limits);
    throw unauthorized(reason);
  };

  return new Hono().post('/enroll', limitBody(SMALL_BODY_BYTES, 'an enrollment request'), publicRoute('the enroll secret in the body is the credential'), async (c) => {
    const body = parseOr400(EnrollRequest, await c.req.json().catch(() => undefined), 'enrollment request');
    const address = clientAddress(c);
    // Checked here, after the body was read: guesses may run in parallel.
    assertCredentialBudget(c, deps.limits);
    const presented = bearer(c.req.header('authorization'));
    // Looked at before a per-unit secret spends a use, so a full bucket does not waste one.
    if (!presented) assertAllowed(deps.limits.enrollments.peek(address), TOO_MANY_ENROLLMENTS);

    const spent = await deps.access.store.spendEnrollSecret(body.secret);
    let unit: string;
    let room: string | null;
    let via: string;
    if (spent) {
      if (!spent.ok) return refuse(c, spent.reason);
      unit = spent.record.unit;
      // The secret's room, else the room asked for if this unit has it, else none.
      room = spent.record.room ?? (body.room !== null && deps.org.placementProblem(unit, body.room) === null ? body.room : null);
      via = `enroll secret ${spent.record.id}`;
    } else {
      if (!deps.config.globalEnrollSecret || !safeEqual(body.secret, deps.enrollSecret)) {
        return refuse(
          c,
          deps.config.globalEnrollSecret
            ? 'the enroll secret is wrong; ask the collector operator (or the unit\'s IT staff) for the current one'
            : 'this collector takes per-unit enrollment secrets only; ask the unit\'s IT staff for one (readiness enroll-secret create)',
        );
      }
      if (!body.unit) throw badRequest('say which unit this machine belongs to (--unit); only a per-unit enrollment secret knows it by itself');
      unit = body.unit;
      room = body.room;
      via = 'global enroll secret';
      // Checked after the secret, so the org's structure is shown only to those allowed to enroll.
      const problem = deps.org.placementProblem(unit, room);
      if (problem) throw badRequest(`cannot enroll: ${problem}`);
    }
    const asked = body.unit && body.unit !== unit ? { asked: { unit: body.unit, room: body.room } } : {};

    const claimed = presented ? deps.store.getHost(presented.slice(0, Math.max(0, presented.indexOf('.'))).toLowerCase()) : undefined;
    if (presented && claimed && !claimed.retired) {
      if (!agentForKey(deps.store, presented)) {
        return refuse(c, `the agent key presented does not belong to host ${claimed.agentId}; enroll without a key to register this machine as a new host`);
      }
      const { agentKey, keyHash } = newAgentKey(claimed.agentId);
      await deps.store.rekeyHost(claimed.agentId, { keyHash, unit, room, hostname: body.hostname, deviceKind: body.deviceKind, at: deps.now().toISOString() });
      await deps.access.store.record({
        actor: { kind: 'agent', name: claimed.agentId, role: null, via: `its own key and the ${via}` },
        address: peerAddress(c),
        action: 'host.re-enroll',
        target: claimed.agentId,
        details: { hostname: body.hostname, from: { unit: claimed.unit, room: claimed.room }, to: { unit, room }, ...asked },
      });
      console.error(`collector: host ${claimed.agentId} (${body.hostname}) re-enrolled from ${address} with its own key: new key issued, old key revoked`);
      return c.json({ agentId: claimed.agentId, agentKey, status: 're-enrolled', unit, room } satisfies EnrollResponse, 200);
    }

    assertAllowed(deps.limits.enrollments.take(address), TOO_MANY_ENROLLMENTS);
    const { agentId, agentKey, keyHash } = newAgentKey();
    await deps.store.createAgent({ agentId, keyHash, unit, room, hostname: body.hostname, deviceKind: body.deviceKind, enrolledAt: deps.now().toISOString() });
    await deps.access.store.record({
      actor: { kind: 'agent', name: agentId, role: null, via },
      address: peerAddress(c),
      action: 'host.enroll',
      target: agentId,
      details: { hostname: body.hostname, unit, room, ...asked },
    });
    return c.json({ agentId, agentKey, status: 'enrolled', unit, room } satisfies EnrollResponse, 201);
  });
};
