/**
 * `POST /api/v1/import`: stores a report written by `readiness agent run --output`, e.g. from a
 * device scanned before it joins the network. Same validation as the ingest; an agent the
 * collector has never seen is registered in the unit and room given, as the device kind given
 * (a workstation unless told), as enrollment does. An admin imports for any unit, a unit manager
 * for its own; the host carries who imported it (a manager's import is marked self-certified in
 * its unit's counts and documents), and the import is audited. Its licences are judged by the
 * collector like any report's (rules/facts/licensing.ts): the report's own verdict is a hint.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { HostKind, HostReport, RoomId, UnitId } from '../../schema/index.js';
import type { ImportOrigin, ReportAck } from '../../schema/index.js';
import { hashSecret } from '../auth.js';
import { assertUnitInScope, authorize, changeBy, principalOf } from '../access/authorize.js';
import { ApiError, badRequest, parseOr400 } from '../errors.js';
import { reportBodyLimit } from '../body-limit.js';
import type { AppDeps } from '../deps.js';
import { ingestOptions } from '../ingest-options.js';

export const ImportRequest = z
  .object({
    report: HostReport,
    unit: UnitId.optional(),
    room: RoomId.nullable().optional(),
    /** Only for a host the collector has never seen, like unit and room. */
    deviceKind: HostKind.optional(),
  })
  .strict();

export const importRoutes = (deps: AppDeps) =>
  new Hono().post('/import', reportBodyLimit(deps.config.maxReportBytes, 1024), authorize('import'), async (c) => {
    const body = parseOr400(ImportRequest, await c.req.json().catch(() => undefined), 'import request');
    const { report } = body;
    const known = deps.store.getHost(report.agentId);
    if (known) {
      assertUnitInScope(c, known.unit, `agent ${report.agentId}`);
      if (known.retired) {
        throw new ApiError(409, 'retired', `host ${report.agentId} was retired on ${known.retired.at} (${known.retired.reason}); it takes no more reports`);
      }
    } else {
      if (!body.unit) {
        throw badRequest(`agent ${report.agentId} is not enrolled here; say which unit it belongs to (--unit)`);
      }
      assertUnitInScope(c, body.unit);
      const problem = deps.org.placementProblem(body.unit, body.room ?? null);
      if (problem) throw badRequest(`cannot import: ${problem}`);
      // An imported-only host has no usable key: it cannot send reports until it enrolls.
      await deps.store.createAgent({
        agentId: report.agentId,
        keyHash: hashSecret(randomBytes(32).toString('hex')),
        unit: body.unit,
        room: body.room ?? null,
        hostname: report.os?.hostname || report.agentId,
        deviceKind: body.deviceKind ?? 'workstation',
        enrolledAt: deps.now().toISOString(),
      });
    }
    const by = changeBy(c);
    const origin: ImportOrigin = { kind: 'import', by: by.actor.name, role: by.actor.role, at: deps.now().toISOString(), selfCertified: principalOf(c).grant.role === 'unit_manager' };
    const status = await deps.store.addReport(report, deps.now(), { ...ingestOptions(deps.org, report), origin });
    if (status === 'stored') {
      const host = deps.store.getHost(report.agentId)!;
      await deps.access.store.record({ ...by, action: 'host.import', target: report.agentId, details: { reportId: report.reportId, unit: host.unit, room: host.room, newHost: !known, selfCertified: origin.selfCertified } });
    }
    return c.json({ reportId: report.reportId, status } satisfies ReportAck, status === 'stored' ? 201 : 200);
  });
