/**
 * A small network built from Linux network namespaces for the probe tests (root only):
 *
 *   ws (10.77.1.2) ── lan0 ┐
 *                           router ── wan0 ── dc (172.16.77.10: HTTP :80, TCP :443, DNS :53)
 *   lansrv (10.77.2.10) ─ lan1 ┘
 *
 * The workstation's default gateway is the router (10.77.1.1); the LAN server sits in another
 * room behind it; the data centre is across the "WAN" link. Names are unique per run and every
 * namespace and process is removed by `teardown`, which the test calls in afterAll. Traffic
 * never leaves these namespaces: they have no link to the host's network.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { startDnsmasq } from './dnsmasq.js';
import type { Dnsmasq } from './dnsmasq.js';

const run = promisify(execFile);

export const LAB = {
  gateway: '10.77.1.1',
  workstation: '10.77.1.2',
  lanServer: '10.77.2.10',
  dataCentre: '172.16.77.10',
  dnsName: 'qlahs.vks.test',
} as const;

export interface Lab {
  ns: { ws: string; router: string; lansrv: string; dc: string };
  /** Runs a command inside one of the lab's namespaces. */
  exec(ns: string, cmd: string, args: string[], input?: string): Promise<string>;
  /** Every link up, every route back, no nftables rules: the healthy network again. */
  heal(): Promise<void>;
  teardown(): Promise<void>;
}

/** A process that prints "listening" once it accepts connections. */
function startService(ns: string, script: string): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`service in ${ns} did not start: ${out}`)), 10_000);
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('listening')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service in ${ns} exited with ${code}: ${out}`));
    });
  });
}

const DC_SERVICES = `
const http = require('node:http'), net = require('node:net');
let up = 0;
const ready = () => { if (++up === 2) console.log('listening'); };
http.createServer((req, res) => res.end('QLAHS ok')).listen(80, '${LAB.dataCentre}', ready);
net.createServer((s) => s.end()).listen(443, '${LAB.dataCentre}', ready);
`;
const LAN_SERVICE = `require('node:net').createServer((s) => s.end()).listen(445, '${LAB.lanServer}', () => console.log('listening'));`;

export async function buildLab(): Promise<Lab> {
  const id = `rdy${randomBytes(3).toString('hex')}`;
  const ns = { ws: `${id}-ws`, router: `${id}-router`, lansrv: `${id}-lansrv`, dc: `${id}-dc` };
  const created: string[] = [];
  const services: ChildProcess[] = [];
  let dns: Dnsmasq | null = null;
  const ip = (...args: string[]) => run('ip', args);
  const exec = async (n: string, cmd: string, args: string[], input?: string) => {
    if (input === undefined) return (await run('ip', ['netns', 'exec', n, cmd, ...args])).stdout;
    const child = execFile('ip', ['netns', 'exec', n, cmd, ...args]);
    const done = new Promise<string>((ok, fail) => {
      let out = '';
      let err = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (err += d));
      child.once('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(' ')} failed in ${n}: ${err}`))));
    });
    child.stdin!.end(input);
    return done;
  };

  // A link set down loses the routes through it: bringing it up again must restore them.
  const heal = async () => {
    for (const [n, dev] of [[ns.ws, 'eth0'], [ns.lansrv, 'eth0'], [ns.dc, 'eth0'], [ns.router, 'lan0'], [ns.router, 'lan1'], [ns.router, 'wan0']] as const) {
      await ip('-n', n, 'link', 'set', dev, 'up');
    }
    await ip('-n', ns.ws, 'route', 'replace', 'default', 'via', LAB.gateway);
    await ip('-n', ns.lansrv, 'route', 'replace', 'default', 'via', '10.77.2.1');
    await ip('-n', ns.dc, 'route', 'replace', 'default', 'via', '172.16.77.1');
    await exec(ns.router, 'nft', ['flush', 'ruleset']);
  };

  const teardown = async () => {
    for (const s of services) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
    await dns?.stop();
    for (const n of created) await ip('netns', 'del', n).catch(() => {});
  };

  try {
    for (const n of Object.values(ns)) {
      await ip('netns', 'add', n);
      created.push(n);
      await ip('-n', n, 'link', 'set', 'lo', 'up');
    }
    // veth pairs created directly inside their namespaces: no name ever exists on the host.
    const link = async (a: string, aName: string, b: string, bName: string) => {
      await ip('link', 'add', aName, 'netns', a, 'type', 'veth', 'peer', 'name', bName, 'netns', b);
      await ip('-n', a, 'link', 'set', aName, 'up');
      await ip('-n', b, 'link', 'set', bName, 'up');
    };
    await link(ns.ws, 'eth0', ns.router, 'lan0');
    await link(ns.lansrv, 'eth0', ns.router, 'lan1');
    await link(ns.dc, 'eth0', ns.router, 'wan0');
    await ip('-n', ns.router, 'addr', 'add', `${LAB.gateway}/24`, 'dev', 'lan0');
    await ip('-n', ns.router, 'addr', 'add', '10.77.2.1/24', 'dev', 'lan1');
    await ip('-n', ns.router, 'addr', 'add', '172.16.77.1/24', 'dev', 'wan0');
    await exec(ns.router, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    await ip('-n', ns.ws, 'addr', 'add', `${LAB.workstation}/24`, 'dev', 'eth0');
    await ip('-n', ns.lansrv, 'addr', 'add', `${LAB.lanServer}/24`, 'dev', 'eth0');
    await ip('-n', ns.dc, 'addr', 'add', `${LAB.dataCentre}/24`, 'dev', 'eth0');
    await heal();

    services.push(await startService(ns.dc, DC_SERVICES));
    services.push(await startService(ns.lansrv, LAN_SERVICE));
    dns = await startDnsmasq({ netns: ns.dc, listen: LAB.dataCentre, port: 53, records: { [LAB.dnsName]: LAB.dataCentre }, localDomain: 'vks.test' });
  } catch (err) {
    await teardown();
    throw err;
  }
  return { ns, exec, heal, teardown };
}
