/**
 * DNS resolution of a name (A records) against one given server, never the machine's own
 * resolver: the unit's plan names the server, so the answer says whether that server works.
 * A server that answers "no such name" or "failure" was reached: the reply counts as received
 * and the result's `error` says what the answer was.
 */
import { promises as dns } from 'node:dns';
import { elapsedMs, runBurst } from './burst.js';
import type { Attempt } from './burst.js';
import { defineProbe } from './types.js';

/** Codes that mean the server answered, just not with an address. */
const ANSWERED: Record<string, (name: string, server: string) => string> = {
  ENOTFOUND: (n, s) => `${s} answers that ${n} does not exist (NXDOMAIN): check the name or the server's zone`,
  ENODATA: (n, s) => `${s} knows ${n} but has no IPv4 address for it`,
  ESERVFAIL: (n, s) => `${s} failed to resolve ${n} (SERVFAIL): its upstream or zone is broken`,
  EREFUSED: (n, s) => `${s} refuses to resolve ${n} for this machine (REFUSED): check its allowed clients`,
  ENOTIMP: (n, s) => `${s} does not implement this query for ${n}`,
  EFORMERR: (n, s) => `${s} did not understand the query for ${n} (FORMERR)`,
  EBADRESP: (n, s) => `${s} sent a malformed answer for ${n}`,
};

const LOST: Record<string, (server: string, timeoutMs: number) => string> = {
  ETIMEOUT: (s, t) => `no answer from the DNS server ${s} within ${t} ms`,
  ECONNREFUSED: (s) => `the DNS server ${s} refused the connection: nothing answers DNS on that address and port`,
};

export async function resolveOnce(name: string, server: string, timeoutMs: number): Promise<Attempt> {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  try {
    resolver.setServers([server]);
  } catch {
    return { ok: false, reason: `${server} is not a DNS server address; use an IP address, optionally with :port` };
  }
  const start = performance.now();
  try {
    const answers = await resolver.resolve4(name);
    return { ok: true, rttMs: elapsedMs(start), detail: { answers: answers.slice(0, 16) } };
  } catch (err) {
    const rttMs = elapsedMs(start);
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const answered = ANSWERED[code];
    if (answered) return { ok: true, rttMs, problem: answered(name, server), detail: { answers: [], rcode: code } };
    return { ok: false, reason: LOST[code]?.(server, timeoutMs) ?? `cannot ask ${server} about ${name}: ${(err as Error).message}` };
  }
}

export const dnsProbe = defineProbe({
  kind: 'dns',
  run(request) {
    // The schema requires a server for dns; an empty one is refused by setServers with a sentence.
    const server = request.server ?? '';
    return runBurst(request, () => resolveOnce(request.target, server, request.timeoutMs), { server });
  },
});
