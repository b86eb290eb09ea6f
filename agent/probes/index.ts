/**
 * The one list of probe kinds. Adding a kind means a file beside this one and one entry here;
 * the schema's `ProbeKind` enum names the kinds, so a missing entry fails the type check.
 */
import type { ProbeKind, ProbeResult } from '../../schema/index.js';
import { dnsProbe } from './dns.js';
import { httpProbe } from './http.js';
import { icmpProbe } from './icmp.js';
import { tcpProbe } from './tcp.js';
import { resultHeader } from './types.js';
import type { Probe, ProbeRequest } from './types.js';

export const PROBES: { readonly [K in ProbeKind]: Probe<K> } = {
  icmp: icmpProbe,
  tcp: tcpProbe,
  dns: dnsProbe,
  http: httpProbe,
};

/** Runs one probe; a probe that throws despite its contract still yields a result. */
export async function runProbe(request: ProbeRequest, probes: { readonly [K in ProbeKind]: Probe<K> } = PROBES): Promise<ProbeResult> {
  const startedAt = new Date().toISOString();
  try {
    return await (probes[request.kind] as Probe).run(request);
  } catch (err) {
    return {
      ...resultHeader(request, startedAt),
      sent: 0,
      received: 0,
      lossPct: 100,
      rtt: null,
      jitterMs: null,
      error: `the ${request.kind} probe failed before sending: ${(err as Error).message}`,
      detail: {},
    };
  }
}

/** Every probe of a run at once: the phase lasts as long as the slowest probe, not the sum. */
export const runProbes = (requests: readonly ProbeRequest[], probes = PROBES): Promise<ProbeResult[]> =>
  Promise.all(requests.map((r) => runProbe(r, probes)));
