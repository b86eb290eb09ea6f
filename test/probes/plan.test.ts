/** Which probes a run sends: the unit's targets plus the default gateway, nothing else. */
import { describe, expect, it } from 'vitest';
import { planProbes } from '../../agent/probes/plan.js';
import { AgentConfig } from '../../schema/index.js';

const config = AgentConfig.parse({
  intervalSeconds: 3600,
  probeCount: 5,
  targets: [
    { kind: 'icmp', scope: 'lan', role: 'lan_server', target: '10.20.2.10' },
    { kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '172.16.0.10', port: 443, count: 3, intervalMs: 50, timeoutMs: 500 },
    { kind: 'dns', scope: 'wan', role: 'wan_dns', target: 'qlahs.vks.test', server: '172.16.0.53' },
  ],
});

describe('planProbes', () => {
  it('probes only the default gateway when there is no config (offline, --output)', () => {
    expect(planProbes(null, '10.20.1.1')).toEqual([
      { kind: 'icmp', scope: 'lan', role: 'gateway', target: '10.20.1.1', count: 10, intervalMs: 200, timeoutMs: 2000 },
    ]);
  });

  it('probes nothing at all without config and without a gateway', () => {
    expect(planProbes(null, null)).toEqual([]);
  });

  it('puts the gateway first, then the unit\'s targets with their own or the config\'s settings', () => {
    const plan = planProbes(config, '10.20.1.1');
    expect(plan.map((p) => [p.role, p.kind, p.target, p.count, p.intervalMs, p.timeoutMs])).toEqual([
      ['gateway', 'icmp', '10.20.1.1', 5, 200, 2000],
      ['lan_server', 'icmp', '10.20.2.10', 5, 200, 2000],
      ['wan_endpoint', 'tcp', '172.16.0.10', 3, 50, 500],
      ['wan_dns', 'dns', 'qlahs.vks.test', 5, 200, 2000],
    ]);
    expect(plan[2]).toMatchObject({ scope: 'wan', port: 443 });
    expect(plan[3]).toMatchObject({ scope: 'wan', server: '172.16.0.53' });
  });

  it('does not ping the gateway twice when the unit\'s plan already pings it', () => {
    const withGateway = AgentConfig.parse({
      ...config,
      targets: [{ kind: 'icmp', scope: 'lan', role: 'gateway', target: '10.20.1.1' }, ...config.targets],
    });
    const plan = planProbes(withGateway, '10.20.1.1');
    expect(plan.filter((p) => p.target === '10.20.1.1').map((p) => p.role)).toEqual(['gateway']);
    expect(plan).toHaveLength(4);
  });
});
