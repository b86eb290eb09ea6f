/**
 * `npm run bench:probes`: wall time of the probe phase with 10 loopback targets of 10 packets
 * each (ICMP to 127.0.0.x, TCP and HTTP to servers this bench starts on 127.0.0.x), all at once
 * as the agent runs them, beside the same targets probed one after another in the same run.
 * Default burst settings (200 ms interval, 2 s timeout). Nothing leaves 127.0.0.0/8.
 */
import { createServer as createHttpServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Server as TcpServer } from 'node:net';
import { runProbe, runProbes } from '../agent/probes/index.js';
import { planProbes } from '../agent/probes/plan.js';
import type { ProbeRequest } from '../agent/probes/types.js';
import { AgentConfig } from '../schema/index.js';
import type { ProbeResult, ProbeTarget } from '../schema/index.js';

const PACKETS = Number(process.env.BENCH_PACKETS ?? 10);

const listen = <S extends TcpServer | HttpServer>(server: S, host: string) =>
  new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, host, () => ok((server.address() as AddressInfo).port));
  });

async function timed(work: () => Promise<ProbeResult[]>): Promise<{ ms: number; results: ProbeResult[] }> {
  const started = performance.now();
  const results = await work();
  return { ms: performance.now() - started, results };
}

const line = (r: ProbeResult) =>
  `  ${r.kind.padEnd(4)} ${`${r.target}${typeof r.detail.port === 'number' ? `:${r.detail.port}` : ''}`.padEnd(28)} ` +
  `${r.received}/${r.sent} loss ${r.lossPct}%  median ${r.rtt?.medianMs ?? '-'} ms  p95 ${r.rtt?.p95Ms ?? '-'} ms  jitter ${r.jitterMs ?? '-'} ms${r.error ? `  ${r.error}` : ''}`;

async function main() {
  const servers: (TcpServer | HttpServer)[] = [];
  const targets: ProbeTarget[] = [];
  try {
    for (const host of ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']) {
      targets.push({ kind: 'icmp', scope: 'lan', role: 'lan_server', target: host });
    }
    for (const host of ['127.0.0.11', '127.0.0.12', '127.0.0.13']) {
      const server = createTcpServer((s) => s.destroy());
      servers.push(server);
      targets.push({ kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: host, port: await listen(server, host) });
    }
    for (const host of ['127.0.0.21', '127.0.0.22', '127.0.0.23']) {
      const server = createHttpServer((_req, res) => res.end('ok'));
      servers.push(server);
      targets.push({ kind: 'http', scope: 'wan', role: 'wan_endpoint', target: `http://${host}:${await listen(server, host)}/` });
    }
    const requests: ProbeRequest[] = planProbes(AgentConfig.parse({ intervalSeconds: 3600, probeCount: PACKETS, targets }), null);

    const concurrent = await timed(() => runProbes(requests));
    const sequential = await timed(async () => {
      const out: ProbeResult[] = [];
      for (const r of requests) out.push(await runProbe(r));
      return out;
    });

    console.log(`bench:probes — ${requests.length} loopback targets × ${PACKETS} packets (200 ms interval, 2 s timeout)`);
    for (const r of concurrent.results) console.log(line(r));
    const failed = [...concurrent.results, ...sequential.results].filter((r) => r.lossPct > 0);
    console.log(`probe phase, all at once (as the agent runs it)  ${(concurrent.ms / 1000).toFixed(2)} s`);
    console.log(`same targets one after another (baseline)        ${(sequential.ms / 1000).toFixed(2)} s`);
    console.log(`ratio sequential/concurrent: ${(sequential.ms / concurrent.ms).toFixed(1)}x`);
    console.log(`one burst alone should take about ${(((PACKETS - 1) * 200) / 1000).toFixed(1)} s; concurrent phase / that: ${(concurrent.ms / ((PACKETS - 1) * 200)).toFixed(2)}`);
    if (failed.length) {
      console.error(`bench:probes: ${failed.length} probe(s) lost packets on loopback: ${failed.map((r) => r.error ?? r.target).join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    for (const s of servers) {
      if ('closeAllConnections' in s) s.closeAllConnections();
      s.close();
    }
  }
}

main().catch((err) => {
  console.error(`bench:probes failed: ${(err as Error).message}`);
  process.exit(1);
});
