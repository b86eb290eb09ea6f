/**
 * HTTP(S) GET: the RTT is the time until the response headers arrive, on a fresh connection
 * each time (so it includes the TCP and TLS handshakes, as a user's first page load does).
 * Any HTTP status counts as an answer; 5xx puts a sentence in `error`. Redirects are not
 * followed: a probe only ever talks to the target it was given.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { elapsedMs, runBurst } from './burst.js';
import type { Attempt } from './burst.js';
import { defineProbe } from './types.js';

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused: the host answered but no web server listens on that port',
  EHOSTUNREACH: 'no route to the host: check the cable, the VLAN and the gateway',
  ENETUNREACH: 'the network is unreachable from this machine: check the address and the default route',
  ENOTFOUND: 'the host name does not resolve: check the DNS server or use an IP address',
  ECONNRESET: 'the server reset the connection',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server\'s TLS certificate is self-signed: give the agent the CA with NODE_EXTRA_CA_CERTS',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server\'s TLS certificate is not signed by a known CA: give the agent the CA with NODE_EXTRA_CA_CERTS',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server\'s TLS chain ends in an unknown CA: give the agent the CA with NODE_EXTRA_CA_CERTS',
  CERT_HAS_EXPIRED: 'the server\'s TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server\'s TLS certificate is for another name',
};

export function getOnce(url: URL, timeoutMs: number): Promise<Attempt> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const start = performance.now();
    let settled = false;
    const finish = (a: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(a);
    };
    const req = request(url, { method: 'GET', agent: false, headers: { 'user-agent': 'readiness-agent probe', connection: 'close' } }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      finish({
        ok: true,
        rttMs: elapsedMs(start),
        problem: status >= 500 ? `${url.origin} answers HTTP ${status}: the server is reachable but failing` : undefined,
        detail: { status },
      });
    });
    const timer = setTimeout(() => finish({ ok: false, reason: `no answer from ${url.origin} within ${timeoutMs} ms` }), timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      finish({ ok: false, reason: `${url.origin}: ${REASONS[err.code ?? ''] ?? err.message}` });
    });
    req.end();
  });
}

export const httpProbe = defineProbe({
  kind: 'http',
  run(request) {
    let url: URL;
    try {
      url = new URL(request.target);
    } catch {
      return runBurst(request, async () => ({ ok: false, reason: `${request.target} is not a URL; write it as http://host/path` }));
    }
    return runBurst(request, () => getOnce(url, request.timeoutMs), { url: url.origin + url.pathname });
  },
});
