/**
 * The `preUseScan` section of a rule pack: how long a verdict stays in force, whether a second
 * person must accept it, and which changes of a device's posture since the scan are material
 * (each with its reason). `rules/scan/policy.ts` checks the aspect and change names against
 * the posture registry so a bad pack names the entry at fault.
 */
import { z } from 'zod';

const settingOf = <T extends z.ZodType>(value: T, fallback: z.infer<T>) =>
  z
    .object({ value, reason: z.string().min(1).max(2000) })
    .strict()
    .default({ value: fallback, reason: 'not set in this pack: the built-in default' } as never);

export const MaterialChange = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and dashes (e.g. "new-remote-access")'),
    /** A posture aspect, e.g. `security.remote_access_tools` (docs/scans.md lists them). */
    aspect: z.string().min(1).max(64),
    /** `added`, `removed` (lists), `off`, `on` (switches), `changed` (anything). */
    change: z.enum(['added', 'removed', 'off', 'on', 'changed']),
    reason: z.string().min(1).max(2000),
  })
  .strict();
export type MaterialChange = z.infer<typeof MaterialChange>;

export const PreUseScanPolicy = z
  .object({
    /** Days a verdict stays in force after the scan day. */
    validDays: settingOf(z.number().int().min(1).max(3650), 365),
    /** When true, a pass or conditional verdict counts only once a second person accepted it. */
    acceptance: settingOf(z.boolean(), false),
    materialChanges: z.array(MaterialChange).max(64).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.materialChanges.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['materialChanges', i, 'id'], message: `"${c.id}" is used twice` });
      seen.add(c.id);
    });
  });
export type PreUseScanPolicy = z.infer<typeof PreUseScanPolicy>;
