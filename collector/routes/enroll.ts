/**
 * `POST /api/v1/enroll`: enroll secret in, agent id and key out. An agent that still holds its
 * key presents it (`Authorization: Bearer <agentKey>`) and keeps its host record with a new
 * key; anything else is a new host, even when it claims an existing host's name or hardware
 * (the collector then lists it as a possible duplicate, docs/api.md).
 */
import { Hono } from 'hono';
import { EnrollRequest } from '../../schema/index.js';
import type { EnrollResponse } from '../../schema/index.js';
import { agentForKey, bearer, newAgentKey, safeEqual } from '../auth.js';
import { badRequest, parseOr400, unauthorized } from '../errors.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { assertAllowed } from '../rate-limit.js';
import { clientAddress } from '../client-address.js';
import { FAILED_CREDENTIALS } from '../limits.js';
import type { AppDeps } from '../deps.js';

export const enrollRoutes = (deps: AppDeps) =>
  new Hono().post('/enroll', limitBody(SMALL_BODY_BYTES, 'an enrollment request'), async (c) => {
    const body = parseOr400(EnrollRequest, await c.req.json().catch(() => undefined), 'enrollment request');
    const address = clientAddress(c);
    // Checked again here: the body was read since the guard looked, and guesses may run in parallel.
    assertAllowed(deps.limits.failedCredentials.peek(address), FAILED_CREDENTIALS);
    if (!safeEqual(body.secret, deps.enrollSecret)) {
      throw unauthorized('the enroll secret is wrong; ask the collector operator for the current one');
    }
    // Checked after the secret, so the org's structure is shown only to those allowed to enroll.
    const problem = deps.org.placementProblem(body.unit, body.room);
    if (problem) throw badRequest(`cannot enroll: ${problem}`);

    const presented = bearer(c.req.header('authorization'));
    const claimed = presented ? deps.store.getHost(presented.slice(0, Math.max(0, presented.indexOf('.'))).toLowerCase()) : undefined;
    if (presented && claimed && !claimed.retired) {
      if (!agentForKey(deps.store, presented)) {
        throw unauthorized(`the agent key presented does not belong to host ${claimed.agentId}; enroll without a key to register this machine as a new host`);
      }
      const { agentKey, keyHash } = newAgentKey(claimed.agentId);
      await deps.store.rekeyHost(claimed.agentId, { keyHash, unit: body.unit, room: body.room, hostname: body.hostname, deviceKind: body.deviceKind, at: deps.now().toISOString() });
      console.error(`collector: host ${claimed.agentId} (${body.hostname}) re-enrolled from ${address} with its own key: new key issued, old key revoked`);
      return c.json({ agentId: claimed.agentId, agentKey, status: 're-enrolled' } satisfies EnrollResponse, 200);
    }

    assertAllowed(deps.limits.enrollments.take(address), 'too many enrollments from this address');
    const { agentId, agentKey, keyHash } = newAgentKey();
    await deps.store.createAgent({
      agentId,
      keyHash,
      unit: body.unit,
      room: body.room,
      hostname: body.hostname,
      deviceKind: body.deviceKind,
      enrolledAt: deps.now().toISOString(),
    });
    return c.json({ agentId, agentKey, status: 'enrolled' } satisfies EnrollResponse, 201);
  });
