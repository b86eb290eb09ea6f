/**
 * Which probes a run sends: the unit's targets from the collector's config, plus an ICMP probe
 * of the machine's default gateway (LAN, role `gateway`). Nothing else is ever probed. Pure:
 * the gateway is found by the caller.
 */
import type { AgentConfig, ProbeTarget } from '../../schema/index.js';
import { DEFAULT_INTERVAL_MS, DEFAULT_PROBE_COUNT, DEFAULT_TIMEOUT_MS } from './types.js';
import type { ProbeRequest } from './types.js';

export const GATEWAY_ROLE = 'gateway';

const resolve = (t: ProbeTarget, probeCount: number): ProbeRequest => ({
  ...t,
  count: t.count ?? probeCount,
  intervalMs: t.intervalMs ?? DEFAULT_INTERVAL_MS,
  timeoutMs: t.timeoutMs ?? DEFAULT_TIMEOUT_MS,
});

/**
 * @example planProbes(null, '192.168.1.1')
 *          // [{ kind: 'icmp', scope: 'lan', role: 'gateway', target: '192.168.1.1', count: 10, ... }]
 */
export function planProbes(config: AgentConfig | null, defaultGateway: string | null): ProbeRequest[] {
  const probeCount = config?.probeCount ?? DEFAULT_PROBE_COUNT;
  const targets = (config?.targets ?? []).map((t) => resolve(t, probeCount));
  // The unit's plan may already ping this gateway (its LAN gateway); once is enough.
  const planned = targets.some((t) => t.kind === 'icmp' && t.target === defaultGateway);
  if (!defaultGateway || planned) return targets;
  return [resolve({ kind: 'icmp', scope: 'lan', role: GATEWAY_ROLE, target: defaultGateway }, probeCount), ...targets];
}
