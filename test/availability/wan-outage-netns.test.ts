/**
 * Detection in minutes, with real processes in the probe tests' network namespaces
 * (test/helpers/netns.ts): the collector runs in the LAN server's namespace, a webhook receiver
 * beside it on that namespace's loopback, the agent in the workstation's namespace sending a
 * probe-only report every 2 s. The WAN link is cut: the unit's WAN status goes down within two
 * probe intervals (at most two probe-only reports after the cut, counted from the agent's own
 * acknowledgements, whatever the machine's speed), the receiver gets one alert, and once the
 * link is back one recovery, and the series holds the outage between the cut and the repair.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB, buildLab } from '../helpers/netns.js';
import type { Lab } from '../helpers/netns.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { outagesIn } from '../../rules/availability.js';
import type { Transition } from '../../rules/availability.js';

const req = systemRequirement({ commands: ['ip', 'nft', 'ping', 'dnsmasq'], root: true, install: 'apt-get install iproute2 nftables iputils-ping dnsmasq-base, and run as root' });

const SECRET = 'netns-enroll-secret-0123456789';
const PROBE_SECONDS = 2;

interface Proc {
  child: ChildProcess;
  lines: Array<{ at: number; line: string }>;
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

/** A process in a namespace, its output kept line by line with the moment each line came. */
function inNamespace(ns: string, args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  const lines: Proc['lines'] = [];
  let carry = '';
  const onData = (d: Buffer) => {
    carry += d;
    const parts = carry.split('\n');
    carry = parts.pop()!;
    for (const line of parts) lines.push({ at: Date.now(), line });
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const waitFor = async (re: RegExp, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (const l of lines) {
        const m = re.exec(l.line);
        if (m) return m;
      }
      if (Date.now() > until) throw new Error(`no line matching ${re} within ${timeoutMs} ms:\n${lines.map((l) => l.line).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, lines, waitFor };
}

const stop = (p: Proc | undefined) =>
  new Promise<void>((ok) => {
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return ok();
    p.child.once('exit', () => ok());
    p.child.kill('SIGTERM');
    setTimeout(() => p.child.kill('SIGKILL'), 5000).unref();
  });

const RECEIVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => { console.log('ALERT ' + body); res.end('ok'); });
});
server.listen(0, '127.0.0.1', () => console.log('receiver listening ' + server.address().port));
`;

let lab: Lab;
let dir: Awaited<ReturnType<typeof makeTempDir>>;
const procs: Proc[] = [];

describe.skipIf(!req.ok)('WAN outage detected from probe-only reports', () => {
  beforeAll(async () => {
    lab = await buildLab();
    dir = await makeTempDir('readiness-wan-outage-');
  }, 60_000);
  afterAll(async () => {
    for (const p of procs) await stop(p);
    await lab?.teardown();
    await dir?.remove();
  });

  it('goes down within two probe intervals, alerts once, recovers once, and logs the outage', async () => {
    const receiver = inNamespace(lab.ns.lansrv, ['-e', RECEIVER]);
    procs.push(receiver);
    const port = (await receiver.waitFor(/receiver listening (\d+)/, 15_000))[1];
    const org = join(dir.path, 'org.yaml');
    const fast = '{ count: 2, intervalMs: 20, timeoutMs: 400 }';
    await writeFile(
      org,
      [
        'name: wan outage lab',
        'units:',
        '  - id: hp-kv1',
        '    name: VKSND khu vực 1',
        '    level: regional',
        '    targets:',
        `      - { kind: tcp, scope: lan, role: lan_server, target: ${LAB.lanServer}, port: 445, ${fast.slice(2, -2)} }`,
        `      - { kind: tcp, scope: wan, role: wan_endpoint, target: ${LAB.dataCentre}, port: 443, ${fast.slice(2, -2)} }`,
        '',
      ].join('\n'),
    );
    const config = join(dir.path, 'collector.json');
    await writeFile(config, JSON.stringify({ org, agent: { intervalSeconds: 3600, probeCount: 2, probeIntervalSeconds: PROBE_SECONDS }, alerts: { webhooks: [{ url: `http://127.0.0.1:${port}/hook` }] } }));
    const data = join(dir.path, 'data');
    const collector = inNamespace(lab.ns.lansrv, [...CLI, 'collector', 'start', '--host', LAB.lanServer, '--port', '0', '--data', data, '--config', config], { READINESS_ENROLL_SECRET: SECRET });
    procs.push(collector);
    const url = (await collector.waitFor(/listening on (http:\/\/\S+)/, 60_000))[1]!;

    const state = join(dir.path, 'agent.json');
    const enroll = inNamespace(lab.ns.ws, [...CLI, 'agent', 'enroll', '--collector', url, '--secret', SECRET, '--unit', 'hp-kv1', '--insecure-http', '--state', state]);
    await new Promise((ok) => enroll.child.once('exit', ok));
    expect(enroll.child.exitCode, enroll.lines.map((l) => l.line).join('\n')).toBe(0);
    const agent = inNamespace(lab.ns.ws, [...CLI, 'agent', 'run', '--state', state], { READINESS_PROBE_GATEWAY: 'off' });
    procs.push(agent);

    const series = async (): Promise<Array<Transition & { scope: string }>> =>
      (await readFile(join(data, 'availability', 'hp-kv1.jsonl'), 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Transition & { scope: string });
    const until = async (what: string, ok: (s: Array<Transition & { scope: string }>) => boolean, timeoutMs: number) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const s = await series();
        if (ok(s)) return s;
        if (Date.now() > end) throw new Error(`${what} not seen within ${timeoutMs} ms; series: ${JSON.stringify(s)}\nagent:\n${agent.lines.map((l) => l.line).join('\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const wan = (s: Array<Transition & { scope: string }>) => s.filter((t) => t.scope === 'wan').map((t) => t.state);

    await until('the WAN up', (s) => wan(s).includes('up'), 90_000);
    const probeAcks = () => agent.lines.filter((l) => /probe-only report \S+ stored/.test(l.line));

    const cutAt = Date.now();
    await lab.exec(lab.ns.router, 'ip', ['link', 'set', 'wan0', 'down']);
    await until('the WAN down', (s) => wan(s).at(-1) === 'down', 60_000);
    const downSeenAt = Date.now();
    // A report whose probes ran before the cut may still arrive after it: that one, then at most two.
    const acksAfterCut = probeAcks().filter((l) => l.at > cutAt && l.at <= downSeenAt).length;
    console.log(`WAN cut: status down ${downSeenAt - cutAt} ms later, after ${acksAfterCut} probe-only report(s) acknowledged since the cut (probe interval ${PROBE_SECONDS} s)`);
    expect(acksAfterCut).toBeLessThanOrEqual(3);
    await receiver.waitFor(/^ALERT .*"kind":"link-down"/, 15_000);

    const healAt = Date.now();
    await lab.heal();
    const final = await until('the WAN up again', (s) => wan(s).at(-1) === 'up' && wan(s).length >= 3, 60_000);
    await receiver.waitFor(/^ALERT .*"kind":"link-recovered"/, 15_000);
    // Let a few more probe-only reports arrive: they must not alert again.
    const more = probeAcks().length + 2;
    for (const end = Date.now() + 20_000; probeAcks().length < more && Date.now() < end; ) await new Promise((r) => setTimeout(r, 200));

    const alerts = receiver.lines.filter((l) => l.line.startsWith('ALERT ')).map((l) => JSON.parse(l.line.slice(6)) as { kind: string; scope: string; unit: string; recovers: string | null; id: string; targets: string[] });
    expect(alerts.map((a) => [a.kind, a.scope, a.unit])).toEqual([
      ['link-down', 'wan', 'hp-kv1'],
      ['link-recovered', 'wan', 'hp-kv1'],
    ]);
    expect(alerts[1]!.recovers).toBe(alerts[0]!.id);
    expect(alerts[0]!.targets).toEqual([LAB.dataCentre]);
    // The LAN never went down.
    expect(final.filter((t) => t.scope === 'lan').map((t) => t.state)).toEqual(['up']);
    const wanSeries = final.filter((t) => t.scope === 'wan');
    const [outage] = outagesIn(wanSeries, 0, Date.now() + 1, Date.now());
    expect(Date.parse(outage!.start)).toBeGreaterThanOrEqual(cutAt);
    expect(Date.parse(outage!.end!)).toBeGreaterThanOrEqual(healAt);
    expect(outage!.minutes).toBeGreaterThan(0);
  }, 240_000);
});
