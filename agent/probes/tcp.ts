/**
 * TCP connect: the RTT is the time to a completed handshake; the connection is closed at
 * once without sending data. A refusal means the host answered but nothing listens there.
 */
import { connect } from 'node:net';
import { elapsedMs, runBurst } from './burst.js';
import type { Attempt } from './burst.js';
import { defineProbe } from './types.js';

const REASONS: Record<string, (where: string) => string> = {
  ECONNREFUSED: (w) => `connection refused by ${w}: the host answered but nothing listens on that port`,
  EHOSTUNREACH: (w) => `no route to ${w}: check the cable, the VLAN and the gateway`,
  ENETUNREACH: (w) => `the network of ${w} is unreachable from this machine: check its address and default route`,
  ENOTFOUND: (w) => `the name in ${w} does not resolve: check the DNS server or use an IP address`,
  EAI_AGAIN: (w) => `the name in ${w} could not be resolved now: check the DNS server or use an IP address`,
  ECONNRESET: (w) => `${w} reset the connection during the handshake`,
};

export function connectOnce(host: string, port: number, timeoutMs: number): Promise<Attempt> {
  const where = `${host}:${port}`;
  return new Promise((resolve) => {
    const start = performance.now();
    const socket = connect({ host, port });
    const finish = (a: Attempt) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    const timer = setTimeout(
      () => finish({ ok: false, reason: `no answer from ${where} within ${timeoutMs} ms (a firewall dropping packets, or the host is down)` }),
      timeoutMs,
    );
    socket.once('connect', () => finish({ ok: true, rttMs: elapsedMs(start) }));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const reason = REASONS[err.code ?? '']?.(where) ?? `cannot connect to ${where}: ${err.message}`;
      finish({ ok: false, reason });
    });
  });
}

export const tcpProbe = defineProbe({
  kind: 'tcp',
  run(request) {
    // The schema requires a port for tcp; 0 never connects and says so in the error.
    const port = request.port ?? 0;
    return runBurst(request, () => connectOnce(request.target, port, request.timeoutMs), { port });
  },
});
