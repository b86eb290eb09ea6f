/**
 * The roll-up keys of the collector config (docs/rollup.md): `parent:` on a child collector
 * (where its figures go), `rollup:` on a parent (how old a child's figures may be).
 */
import { z } from 'zod';
import { UnitId } from '../../schema/index.js';

export const ParentConfig = z
  .object({
    /** The parent collector, e.g. https://readiness.vksndtc.example:8443 */
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
    /** The child token the parent's admin created (`readiness rollup child add`); or READINESS_PARENT_TOKEN. */
    token: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The parent's unit this collector reports for (the unit its token is bound to, or one below it). */
    unit: UnitId,
    /** A snapshot at least this often, besides one shortly after figures change. */
    intervalMinutes: z.number().int().min(1).max(1440).default(60),
    /** After a host changes, wait this long (gathering further changes) before sending. */
    changeDelaySeconds: z.number().int().min(1).max(86_400).default(120),
    /**
     * Send, with the figures, the machines that hold each unit back (agent id, host name, room,
     * the rules each fails or is unknown for) and pass on those its own children sent; default
     * false: no host-level data leaves (docs/rollup.md).
     */
    includeHosts: z.boolean().default(false),
  })
  .strict();
export type ParentConfig = z.infer<typeof ParentConfig>;

export const RollupConfig = z
  .object({
    /** A child whose last snapshot is older than this counts as unknown ("số liệu cũ"). */
    staleHours: z.number().min(1).max(24 * 31).default(26),
  })
  .strict();
export type RollupConfig = z.infer<typeof RollupConfig>;
