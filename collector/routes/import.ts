/**
 * `POST /api/v1/import` (admin): stores a report written by `readiness agent run --output`,
 * e.g. from a device scanned before it joins the network. Same validation as the ingest; an
 * agent the collector has never seen is registered in the unit and room given.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { HostReport, RoomId, UnitId } from '../../schema/index.js';
import type { ReportAck } from '../../schema/index.js';
import { hashSecret, requireAdmin } from '../auth.js';
import { badRequest, parseOr400 } from '../errors.js';
import { reportBodyLimit } from '../body-limit.js';
import type { AppDeps } from '../deps.js';
import { ingestOptions } from '../ingest-options.js';

export const ImportRequest = z
  .object({
    report: HostReport,
    unit: UnitId.optional(),
    room: RoomId.nullable().optional(),
  })
  .strict();

export const importRoutes = (deps: AppDeps) =>
  new Hono().post('/import', reportBodyLimit(deps.config.maxReportBytes, 1024), requireAdmin(deps.adminToken), async (c) => {
    const body = parseOr400(ImportRequest, await c.req.json().catch(() => undefined), 'import request');
    const { report } = body;
    if (!deps.store.getHost(report.agentId)) {
      if (!body.unit) {
        throw badRequest(`agent ${report.agentId} is not enrolled here; say which unit it belongs to (--unit)`);
      }
      const problem = deps.org.placementProblem(body.unit, body.room ?? null);
      if (problem) throw badRequest(`cannot import: ${problem}`);
      // An imported-only host has no usable key: it cannot send reports until it enrolls.
      await deps.store.createAgent({
        agentId: report.agentId,
        keyHash: hashSecret(randomBytes(32).toString('hex')),
        unit: body.unit,
        room: body.room ?? null,
        hostname: report.os?.hostname || report.agentId,
        deviceKind: 'workstation',
        enrolledAt: deps.now().toISOString(),
      });
    }
    const status = await deps.store.addReport(report, deps.now(), ingestOptions(deps.org, report));
    return c.json({ reportId: report.reportId, status } satisfies ReportAck, status === 'stored' ? 201 : 200);
  });
