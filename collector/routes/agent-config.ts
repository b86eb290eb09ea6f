/** `GET /api/v1/agent/config`: the calling agent's interval, probe targets, KMS allow-list and expected agent version. */
import { Hono } from 'hono';
import type { AgentConfig } from '../../schema/index.js';
import { requireAgent } from '../auth.js';
import type { AgentVariables } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { expectedAgentVersion } from '../config.js';

export const agentConfigRoutes = (deps: AppDeps) =>
  new Hono<{ Variables: AgentVariables }>().get('/agent/config', requireAgent(deps), (c) => {
    const config: AgentConfig = {
      intervalSeconds: deps.config.agent.intervalSeconds,
      probeCount: deps.config.agent.probeCount,
      probeIntervalSeconds: deps.config.agent.probeIntervalSeconds,
      targets: deps.targetsForUnit(c.get('agent').unit, c.get('agent').room),
      kmsAllowList: deps.config.licensing.kmsAllowList,
      expectedAgentVersion: expectedAgentVersion(deps.config),
    };
    return c.json(config);
  });
