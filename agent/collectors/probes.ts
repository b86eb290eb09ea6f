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
import { defineCollector, SectionUnknown } from './types.js';

/** Every probe bounds itself (count × interval + timeout); this only guards against a hang. */
const PROBES_TIMEOUT_MS = 120_000;

export interface ProbesCollectorDeps {
  findGateway: () => Promise<GatewayLookup>;
  probes: typeof PROBES;
}

export const createProbesCollector = (deps: ProbesCollectorDeps = { findGateway: () => findDefaultGateway(), probes: PROBES }) =>
  defineCollector({
    section: 'probes',
    timeoutMs: PROBES_TIMEOUT_MS,
    async collect(ctx) {
      // A replay is the recorded machine: this machine's network path is not its reachability.
      if (ctx.replayDir) {
        throw new SectionUnknown('a replay does not probe: reachability is measured live on the machine itself (run `readiness agent run` there)', 'unsupported');
      }
      const gateway = await deps.findGateway().catch((): GatewayLookup => ({ status: 'none' }));
      const results = await runProbes(planProbes(ctx.config, gateway.status === 'found' ? gateway.address : null), deps.probes);
      return { results: gateway.status === 'none' ? [noGatewayResult(ctx.now), ...results] : results };
    },
  });

export const probesCollector = createProbesCollector();
