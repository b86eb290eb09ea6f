/**
 * Each probe kind against real services on loopback (127.0.0.0/8 only): answers, refusals,
 * silence, and what each says in its result.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsProbe } from '../../agent/probes/dns.js';
import { httpProbe } from '../../agent/probes/http.js';
import { icmpProbe } from '../../agent/probes/icmp.js';
import { tcpProbe } from '../../agent/probes/tcp.js';
import type { ProbeRequest } from '../../agent/probes/types.js';
import { ProbeResult } from '../../schema/index.js';
import { startDnsmasq } from '../helpers/dnsmasq.js';
import type { Dnsmasq } from '../helpers/dnsmasq.js';
import { systemRequirement } from '../helpers/system.js';

const burst = { scope: 'lan', role: 'lan_server', count: 5, intervalMs: 20, timeoutMs: 300 } as const;
const port = (s: { address(): unknown }) => (s.address() as AddressInfo).port;

let tcp: TcpServer;
let closedPort: number;
let web: HttpServer;
const hits: string[] = [];
let silentDns: Socket;

const listen = <S extends TcpServer | HttpServer>(server: S, host = '127.0.0.1') =>
  new Promise<S>((ok) => server.listen(0, host, () => ok(server)));

beforeAll(async () => {
  tcp = await listen(createTcpServer((s) => s.destroy()));
  // A port that was just free and is closed again: connecting is refused.
  const probe = await listen(createTcpServer());
  closedPort = port(probe);
  await new Promise((ok) => probe.close(ok));
  web = await listen(
    createHttpServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/down') res.writeHead(503).end('maintenance');
      else if (req.url === '/moved') res.writeHead(302, { location: 'http://127.0.0.9:9/elsewhere' }).end();
      else res.writeHead(200).end('ok');
    }),
  );
  silentDns = createSocket('udp4');
  await new Promise<void>((ok) => silentDns.bind(0, '127.0.0.1', ok));
});

afterAll(async () => {
  await new Promise((ok) => tcp?.close(ok));
  web?.closeAllConnections();
  await new Promise((ok) => web?.close(ok));
  silentDns?.close();
});

const valid = (r: ProbeResult) => expect(ProbeResult.parse(r)).toEqual(r);

describe('tcp probe', () => {
  it('connects every time to a listening port and measures the handshake', async () => {
    const r = await tcpProbe.run({ ...burst, kind: 'tcp', target: '127.0.0.1', port: port(tcp) });
    valid(r);
    expect(r).toMatchObject({ kind: 'tcp', sent: 5, received: 5, lossPct: 0, error: null, detail: { port: port(tcp) } });
    expect(r.rtt!.minMs).toBeGreaterThan(0);
    expect(r.rtt!.maxMs).toBeLessThan(300);
  });

  it('reports a refused port as total loss with a sentence, and no RTT', async () => {
    const r = await tcpProbe.run({ ...burst, kind: 'tcp', target: '127.0.0.1', port: closedPort });
    valid(r);
    expect(r).toMatchObject({ sent: 5, received: 0, lossPct: 100, rtt: null, jitterMs: null });
    expect(r.error).toMatch(/^no answer to any of 5 attempts: connection refused by 127\.0\.0\.1:\d+: the host answered but nothing listens/);
  });
});

describe('http probe', () => {
  it('gets the page and records the status', async () => {
    const r = await httpProbe.run({ ...burst, kind: 'http', target: `http://127.0.0.1:${port(web)}/health` });
    valid(r);
    expect(r).toMatchObject({ sent: 5, received: 5, lossPct: 0, error: null, detail: { status: 200, url: `http://127.0.0.1:${port(web)}/health` } });
  });

  it('counts a 5xx as an answer and says the server is failing', async () => {
    const r = await httpProbe.run({ ...burst, kind: 'http', target: `http://127.0.0.1:${port(web)}/down` });
    expect(r).toMatchObject({ received: 5, lossPct: 0, detail: { status: 503 } });
    expect(r.error).toBe(`http://127.0.0.1:${port(web)} answers HTTP 503: the server is reachable but failing`);
  });

  it('never follows a redirect to another host', async () => {
    hits.length = 0;
    const r = await httpProbe.run({ ...burst, count: 2, kind: 'http', target: `http://127.0.0.1:${port(web)}/moved` });
    expect(r).toMatchObject({ received: 2, error: null, detail: { status: 302 } });
    expect(hits).toEqual(['/moved', '/moved']);
  });

  it('reports a refused connection with what to check', async () => {
    const r = await httpProbe.run({ ...burst, kind: 'http', target: `http://127.0.0.1:${closedPort}/` });
    expect(r).toMatchObject({ received: 0, lossPct: 100, rtt: null });
    expect(r.error).toContain('the connection was refused: the host answered but no web server listens on that port');
  });
});

describe('dns probe against a silent server', () => {
  it('times out each query and says which server did not answer', async () => {
    const server = `127.0.0.1:${port(silentDns)}`;
    const started = performance.now();
    const r = await dnsProbe.run({ ...burst, kind: 'dns', target: 'qlahs.vks.test', server });
    valid(r);
    expect(r).toMatchObject({ sent: 5, received: 0, lossPct: 100, rtt: null, detail: { server } });
    expect(r.error).toBe(`no answer to any of 5 attempts: no answer from the DNS server ${server} within 300 ms`);
    // All five wait at once: about 4 intervals and one timeout, not five timeouts.
    expect(performance.now() - started).toBeLessThan(1200);
  });
});

const dnsReq = systemRequirement({ commands: ['dnsmasq'], root: true, install: 'apt-get install dnsmasq-base' });
describe.skipIf(!dnsReq.ok)('dns probe against dnsmasq on loopback', () => {
  let dnsmasq: Dnsmasq;
  let server: string;
  beforeAll(async () => {
    // A port that was free a moment ago, so that two runs of this file do not collide.
    const free = createSocket('udp4');
    await new Promise<void>((ok) => free.bind(0, '127.0.0.53', ok));
    const dnsPort = port(free);
    await new Promise<void>((ok) => free.close(ok));
    server = `127.0.0.53:${dnsPort}`;
    dnsmasq = await startDnsmasq({ listen: '127.0.0.53', port: dnsPort, records: { 'qlahs.vks.test': '172.16.77.2' }, localDomain: 'vks.test' });
  });
  afterAll(async () => dnsmasq?.stop());

  it('resolves the name and lists the answers', async () => {
    const r = await dnsProbe.run({ ...burst, kind: 'dns', target: 'qlahs.vks.test', server });
    valid(r);
    expect(r).toMatchObject({ sent: 5, received: 5, lossPct: 0, error: null, detail: { server, answers: ['172.16.77.2'] } });
  });

  it('counts "no such name" as an answer from a working server, with the reason in error', async () => {
    const r = await dnsProbe.run({ ...burst, kind: 'dns', target: 'missing.vks.test', server });
    expect(r).toMatchObject({ received: 5, lossPct: 0, detail: { answers: [], rcode: 'ENOTFOUND' } });
    expect(r.error).toBe(`${server} answers that missing.vks.test does not exist (NXDOMAIN): check the name or the server's zone`);
  });
});

const pingReq = systemRequirement({ commands: ['ping'], install: 'apt-get install iputils-ping' });
describe.skipIf(!pingReq.ok)('icmp probe on loopback', () => {
  it('sends the burst at the given interval and gets every reply', async () => {
    const request: ProbeRequest & { kind: 'icmp' } = { ...burst, kind: 'icmp', target: '127.0.0.1', count: 10, intervalMs: 50 };
    const started = performance.now();
    const r = await icmpProbe.run(request);
    const ms = performance.now() - started;
    valid(r);
    expect(r).toMatchObject({ kind: 'icmp', sent: 10, received: 10, lossPct: 0, error: null, detail: { address: '127.0.0.1' } });
    expect(r.rtt!.medianMs).toBeGreaterThan(0);
    expect(r.jitterMs).not.toBeNull();
    // 9 intervals of 50 ms, not 10 seconds.
    expect(ms).toBeGreaterThan(400);
    expect(ms).toBeLessThan(2000);
  });

  it('pings IPv6 loopback', async () => {
    const r = await icmpProbe.run({ ...burst, kind: 'icmp', target: '::1' });
    expect(r).toMatchObject({ sent: 5, received: 5, error: null });
  });
});
