/**
 * `POST /api/v1/reports`: the agents' ingest. Size-limited, rate-limited per agent, validated
 * with zod, bound to the key's agent, idempotent by `reportId`, and answered only once the
 * report is on disk. The agent's clock is read from the request (collector/clock.ts).
 */
import { Hono } from 'hono';
import { HostReport } from '../../schema/index.js';
import type { ReportAck } from '../../schema/index.js';
import { requireAgent } from '../auth.js';
import type { AgentVariables } from '../auth.js';
import { badRequest, forbidden, parseOr400 } from '../errors.js';
import { reportBodyLimit } from '../body-limit.js';
import { assertAllowed } from '../rate-limit.js';
import { clockSkewSeconds } from '../clock.js';
import type { AppDeps } from '../deps.js';
import { ingestOptions } from '../ingest-options.js';

export const reportRoutes = (deps: AppDeps) =>
  new Hono<{ Variables: AgentVariables }>().post(
    '/reports',
    deps.metrics.ingest,
    reportBodyLimit(deps.config.maxReportBytes),
    requireAgent(deps),
    async (c) => {
      // Read before the body: a slow upload must not look like a slow clock.
      const receivedAt = deps.now();
      const agent = c.get('agent');
      assertAllowed(deps.limits.reports.take(agent.agentId), `agent ${agent.agentId} sends reports too fast`);
      const clockSkew = clockSkewSeconds(c, receivedAt);
      const raw: unknown = await c.req.json().catch(() => {
        throw badRequest('the body is not valid JSON; nothing was stored');
      });
      const report = parseOr400(HostReport, raw, 'report');
      if (report.agentId !== agent.agentId) {
        throw forbidden(`this key belongs to agent ${agent.agentId}; an agent may only send its own reports`);
      }
      // A probe-only report feeds the LAN/WAN status and its series; the host keeps its full report.
      const status = report.probeOnly
        ? await deps.availability.tracker.record(agent.agentId, agent.unit, report, receivedAt)
        : await deps.store.addReport(report, receivedAt, { ...ingestOptions(deps.org, report), clockSkewSeconds: clockSkew });
      return c.json({ reportId: report.reportId, status } satisfies ReportAck, status === 'stored' ? 201 : 200);
    },
  );
