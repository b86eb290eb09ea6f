/**
 * Reachability: probes the unit's targets from the collector's config and the machine's
 * default gateway, all at once. Offline (no config) it probes only the gateway. Each result
 * says whether its target is LAN or WAN, so a rule can tell a LAN fault (gateway unreachable)
 * from a WAN fault (gateway fine, data centre not).
 */
import { findDefaultGateway, noGatewayResult } from '../probes/gateway.js';
import type { GatewayLookup } from '../probes/gateway.js';
import { PROBES, runProbes } from '../probes/index.js';
import { planProbes } from '../probes/plan.js';
import { lookupRoute } from '../probes/route-lookup.js';
import type { ProbeResult } from '../../schema/index.js';
import { defineCollector, SectionUnknown } from './types.js';

/** Every probe bounds itself (count × interval + timeout); this only guards against a hang. */
const PROBES_TIMEOUT_MS = 120_000;

export interface ProbesCollectorDeps {
  findGateway: () => Promise<GatewayLookup>;
  probes: typeof PROBES;
  /** The route to an address from the routing table (evidence for a must-not-answer target that answered). */
  lookupRoute?: (address: string) => Promise<string | null>;
}

/** A must-not-answer target that answered: record the route the machine used to reach it. */
async function withRoute(r: ProbeResult, lookup: (address: string) => Promise<string | null>): Promise<ProbeResult> {
  if (r.role !== 'must_not_answer' || r.received === 0) return r;
  const route = await lookup(r.target).catch(() => null);
  return route ? { ...r, detail: { ...r.detail, route } } : r;
}

export const createProbesCollector = (deps: ProbesCollectorDeps = { findGateway: () => findDefaultGateway(), probes: PROBES, lookupRoute }) =>
  defineCollector({
    section: 'probes',
    timeoutMs: PROBES_TIMEOUT_MS,
    async collect(ctx) {
      // A replay is the recorded machine: this machine's network path is not its reachability.
      if (ctx.replayDir) {
        throw new SectionUnknown('a replay does not probe: reachability is measured live on the machine itself (run `readiness agent run` there)', 'unsupported');
      }
      const gateway = await deps.findGateway().catch((): GatewayLookup => ({ status: 'none' }));
      const probed = await runProbes(planProbes(ctx.config, gateway.status === 'found' ? gateway.address : null), deps.probes);
      const results = await Promise.all(probed.map((r) => withRoute(r, deps.lookupRoute ?? lookupRoute)));
      return { results: gateway.status === 'none' ? [noGatewayResult(ctx.now), ...results] : results };
    },
  });

export const probesCollector = createProbesCollector();
