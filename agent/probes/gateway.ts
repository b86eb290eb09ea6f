/**
 * Finds the machine's default gateway from its routing table (systeminformation runs
 * `ip route get 1` on Linux, `netstat -r` on Windows: a table lookup, no packet sent).
 *
 * `READINESS_PROBE_GATEWAY=off` turns the gateway probe off: for a machine whose gateway drops
 * ICMP on purpose, and for test runs, which must not send packets to this machine's real router.
 */
import si from 'systeminformation';
import type { ProbeResult } from '../../schema/index.js';

export type GatewayLookup = { status: 'found'; address: string } | { status: 'none' } | { status: 'disabled' };

export const gatewayProbeDisabled = (env: NodeJS.ProcessEnv = process.env): boolean =>
  ['off', '0', 'false', 'no'].includes((env.READINESS_PROBE_GATEWAY ?? '').trim().toLowerCase());

export async function findDefaultGateway(env: NodeJS.ProcessEnv = process.env): Promise<GatewayLookup> {
  if (gatewayProbeDisabled(env)) return { status: 'disabled' };
  const address = (await si.networkGatewayDefault()).trim();
  return address ? { status: 'found', address } : { status: 'none' };
}

/** A machine without a default route cannot reach anything past its own segment: a LAN fault. */
export const noGatewayResult = (now: Date): ProbeResult => ({
  kind: 'icmp',
  scope: 'lan',
  role: 'gateway',
  target: '',
  startedAt: now.toISOString(),
  sent: 0,
  received: 0,
  lossPct: 100,
  rtt: null,
  jitterMs: null,
  error: 'this machine has no default gateway: check its network settings (DHCP, or the static gateway address)',
  detail: {},
});
