/**
 * The probes collector: the unit's targets plus the default gateway, all at once, each result
 * marked LAN or WAN. Runs against loopback services only.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../agent/collectors/index.js';
import { createProbesCollector, probesCollector } from '../../agent/collectors/probes.js';
import { findDefaultGateway, gatewayProbeDisabled } from '../../agent/probes/gateway.js';
import { PROBES } from '../../agent/probes/index.js';
import { defineProbe } from '../../agent/probes/types.js';
import { AgentConfig, ProbesSection } from '../../schema/index.js';
import type { ProbeRole } from '../../schema/index.js';

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((s) => s.destroy());
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((ok) => server.close(ok)));

const now = new Date('2025-12-05T08:00:00Z');
const context = (config: AgentConfig | null) => ({ now, config, replayDir: null });

/** count × interval: 6 attempts at 100 ms take about 500 ms each. */
const slowTcp = (role: ProbeRole, scope: 'lan' | 'wan') =>
  ({ kind: 'tcp', scope, role, target: '127.0.0.1', port: 0, count: 6, intervalMs: 100, timeoutMs: 500 }) as const;

describe('probes collector', () => {
  it('is registered once in the collectors list', () => {
    expect(COLLECTORS.filter((c) => c.section === 'probes')).toEqual([probesCollector]);
  });

  it('probes every target at once: the phase lasts about as long as the slowest probe, not the sum', async () => {
    const roles: ProbeRole[] = ['lan_server', 'wan_endpoint', 'lan_server', 'wan_endpoint', 'lan_server', 'wan_dns'];
    const targets = roles.map((role, i) => ({
      ...slowTcp(role, i % 2 ? 'wan' : 'lan'),
      port,
    }));
    const config = AgentConfig.parse({ intervalSeconds: 3600, targets });
    const collector = createProbesCollector({ findGateway: async () => ({ status: 'disabled' }), probes: PROBES });
    const started = performance.now();
    const section = ProbesSection.parse(await collector.collect(context(config)));
    const wall = performance.now() - started;
    expect(section.results).toHaveLength(6);
    expect(section.results.every((r) => r.received === 6)).toBe(true);
    // One probe takes about 500 ms; six one after another would take about 3 s.
    expect(wall).toBeGreaterThan(450);
    expect(wall).toBeLessThan(1500);
  });

  it('adds the default gateway (LAN, role gateway) before the unit\'s targets, each result marked LAN or WAN', async () => {
    const config = AgentConfig.parse({
      intervalSeconds: 3600,
      probeCount: 2,
      targets: [
        { kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '127.0.0.1', port, intervalMs: 10 },
        { kind: 'tcp', scope: 'lan', role: 'lan_server', target: '127.0.0.1', port, intervalMs: 10 },
      ],
    });
    const seen: string[] = [];
    const icmp = defineProbe({
      kind: 'icmp',
      run: async (r) => {
        seen.push(`${r.target} x${r.count}`);
        return { kind: 'icmp', scope: r.scope, role: r.role, target: r.target, startedAt: now.toISOString(), sent: r.count, received: r.count, lossPct: 0, rtt: { minMs: 1, medianMs: 1, p95Ms: 1, maxMs: 1 }, jitterMs: 0, error: null, detail: {} };
      },
    });
    const collector = createProbesCollector({ findGateway: async () => ({ status: 'found', address: '127.0.0.1' }), probes: { ...PROBES, icmp } });
    const { results } = ProbesSection.parse(await collector.collect(context(config)));
    expect(results.map((r) => [r.role, r.scope, r.kind])).toEqual([
      ['gateway', 'lan', 'icmp'],
      ['wan_endpoint', 'wan', 'tcp'],
      ['lan_server', 'lan', 'tcp'],
    ]);
    expect(seen).toEqual(['127.0.0.1 x2']);
  });

  it('offline (no config) probes only the default gateway', async () => {
    const targets: string[] = [];
    const tcp = defineProbe({ kind: 'tcp', run: async () => { throw new Error('no tcp probe expected offline'); } });
    const icmp = defineProbe({
      kind: 'icmp',
      run: async (r) => {
        targets.push(r.target);
        return { kind: 'icmp', scope: r.scope, role: r.role, target: r.target, startedAt: now.toISOString(), sent: r.count, received: 0, lossPct: 100, rtt: null, jitterMs: null, error: 'no reply', detail: {} };
      },
    });
    const collector = createProbesCollector({ findGateway: async () => ({ status: 'found', address: '127.0.0.1' }), probes: { ...PROBES, icmp, tcp } });
    const { results } = ProbesSection.parse(await collector.collect(context(null)));
    expect(targets).toEqual(['127.0.0.1']);
    expect(results).toHaveLength(1);
  });

  it('reports a machine without a default gateway as a LAN gateway failure', async () => {
    const collector = createProbesCollector({ findGateway: async () => ({ status: 'none' }), probes: PROBES });
    const { results } = ProbesSection.parse(await collector.collect(context(null)));
    expect(results).toEqual([
      expect.objectContaining({ role: 'gateway', scope: 'lan', sent: 0, lossPct: 100, rtt: null, error: expect.stringContaining('no default gateway') }),
    ]);
  });

  it('turns a probe that throws despite its contract into a result with the reason', async () => {
    const tcp = defineProbe({ kind: 'tcp', run: async () => { throw new Error('socket table full'); } });
    const config = AgentConfig.parse({ intervalSeconds: 3600, targets: [{ kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '127.0.0.1', port }] });
    const collector = createProbesCollector({ findGateway: async () => ({ status: 'disabled' }), probes: { ...PROBES, tcp } });
    const { results } = ProbesSection.parse(await collector.collect(context(config)));
    expect(results[0]).toMatchObject({ role: 'wan_endpoint', received: 0, lossPct: 100, error: 'the tcp probe failed before sending: socket table full' });
  });
});

describe('default gateway lookup', () => {
  it.each([
    ['off', true],
    ['OFF', true],
    ['0', true],
    ['false', true],
    ['', false],
    ['on', false],
  ])('READINESS_PROBE_GATEWAY=%j turns the gateway probe off: %s', (value, off) => {
    expect(gatewayProbeDisabled({ READINESS_PROBE_GATEWAY: value })).toBe(off);
  });

  it('is off in this test run, so no test pings this machine\'s real router', async () => {
    expect(await findDefaultGateway()).toEqual({ status: 'disabled' });
  });
});
