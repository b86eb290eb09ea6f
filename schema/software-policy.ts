/**
 * The software policy a rule pack carries: software every host (of a unit, room or kind) must
 * have, software no host may have, and which antivirus editions are licensed. The collector
 * matches each report's installed-program list against it at ingest and keeps only the small
 * matches with the host (`SoftwareMatches`), because the program list itself stays on disk.
 */
import { z } from 'zod';
import { RuleScope } from './rule-scope.js';

const EntryId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and dashes (e.g. "utorrent")');
/** Whole words matched without case, accents or punctuation (util/name-match.ts). */
const Aliases = z
  .array(z.string().min(2).max(200).refine((a) => /[\p{L}\p{N}]{2}/u.test(a), 'needs at least two letters or digits in a row'))
  .min(1, 'list at least one alias (the words a program name must contain)')
  .max(64);

export const BannedCategory = z.enum(['remote-access', 'p2p', 'games', 'crypto-miner']);
export type BannedCategory = z.infer<typeof BannedCategory>;

export const RequiredSoftware = z
  .object({
    id: EntryId,
    name: z.string().min(1).max(200),
    aliases: Aliases,
    /** Which hosts must have it (units, room needs, levels, device kinds); every host when empty. */
    scope: RuleScope.default({}),
    reason: z.string().min(1).max(2000),
  })
  .strict();
export type RequiredSoftware = z.infer<typeof RequiredSoftware>;

export const BannedSoftware = z
  .object({
    id: EntryId,
    name: z.string().min(1).max(200),
    category: BannedCategory,
    aliases: Aliases,
    /** Where the names come from ("general knowledge" where no public record was checked). */
    source: z.string().min(1).max(1000),
  })
  .strict();
export type BannedSoftware = z.infer<typeof BannedSoftware>;

export const AntivirusEditionKind = z.enum(['paid', 'free', 'included']);

export const AntivirusEdition = z
  .object({
    id: EntryId,
    name: z.string().min(1).max(200),
    /** Words that name the vendor in the antivirus product's name (ties the edition to the product). */
    vendor: z.string().min(2).max(200),
    /** `paid` or `included` (with a licensed OS) count as licensed antivirus; `free` does not. */
    edition: AntivirusEditionKind,
    /** Words of this edition's name, in the antivirus product's name or an installed program's. */
    aliases: Aliases,
    source: z.string().min(1).max(1000),
  })
  .strict();
export type AntivirusEdition = z.infer<typeof AntivirusEdition>;

export const SoftwarePolicy = z
  .object({
    required: z.array(RequiredSoftware).max(256).default([]),
    banned: z.array(BannedSoftware).max(1024).default([]),
    antivirusEditions: z.array(AntivirusEdition).max(256).default([]),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const seen = new Map<string, string>();
    for (const list of ['required', 'banned', 'antivirusEditions'] as const) {
      policy[list].forEach((entry, i) => {
        const other = seen.get(entry.id);
        if (other) ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message: `entry id "${entry.id}" is already used in ${other}` });
        seen.set(entry.id, list);
      });
    }
  });
export type SoftwarePolicy = z.infer<typeof SoftwarePolicy>;

/** What one report's programs and antivirus products matched, kept with the host in memory. */
export const SoftwareMatches = z.object({
  reportId: z.string().max(64),
  /** Fingerprint of the policy matched against: a changed policy leaves these matches unused. */
  policy: z.string().max(64),
  /** False when the report had no program list (no software section, or no package manager). */
  programsKnown: z.boolean(),
  /** Policy entries (required, banned, antivirus editions) found, with the first program that matched. */
  found: z.array(z.object({ id: z.string().max(64), program: z.string().max(300) })).max(512),
  /** The edition of each antivirus product of the report (stale ones left out). */
  antivirus: z
    .array(
      z.object({
        product: z.string().max(300),
        edition: AntivirusEditionKind.nullable(),
        entry: z.string().max(64).nullable(),
        evidence: z.string().max(400),
      }),
    )
    .max(64),
});
export type SoftwareMatches = z.infer<typeof SoftwareMatches>;
