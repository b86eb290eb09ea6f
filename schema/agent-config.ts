/** What `GET /api/v1/agent/config` answers: the calling agent's probe targets and interval. */
import { z } from 'zod';
import { ProbeKind, ProbeRole, ProbeScope } from './sections/probes.js';

/** A DNS server as c-ares takes it: an IP address, optionally with a port (`10.0.0.53:5353`, `[fd00::53]:53`). */
const IpAddress = z.union([z.ipv4(), z.ipv6()]);
const isIP = (s: string): boolean => IpAddress.safeParse(s).success;
const isDnsServer = (s: string): boolean => {
  if (isIP(s)) return true;
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(s) ?? /^([^:]+):(\d{1,5})$/.exec(s);
  return Boolean(m && isIP(m[1]!) && Number(m[2]) >= 1 && Number(m[2]) <= 65535);
};

const isHttpUrl = (s: string): boolean => {
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

export const ProbeTarget = z
  .object({
    kind: ProbeKind,
    scope: ProbeScope,
    role: ProbeRole,
    /** Host name or address; for `http` a full URL; for `dns` the name to resolve. */
    target: z.string().min(1).max(1024),
    /** For `tcp`: the port to connect to. */
    port: z.number().int().min(1).max(65535).optional(),
    /** For `dns`: the server to ask, an IP address with an optional port. */
    server: z.string().min(1).max(255).optional(),
    /** Packets (or attempts) in the burst; the config's `probeCount` when absent. */
    count: z.number().int().min(1).max(1000).optional(),
    /** Time between the starts of two attempts of the burst (default 200 ms). */
    intervalMs: z.number().int().min(10).max(10_000).optional(),
    /** How long one attempt waits for its answer (default 2000 ms). */
    timeoutMs: z.number().int().min(100).max(60_000).optional(),
  })
  .superRefine((t, ctx) => {
    // Said at load, so that a unit's plan with a target the agent cannot probe fails early.
    if (t.kind === 'tcp' && t.port === undefined) {
      ctx.addIssue({ code: 'custom', path: ['port'], message: 'a tcp target needs a port' });
    }
    if (t.kind === 'dns' && t.server === undefined) {
      ctx.addIssue({ code: 'custom', path: ['server'], message: 'a dns target needs the server to ask (an IP address)' });
    }
    if (t.kind === 'dns' && t.server !== undefined && !isDnsServer(t.server)) {
      ctx.addIssue({ code: 'custom', path: ['server'], message: 'use an IP address, optionally with :port (e.g. "10.0.0.53")' });
    }
    if (t.kind === 'http' && !isHttpUrl(t.target)) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'an http target is a full http:// or https:// URL' });
    }
    // A must-not-answer target is probed to prove there is NO path to it: an address (never a
    // name, whose lookup would itself go out through the machine's resolver), by ping or TCP.
    if ((t.role === 'must_not_answer') !== (t.scope === 'internet')) {
      ctx.addIssue({ code: 'custom', path: [t.role === 'must_not_answer' ? 'scope' : 'role'], message: 'a must_not_answer target has scope internet, and only such a target does' });
    }
    if (t.role === 'must_not_answer' && t.kind !== 'icmp' && t.kind !== 'tcp') {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a must_not_answer target is probed by icmp or tcp' });
    }
    if (t.role === 'must_not_answer' && !isIP(t.target)) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'a must_not_answer target is an IP address (a public address your IT staff chose), not a name' });
    }
  });
export type ProbeTarget = z.infer<typeof ProbeTarget>;

export const AgentConfig = z.object({
  intervalSeconds: z.number().int().min(10).max(86400),
  probeCount: z.number().int().min(1).max(100).default(10),
  /** Seconds between probe-only reports (docs/availability.md); 0 or absent: none (older collectors). */
  probeIntervalSeconds: z.number().int().min(0).max(86400).default(0),
  targets: z.array(ProbeTarget).max(64),
  /**
   * KMS hosts the organisation runs. A KMS activation from any other host is not licensed
   * software (pirate KMS); the agent says so in its licensing section.
   */
  kmsAllowList: z.array(z.string().min(1).max(255)).max(64).default([]),
  /**
   * The agent version the collector expects hosts to run; an older agent says so in its log and
   * fails the `agent-current` rule. Absent from collectors older than this field.
   */
  expectedAgentVersion: z.string().min(1).max(64).optional(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;
