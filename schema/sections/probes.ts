/**
 * Reachability probe results. RTT statistics are over the replies that came back; 100% loss
 * has no RTT (`rtt: null`), never a zero RTT.
 */
import { z } from 'zod';
import { Text, Timestamp } from '../common.js';

export const ProbeKind = z.enum(['icmp', 'tcp', 'dns', 'http']);
export type ProbeKind = z.infer<typeof ProbeKind>;

/**
 * Whether a target sits on the LAN (gateway, servers in other rooms), across the WAN, or on the
 * Internet (a `must_not_answer` target: a WAN workstation must NOT reach it).
 */
export const ProbeScope = z.enum(['lan', 'wan', 'internet']);

/**
 * What a target is in the unit's plan. The rules read these four names, so an org file may use
 * only these: a misspelt role would leave the LAN or WAN rules `unknown` without a word.
 */
export const ProbeRole = z.enum(['gateway', 'lan_server', 'wan_endpoint', 'wan_dns', 'must_not_answer']);
export type ProbeRole = z.infer<typeof ProbeRole>;

export const RttStats = z.object({
  minMs: z.number().nonnegative(),
  medianMs: z.number().nonnegative(),
  p95Ms: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
});

export const ProbeResult = z.object({
  kind: ProbeKind,
  scope: ProbeScope,
  /** Role in the unit's plan: `gateway`, `lan_server`, `wan_endpoint`, `wan_dns`... */
  role: z.string().min(1).max(64),
  target: Text,
  startedAt: Timestamp,
  sent: z.number().int().nonnegative(),
  received: z.number().int().nonnegative(),
  lossPct: z.number().min(0).max(100),
  rtt: RttStats.nullable(),
  jitterMs: z.number().nonnegative().nullable(),
  error: Text.nullable(),
  /** Kind-specific facts: HTTP status, DNS answers. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).default({}),
});
export type ProbeResult = z.infer<typeof ProbeResult>;

export const ProbesSection = z.object({
  results: z.array(ProbeResult).max(256),
});
export type ProbesSection = z.infer<typeof ProbesSection>;
