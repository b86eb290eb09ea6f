/**
 * Building blocks shared by every schema: timestamps, byte counts, the error entries a
 * collector leaves when it could not learn something.
 */
import { z } from 'zod';

/** An ISO 8601 timestamp with an offset, e.g. `2025-12-10T08:00:00.000Z`. */
export const Timestamp = z.iso.datetime({ offset: true });

/** A calendar day, `YYYY-MM-DD`, as used for deadlines and `asOf`. */
export const Day = z.iso.date();

export const Bytes = z.number().int().nonnegative();

/** Text a collector read from the machine: may be empty, never undefined. */
export const Text = z.string().max(4096);

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
