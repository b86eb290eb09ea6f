/** `GET /api/v1/agent/config`: the calling agent's unit's probe targets and the report interval. */
import { describe, expect, it } from 'vitest';
import { CollectorConfig } from '../../collector/config.js';
import { AgentConfig } from '../../schema/index.js';
import type { ProbeTarget } from '../../schema/index.js';
import { makeTestApp } from '../helpers/test-app.js';

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
    expect(body).toEqual({ intervalSeconds: 900, probeCount: 20, probeIntervalSeconds: 300, targets, kmsAllowList: [] });
  });

  it('refuses a caller without an agent key', async () => {
    const res = await t.get('/agent/config');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('Authorization: Bearer');
  });
});
