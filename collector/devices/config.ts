/**
 * The collector config's `devices` block: where the devices' credentials are, how often the
 * devices are scanned, how many at once, and the scanners' time limits.
 */
import { z } from 'zod';

export const DevicesConfig = z
  .object({
    /** YAML map of secret names to values (mode 0600); relative to the config file. */
    secretsFile: z.string().min(1).optional(),
    /** Minutes between scans of every device; 0 scans only on demand. */
    scanIntervalMinutes: z.number().int().min(0).max(10_080).default(60),
    /** Devices scanned at once. */
    concurrency: z.number().int().min(1).max(256).default(16),
    snmp: z
      .object({
        /** Per request; a walk is many requests. */
        timeoutMs: z.number().int().min(100).max(60_000).default(2000),
        retries: z.number().int().min(0).max(5).default(1),
        /** Rows asked per GETBULK: 30 short rows stay within one Ethernet frame's worth of answer. */
        maxRepetitions: z.number().int().min(1).max(100).default(30),
      })
      .strict()
      .default({ timeoutMs: 2000, retries: 1, maxRepetitions: 30 }),
    ssh: z
      .object({
        /** To connect and authenticate. */
        connectTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
        /** The whole audit of one machine. */
        auditTimeoutMs: z.number().int().min(1000).max(600_000).default(120_000),
      })
      .strict()
      .default({ connectTimeoutMs: 10_000, auditTimeoutMs: 120_000 }),
  })
  .strict();
export type DevicesConfig = z.infer<typeof DevicesConfig>;
