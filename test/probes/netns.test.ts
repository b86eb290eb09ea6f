/**
 * Probes on a real network made of namespaces (test/helpers/netns.ts): a workstation, its
 * gateway router, a LAN server in another room, and a data centre across a WAN link with
 * HTTP, TCP and DNS. Each scenario runs the agent's probes collector inside the workstation.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentConfig, ProbeResult } from '../../schema/index.js';
import { ProbesSection } from '../../schema/index.js';
import { ROOT } from '../helpers/cli.js';
import { LAB, buildLab } from '../helpers/netns.js';
import type { Lab } from '../helpers/netns.js';
import { systemRequirement } from '../helpers/system.js';

const execFileAsync = promisify(execFile);
const req = systemRequirement({
  commands: ['ip', 'nft', 'ping', 'dnsmasq'],
  root: true,
  install: 'apt-get install iproute2 nftables iputils-ping dnsmasq-base, and run as root',
});

const fast = { count: 10, intervalMs: 20, timeoutMs: 500 };
const unitPlan: AgentConfig = {
  intervalSeconds: 3600,
  // The gateway probe takes this count at the default 200 ms interval.
  probeCount: 5,
  probeIntervalSeconds: 0,
  kmsAllowList: [],
  targets: [
    { kind: 'icmp', scope: 'lan', role: 'lan_server', target: LAB.lanServer, ...fast },
    { kind: 'tcp', scope: 'lan', role: 'lan_server', target: LAB.lanServer, port: 445, ...fast },
    { kind: 'icmp', scope: 'wan', role: 'wan_endpoint', target: LAB.dataCentre, ...fast },
    { kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: LAB.dataCentre, port: 443, ...fast },
    { kind: 'http', scope: 'wan', role: 'wan_endpoint', target: `http://${LAB.dataCentre}/`, ...fast },
    { kind: 'dns', scope: 'wan', role: 'wan_dns', target: LAB.dnsName, server: LAB.dataCentre, ...fast },
  ],
};

let lab: Lab;

async function probeFromWorkstation(config: AgentConfig): Promise<{ results: ProbeResult[] }> {
  const { stdout } = await execFileAsync(
    'ip',
    ['netns', 'exec', lab.ns.ws, process.execPath, '--import', 'tsx', 'test/helpers/probe-in-netns.ts', JSON.stringify(config)],
    // Inside the lab the gateway is the lab's router: probing it is the point.
    { cwd: ROOT, env: { ...process.env, READINESS_PROBE_GATEWAY: 'on' } },
  );
  return { results: ProbesSection.parse(JSON.parse(stdout)).results };
}

/** One line per result: role, kind, scope, whether anything came back. */
const summary = (results: ProbeResult[]) =>
  results.map((r) => `${r.scope} ${r.role} ${r.kind} ${r.received > 0 && r.error === null ? 'ok' : 'FAIL'}`);

describe.skipIf(!req.ok)('probes across a real (namespaced) LAN and WAN', () => {
  beforeAll(async () => {
    lab = await buildLab();
  });
  afterAll(async () => {
    await lab?.teardown();
  });
  // Each scenario starts from a healthy network.
  afterEach(async () => lab?.heal());

  it('everything up: the gateway, the LAN server and every WAN service answer', async () => {
    const { results } = await probeFromWorkstation(unitPlan);
    expect(summary(results)).toEqual([
      'lan gateway icmp ok',
      'lan lan_server icmp ok',
      'lan lan_server tcp ok',
      'wan wan_endpoint icmp ok',
      'wan wan_endpoint tcp ok',
      'wan wan_endpoint http ok',
      'wan wan_dns dns ok',
    ]);
    expect(results[0]).toMatchObject({ target: LAB.gateway, sent: 5, received: 5, lossPct: 0 });
    expect(results.find((r) => r.kind === 'http')?.detail).toMatchObject({ status: 200 });
    expect(results.find((r) => r.kind === 'dns')?.detail).toMatchObject({ answers: [LAB.dataCentre] });
    for (const r of results) {
      expect(r.rtt).not.toBeNull();
      expect(r.jitterMs).not.toBeNull();
    }
  });

  it('LAN server down: only the LAN server fails; gateway and WAN still pass', async () => {
    await lab.exec(lab.ns.lansrv, 'ip', ['link', 'set', 'eth0', 'down']);
    const { results } = await probeFromWorkstation(unitPlan);
    expect(summary(results)).toEqual([
      'lan gateway icmp ok',
      'lan lan_server icmp FAIL',
      'lan lan_server tcp FAIL',
      'wan wan_endpoint icmp ok',
      'wan wan_endpoint tcp ok',
      'wan wan_endpoint http ok',
      'wan wan_dns dns ok',
    ]);
    const lan = results.filter((r) => r.role === 'lan_server');
    for (const r of lan) expect(r).toMatchObject({ received: 0, lossPct: 100, rtt: null, jitterMs: null });
    expect(lan[0]!.error).toBe(`no reply to any of 10 echo requests to ${LAB.lanServer}`);
  });

  it('WAN link down: the gateway answers (LAN pass) and every WAN target fails (WAN fail)', async () => {
    await lab.exec(lab.ns.router, 'ip', ['link', 'set', 'wan0', 'down']);
    const { results } = await probeFromWorkstation(unitPlan);
    expect(summary(results)).toEqual([
      'lan gateway icmp ok',
      'lan lan_server icmp ok',
      'lan lan_server tcp ok',
      'wan wan_endpoint icmp FAIL',
      'wan wan_endpoint tcp FAIL',
      'wan wan_endpoint http FAIL',
      'wan wan_dns dns FAIL',
    ]);
    for (const r of results.filter((x) => x.scope === 'wan')) {
      expect(r).toMatchObject({ received: 0, lossPct: 100, rtt: null });
      expect(r.error).toMatch(/\S/);
    }
    // The router answers "unreachable" for the data centre's network: the ICMP probe says where the path ends.
    const wanPing = results.find((r) => r.kind === 'icmp' && r.scope === 'wan');
    expect(wanPing?.error).toBe(`no reply to any of 10 echo requests to ${LAB.dataCentre} (${LAB.gateway} answered: Destination Net Unreachable)`);
    expect(wanPing?.detail).toMatchObject({ icmpError: `${LAB.gateway}: Destination Net Unreachable` });
  });

  it('WAN with 20% random loss: the measured loss is near 20%, the LAN is clean', async () => {
    await lab.exec(
      lab.ns.router,
      'nft',
      ['-f', '-'],
      ['table inet wanloss {', '  chain forward {', '    type filter hook forward priority 0;', '    oifname "wan0" numgen random mod 100 < 20 drop', '  }', '}', ''].join('\n'),
    );
    const config: AgentConfig = {
      ...unitPlan,
      targets: [
        { kind: 'icmp', scope: 'lan', role: 'lan_server', target: LAB.lanServer, count: 200, intervalMs: 10, timeoutMs: 500 },
        { kind: 'icmp', scope: 'wan', role: 'wan_endpoint', target: LAB.dataCentre, count: 200, intervalMs: 10, timeoutMs: 500 },
      ],
    };
    const { results } = await probeFromWorkstation(config);
    const [gateway, lan, wan] = results;
    expect(gateway).toMatchObject({ role: 'gateway', sent: 5, lossPct: 0 });
    expect(lan).toMatchObject({ sent: 200, lossPct: 0 });
    expect(wan).toMatchObject({ sent: 200, error: null });
    // Binomial(200, 0.2): mean 20%, sd 2.8 points; 8–35% is over four sd either way.
    expect(wan!.lossPct).toBeGreaterThanOrEqual(8);
    expect(wan!.lossPct).toBeLessThanOrEqual(35);
    expect(wan!.received).toBe(200 - Math.round((wan!.lossPct / 100) * 200));
  });
});
