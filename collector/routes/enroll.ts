/** `POST /api/v1/enroll`: enroll secret in, agent id and key out. */
import { Hono } from 'hono';
import { EnrollRequest } from '../../schema/index.js';
import type { EnrollResponse } from '../../schema/index.js';
import { newAgentKey, safeEqual } from '../auth.js';
import { badRequest, parseOr400, unauthorized } from '../errors.js';
import type { AppDeps } from '../deps.js';

export const enrollRoutes = (deps: AppDeps) =>
  new Hono().post('/enroll', async (c) => {
    const body = parseOr400(EnrollRequest, await c.req.json().catch(() => undefined), 'enrollment request');
    if (!safeEqual(body.secret, deps.enrollSecret)) {
      throw unauthorized('the enroll secret is wrong; ask the collector operator for the current one');
    }
    // Checked after the secret, so the org's structure is shown only to those allowed to enroll.
    const problem = deps.org.placementProblem(body.unit, body.room);
    if (problem) throw badRequest(`cannot enroll: ${problem}`);
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
    return c.json({ agentId, agentKey } satisfies EnrollResponse, 201);
  });
