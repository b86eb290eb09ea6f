/** What `GET /api/v1/agent/config` answers: the calling agent's probe targets and interval. */
import { z } from 'zod';
import { ProbeKind, ProbeScope } from './sections/probes.js';

export const ProbeTarget = z.object({
  kind: ProbeKind,
  scope: ProbeScope,
  role: z.string().min(1).max(64),
  /** Host name or address; for `http` a full URL; for `dns` the name to resolve. */
  target: z.string().min(1).max(1024),
  port: z.number().int().min(1).max(65535).optional(),
  /** For `dns`: the server to ask. */
  server: z.string().min(1).max(255).optional(),
  count: z.number().int().min(1).max(100).optional(),
});
export type ProbeTarget = z.infer<typeof ProbeTarget>;

export const AgentConfig = z.object({
  intervalSeconds: z.number().int().min(10).max(86400),
  probeCount: z.number().int().min(1).max(100).default(10),
  targets: z.array(ProbeTarget).max(64),
  /**
   * KMS hosts the organisation runs. A KMS activation from any other host is not licensed
   * software (pirate KMS); the agent says so in its licensing section.
   */
  kmsAllowList: z.array(z.string().min(1).max(255)).max(64).default([]),
});
export type AgentConfig = z.infer<typeof AgentConfig>;
