/**
 * Building blocks shared by every schema: timestamps, ids, byte counts, bounded collections,
 * the error entries a collector leaves when it could not learn something.
 */
import { z } from 'zod';

/**
 * An ISO 8601 timestamp with an offset, e.g. `2025-12-10T08:00:00.000Z` or
 * `2025-12-10T15:00:00+07:00`: a real calendar instant (zod's pattern checks month lengths and
 * leap days). Two timestamps are compared with `instantMs`, never as strings: `+07:00` and
 * `Z` spell the same instant differently.
 */
export const Timestamp = z.iso.datetime({ offset: true });

/** Milliseconds since the epoch of a validated `Timestamp`. */
export const instantMs = (ts: string): number => Date.parse(ts);

/** A UUID in its canonical lower-case form, so case can never make two of one thing. */
export const Uuid = z.uuid().toLowerCase();

/** A calendar day, `YYYY-MM-DD`, as used for deadlines and `asOf`. */
export const Day = z.iso.date();

/** A rule's id in a pack. */
export const RuleId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and dashes (e.g. "lan-gateway")');

export const Bytes = z.number().int().nonnegative();

/** Text a collector read from the machine: may be empty, never undefined. */
export const Text = z.string().max(4096);

/**
 * Invalid items of one array that are reported before the rest is left unchecked. Keeps the
 * cost of rejecting a hostile body near the cost of accepting a valid one: a 1 MiB list of
 * 20,000 bad entries stops at the tenth instead of building 80,000 issues.
 */
export const MAX_BAD_ITEMS = 10;

/**
 * `z.array(item).max(max)` that checks the length before any item and stops after
 * `MAX_BAD_ITEMS` invalid items. Its types are those of `z.array(item)`.
 */
export function boundedArray<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(z.unknown())
    .max(max)
    .transform((items, ctx) => {
      const out: unknown[] = new Array(items.length);
      let bad = 0;
      for (let i = 0; i < items.length; i++) {
        const r = item.safeParse(items[i]);
        if (r.success) {
          out[i] = r.data;
          continue;
        }
        for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [i, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
        if (++bad >= MAX_BAD_ITEMS && i < items.length - 1) {
          ctx.addIssue({ code: 'custom', path: [i + 1], message: `items from here on were not checked after ${bad} invalid ones; fix those first` });
          break;
        }
      }
      return out;
    }) as unknown as z.ZodType<z.output<T>[], z.input<T>[]>;
}

/** A record of at most `maxKeys` keys of at most 64 characters; the count is checked before any value. */
export function boundedRecord<T extends z.ZodType>(value: T, maxKeys: number) {
  return z
    .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object')
    .refine((v) => Object.keys(v).length <= maxKeys, `may have at most ${maxKeys} keys`)
    .pipe(z.record(z.string().max(64), value));
}

/**
 * What a collector could not learn and why. A failed collector never throws: its section is
 * left out of the report (meaning `unknown`) and one of these says what happened.
 */
export const CollectionError = z.object({
  section: z.string().min(1).max(64),
  message: z.string().min(1).max(2000),
  code: z.enum(['timeout', 'failed', 'unsupported', 'not_found', 'permission']).default('failed'),
});
export type CollectionError = z.infer<typeof CollectionError>;
