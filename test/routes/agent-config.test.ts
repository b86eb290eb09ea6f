/** `GET /api/v1/agent/config`: the calling agent's unit's probe targets and the report interval. */
import { describe, expect, it } from 'vitest';
import { CollectorConfig, parseCollectorConfig } from '../../collector/config.js';
import { outdatedBy } from '../../agent/run.js';
import { AgentConfig } from '../../schema/index.js';
import type { ProbeTarget } from '../../schema/index.js';
import { makeTestApp } from '../helpers/test-app.js';
import { AGENT_VERSION } from '../../agent/version.js';

const plans: Record<string, ProbeTarget[]> = {
  'hp-vanphong': [
    { kind: 'icmp', scope: 'lan', role: 'gateway', target: '10.20.1.1' },
    { kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '172.16.0.10', port: 443 },
    { kind: 'dns', scope: 'wan', role: 'wan_dns', target: 'qlahs.vks.test', server: '172.16.0.53' },
  ],
  'hp-khuvuc-1': [{ kind: 'icmp', scope: 'lan', role: 'gateway', target: '10.30.1.1' }],
};

const t = makeTestApp({
  targetsForUnit: (unit) => plans[unit] ?? [],
  config: CollectorConfig.parse({ agent: { intervalSeconds: 900, probeCount: 20 } }),
});

describe('GET /agent/config', () => {
  it.each([
    ['hp-vanphong', plans['hp-vanphong']!],
    ['hp-khuvuc-1', plans['hp-khuvuc-1']!],
    ['hp-phong-15', []],
  ])('answers an agent of %s with its own unit\'s targets', async (unit, targets) => {
    const { agentKey } = await t.enroll(unit, null);
    const res = await t.get('/agent/config', agentKey);
    expect(res.status).toBe(200);
    const body = AgentConfig.parse(await res.json());
    expect(body).toEqual({ intervalSeconds: 900, probeCount: 20, probeIntervalSeconds: 300, targets, kmsAllowList: [], expectedAgentVersion: AGENT_VERSION });
  });

  it('refuses a caller without an agent key', async () => {
    const res = await t.get('/agent/config');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('Authorization: Bearer');
  });
});

describe('the expected agent version', () => {
  it('is the collector\'s config value when set, and a version that is no version stops start-up', async () => {
    const pinned = makeTestApp({ config: CollectorConfig.parse({ agent: { expectedVersion: '0.2.0' } }) });
    const { agentKey } = await pinned.enroll('hp-vanphong', null);
    const body = AgentConfig.parse(await (await pinned.get('/agent/config', agentKey)).json());
    expect(body.expectedAgentVersion).toBe('0.2.0');
    expect(() => parseCollectorConfig('agent:\n  expectedVersion: latest\n', 'collector.yaml')).toThrow(
      'collector.yaml is not a valid collector config: field "agent.expectedVersion" must be a version number such as "0.2.0"',
    );
  });

  it('makes an older agent say so in its log, and a current one say nothing', () => {
    const config = AgentConfig.parse({ intervalSeconds: 60, targets: [], expectedAgentVersion: '0.2.0' });
    expect(outdatedBy(config, '0.1.0')).toBe('this agent is version 0.1.0 and the collector expects 0.2.0; install the new agent (docs/deploy.md, "Upgrading the agent")');
    expect(outdatedBy(config, '0.2.0')).toBeNull();
    expect(outdatedBy(AgentConfig.parse({ intervalSeconds: 60, targets: [] }), '0.1.0')).toBeNull();
  });
});
