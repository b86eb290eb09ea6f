/** Windows and Office licence state as read from the Software Protection Platform. */
import { z } from 'zod';
import { Text, boundedArray } from '../common.js';

export const LicenseStatus = z.enum(['licensed', 'grace', 'notification', 'unlicensed', 'unknown']);
export const LicenseChannel = z.enum(['oem', 'retail', 'volume_kms', 'volume_mak', 'subscription', 'unknown']);

export const LicenseEntry = z.object({
  product: Text,
  status: LicenseStatus,
  /** SoftwareLicensingProduct.LicenseStatus (0..6) where the source gives one. */
  statusCode: z.number().int().nullable(),
  channel: LicenseChannel,
  description: Text.default(''),
  partialProductKey: Text.default(''),
  /** For KMS activations: the host that activated it (checked against the allow-list). */
  kmsHost: Text.nullable().default(null),
  source: Text,
  /**
   * Whether this counts as licensed software for the rollout target: false for a KMS
   * activation from a host not on the allow-list, null where it cannot be decided.
   */
  licensedSoftware: z.boolean().nullable().default(null),
  /** Why `licensedSoftware` is what it is, as a sentence. */
  verdictReason: Text.default(''),
});
export type LicenseEntry = z.infer<typeof LicenseEntry>;

export const LicensingSection = z.object({
  windows: LicenseEntry.nullable(),
  office: boundedArray(LicenseEntry, 64),
});
export type LicensingSection = z.infer<typeof LicensingSection>;
