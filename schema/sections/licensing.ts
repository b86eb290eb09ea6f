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
  /**
   * Whole days left before the licence must be renewed (SPP `GracePeriodRemaining`, minutes,
   * rounded down; ospp.vbs "REMAINING GRACE"); null where the source gives none. A genuine KMS
   * activation holds at most 180 days and renews; decades mean a KMS38/KMS4k crack.
   */
  graceRemainingDays: z.number().int().nonnegative().nullable().default(null),
  source: Text,
  /**
   * The agent's verdict, a hint: whether this counts as licensed software for the rollout
   * target (false for a KMS activation from a host not on the allow-list), null where it cannot
   * be decided. The collector judges every report again against its own allow-list
   * (rules/facts/licensing.ts); the rules read the collector's verdict.
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
