/**
 * Reachability probe results. RTT statistics are over the replies that came back; 100% loss
 * has no RTT (`rtt: null`), never a zero RTT.
 */
import { z } from 'zod';
import { Text, Timestamp, boundedArray, boundedRecord } from '../common.js';

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

/** The statistics that can be upper bounds rather than measurements (see `RttStats.bounded`). */
export const BoundedStat = z.enum(['minMs', 'medianMs', 'p95Ms', 'maxMs', 'jitterMs']);

export const RttStats = z.object({
  minMs: z.number().nonnegative(),
  medianMs: z.number().nonnegative(),
  p95Ms: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
  /**
   * Present when some replies were reported only as "under N ms" (Windows `ping` prints
   * `time<1ms` below its 1 ms resolution): those replies count as N in the figures, and the
   * statistics listed in `upperBounds` are upper bounds ("under"), not measurements.
   * Optional, so reports of agents that did not mark bounds stay valid; absent means every
   * reply had a measured time.
   */
  bounded: z
    .object({
      underMs: z.number().positive(),
      replies: z.number().int().positive(),
      upperBounds: z.array(BoundedStat).max(5),
    })
    .optional(),
});
export type RttStats = z.infer<typeof RttStats>;

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
  /** Kind-specific facts: HTTP status, DNS answers (a handful of keys; DNS answers bounded). */
  detail: boundedRecord(z.union([Text, z.number(), z.boolean(), boundedArray(Text, 64)]), 32).default({}),
});
export type ProbeResult = z.infer<typeof ProbeResult>;

export const ProbesSection = z.object({
  results: boundedArray(ProbeResult, 256),
});
export type ProbesSection = z.infer<typeof ProbesSection>;
