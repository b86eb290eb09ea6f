/**
 * `POST /api/v1/reports`: the agents' ingest. Size-limited, validated with zod, bound to the
 * key's agent, idempotent by `reportId`, and answered only once the report is on disk.
 */
import { Hono } from 'hono';
import { HostReport } from '../../schema/index.js';
import type { ReportAck } from '../../schema/index.js';
import { requireAgent } from '../auth.js';
import type { AgentVariables } from '../auth.js';
import { badRequest, forbidden, parseOr400 } from '../errors.js';
import { reportBodyLimit } from '../body-limit.js';
import type { AppDeps } from '../deps.js';
import { ingestOptions } from '../ingest-options.js';

export const reportRoutes = (deps: AppDeps) =>
  new Hono<{ Variables: AgentVariables }>().post(
    '/reports',
    deps.metrics.ingest,
    reportBodyLimit(deps.config.maxReportBytes),
    requireAgent(deps.store),
    async (c) => {
      const raw: unknown = await c.req.json().catch(() => {
        throw badRequest('the body is not valid JSON; nothing was stored');
      });
      const report = parseOr400(HostReport, raw, 'report');
      const agent = c.get('agent');
      if (report.agentId !== agent.agentId) {
        throw forbidden(`this key belongs to agent ${agent.agentId}; an agent may only send its own reports`);
      }
      const status = await deps.store.addReport(report, deps.now(), ingestOptions(deps.org, report));
      return c.json({ reportId: report.reportId, status } satisfies ReportAck, status === 'stored' ? 201 : 200);
    },
  );
