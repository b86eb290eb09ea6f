/** Antivirus products found on a host and their protection state. */
import { z } from 'zod';
import { Text, boundedArray } from '../common.js';

export const AntivirusProduct = z.object({
  name: Text,
  vendor: Text,
  enabled: z.boolean().nullable(),
  realTime: z.boolean().nullable(),
  upToDate: z.boolean().nullable(),
  signatureAgeDays: z.number().nonnegative().nullable(),
  /** Defender in passive mode beside another product: not a failure. */
  passive: z.boolean().default(false),
  /** Still listed by SecurityCenter2 but no longer installed. */
  stale: z.boolean().default(false),
  source: Text,
});
export type AntivirusProduct = z.infer<typeof AntivirusProduct>;

export const AntivirusSection = z.object({
  products: boundedArray(AntivirusProduct, 64),
});
export type AntivirusSection = z.infer<typeof AntivirusSection>;
