/**
 * `POST /api/v1/enroll`: an enroll secret in, an agent id and key out. A per-unit secret
 * (`readiness enroll-secret create`) places the agent in its unit (and room, if it names one)
 * whatever the agent asks, and counts one use; the global secret, unless the config turns it
 * off, places the agent where it asks. Every enrollment is audited.
 */
import { Hono } from 'hono';
import { EnrollRequest } from '../../schema/index.js';
import type { EnrollResponse } from '../../schema/index.js';
import { newAgentKey, safeEqual } from '../auth.js';
import { peerAddress, publicRoute } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { badRequest, parseOr400, unauthorized } from '../errors.js';
import type { AppDeps } from '../deps.js';

export const enrollRoutes = (deps: AppDeps) =>
  new Hono().post('/enroll', limitBody(SMALL_BODY_BYTES, 'an enrollment request'), publicRoute('the enroll secret in the body is the credential'), async (c) => {
    const body = parseOr400(EnrollRequest, await c.req.json().catch(() => undefined), 'enrollment request');
    const spent = await deps.access.store.spendEnrollSecret(body.secret);
    let unit: string;
    let room: string | null;
    let via: string;
    if (spent) {
      if (!spent.ok) throw unauthorized(spent.reason);
      unit = spent.record.unit;
      // The secret's room, else the room asked for if this unit has it, else none.
      room = spent.record.room ?? (body.room !== null && deps.org.placementProblem(unit, body.room) === null ? body.room : null);
      via = `enroll secret ${spent.record.id}`;
    } else {
      if (!deps.config.globalEnrollSecret || !safeEqual(body.secret, deps.enrollSecret)) {
        throw unauthorized(
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
    const { agentId, agentKey, keyHash } = newAgentKey();
    await deps.store.createAgent({ agentId, keyHash, unit, room, hostname: body.hostname, deviceKind: body.deviceKind, enrolledAt: deps.now().toISOString() });
    await deps.access.store.record({
      actor: { kind: 'agent', name: agentId, role: null, via },
      address: peerAddress(c),
      action: 'host.enroll',
      target: agentId,
      details: { hostname: body.hostname, unit, room, ...(body.unit && body.unit !== unit ? { asked: { unit: body.unit, room: body.room } } : {}) },
    });
    return c.json({ agentId, agentKey, unit, room } satisfies EnrollResponse, 201);
  });
