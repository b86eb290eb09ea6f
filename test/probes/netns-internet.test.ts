/**
 * No path to the Internet, on a real network made of namespaces: the lab of the probe tests
 * (workstation, WAN router, data centre) plus an "Internet" namespace reached through a second
 * interface of the workstation, with a must-not-answer target behind it. With the second path
 * `no-internet-path` fails with the route as evidence and the target answers; without it the
 * rule passes. Nothing leaves the namespaces: the "Internet" is one of them.
 */
import { englishEvidence } from '../helpers/evidence-text.js';
import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../collector/org-file.js';
import { evaluateHost } from '../../rules/evaluate-host.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { buildOrgModel, placeOf } from '../../rules/org-model.js';
import type { AgentConfig, ConnectivitySection, ProbesSection } from '../../schema/index.js';
import { ROOT } from '../helpers/cli.js';
import { LAB, buildLab } from '../helpers/netns.js';
import type { Lab } from '../helpers/netns.js';
import { makeReport } from '../helpers/report-fixture.js';
import { systemRequirement } from '../helpers/system.js';

const run = promisify(execFile);
const req = systemRequirement({
  commands: ['ip', 'nft', 'ping', 'dnsmasq'],
  root: true,
  install: 'apt-get install iproute2 nftables iputils-ping dnsmasq-base, and run as root',
});

/** Documentation addresses (RFC 5737), here only inside the lab. */
const INTERNET = { router: '198.51.100.1', workstation: '198.51.100.20', target: '203.0.113.10' } as const;
const fast = { count: 3, intervalMs: 20, timeoutMs: 500 };
const config: AgentConfig = {
  intervalSeconds: 3600,
  probeCount: 3,
  probeIntervalSeconds: 0,
  kmsAllowList: [],
  targets: [
    { kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: LAB.dataCentre, port: 443, ...fast },
    { kind: 'tcp', scope: 'internet', role: 'must_not_answer', target: INTERNET.target, port: 443, ...fast },
  ],
};

let lab: Lab;
let inet: string;
let service: ChildProcess | null = null;

async function gather(): Promise<{ connectivity: ConnectivitySection; probes: ProbesSection }> {
  const { stdout } = await run('ip', ['netns', 'exec', lab.ns.ws, process.execPath, '--import', 'tsx', 'test/helpers/wan-paths-in-netns.ts', JSON.stringify(config)], {
    cwd: ROOT,
    env: { ...process.env, READINESS_PROBE_GATEWAY: 'off' },
  });
  return JSON.parse(stdout) as { connectivity: ConnectivitySection; probes: ProbesSection };
}

async function judgeNoInternetPath(sections: { connectivity: ConnectivitySection; probes: ProbesSection }) {
  const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  const org = buildOrgModel(await loadOrgFile('examples/org.haiphong.yaml'), []);
  const now = new Date();
  const agentId = '44444444-4444-4444-8444-444444444444';
  const report = makeReport(agentId, { collectedAt: now.toISOString(), ...sections });
  const host = evaluateHost(rules, { agentId, hostname: 'P1-PC09', unitId: 'hp', roomId: 'phong-1', deviceKind: 'workstation', lastSeen: now.toISOString(), report }, placeOf(org, 'hp', 'phong-1', 'workstation'), now);
  return host.results.find((r) => r.ruleId === 'no-internet-path')!;
}

describe.skipIf(!req.ok)('no path to the Internet, across real namespaces', () => {
  beforeAll(async () => {
    lab = await buildLab();
    inet = `${lab.ns.ws.replace(/-ws$/, '')}-inet`;
    await run('ip', ['netns', 'add', inet]);
    await run('ip', ['-n', inet, 'link', 'set', 'lo', 'up']);
    // The second interface is created inside the namespaces: no name ever exists on the host.
    await run('ip', ['link', 'add', 'eth1', 'netns', lab.ns.ws, 'type', 'veth', 'peer', 'name', 'up0', 'netns', inet]);
    await run('ip', ['-n', inet, 'addr', 'add', `${INTERNET.router}/24`, 'dev', 'up0']);
    await run('ip', ['-n', inet, 'addr', 'add', `${INTERNET.target}/32`, 'dev', 'lo']);
    await run('ip', ['-n', inet, 'link', 'set', 'up0', 'up']);
    await run('ip', ['-n', lab.ns.ws, 'addr', 'add', `${INTERNET.workstation}/24`, 'dev', 'eth1']);
    const script = `require('node:net').createServer((s) => s.end()).listen(443, '${INTERNET.target}', () => console.log('listening'));`;
    service = spawn('ip', ['netns', 'exec', inet, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      service!.stdout!.once('data', () => resolve());
      service!.once('exit', (code) => reject(new Error(`the Internet service exited with ${code}`)));
    });
  });
  afterAll(async () => {
    if (service && service.exitCode === null) service.kill('SIGKILL');
    if (inet) await run('ip', ['netns', 'del', inet]).catch(() => {});
    await lab?.teardown();
  });

  it('a second interface with its own default route: the rule fails with that route, and the target answers through it', async () => {
    await run('ip', ['-n', lab.ns.ws, 'link', 'set', 'eth1', 'up']);
    // A dongle or second card that takes the default route over, as NetworkManager's metrics do.
    await run('ip', ['-n', lab.ns.ws, 'route', 'replace', 'default', 'via', LAB.gateway, 'metric', '100']);
    await run('ip', ['-n', lab.ns.ws, 'route', 'del', 'default', 'via', LAB.gateway, 'metric', '0']).catch(() => {});
    await run('ip', ['-n', lab.ns.ws, 'route', 'add', 'default', 'via', INTERNET.router, 'metric', '50']);

    const sections = await gather();
    expect(sections.connectivity.defaultRoutes).toEqual([
      { family: 'ipv4', gateway: INTERNET.router, interface: 'eth1', metric: 50, network: '198.51.100.0/24' },
      { family: 'ipv4', gateway: LAB.gateway, interface: 'eth0', metric: 100, network: '10.77.1.0/24' },
    ]);
    const target = sections.probes.results.find((r) => r.role === 'must_not_answer')!;
    expect(target).toMatchObject({ scope: 'internet', received: 3, detail: { route: `${INTERNET.router} dev eth1 src ${INTERNET.workstation}` } });

    const rule = await judgeNoInternetPath(sections);
    expect(rule.status).toBe('fail');
    expect(englishEvidence(rule.evidence)).toEqual(
      expect.arrayContaining([
        `Separate default paths 2 > 1 — default via ${INTERNET.router} dev eth1 metric 50 (198.51.100.0/24); default via ${LAB.gateway} dev eth0 metric 100 (10.77.1.0/24)`,
        `Must-not-answer targets that answered: ${INTERNET.target} (tcp 443) (expected none) — ${INTERNET.target} answered 3 of 3 via ${INTERNET.router} dev eth1 src ${INTERNET.workstation}`,
      ]),
    );
  });

  it('without the second path the target does not answer and the rule passes', async () => {
    await run('ip', ['-n', lab.ns.ws, 'link', 'set', 'eth1', 'down']);
    await lab.heal();
    await run('ip', ['-n', lab.ns.ws, 'route', 'del', 'default', 'via', LAB.gateway, 'metric', '100']).catch(() => {});

    const sections = await gather();
    expect(sections.connectivity.defaultRoutes).toEqual([{ family: 'ipv4', gateway: LAB.gateway, interface: 'eth0', metric: 0, network: '10.77.1.0/24' }]);
    const [wan, target] = [sections.probes.results.find((r) => r.role === 'wan_endpoint')!, sections.probes.results.find((r) => r.role === 'must_not_answer')!];
    expect(wan).toMatchObject({ received: 3, error: null });
    expect(target).toMatchObject({ received: 0, lossPct: 100 });
    expect(target.detail.route).toBeUndefined();

    const rule = await judgeNoInternetPath(sections);
    expect(rule).toMatchObject({ status: 'pass' });
    expect(englishEvidence(rule.evidence)).toContain('Must-not-answer targets that answered: none');
  });
});
