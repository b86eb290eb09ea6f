/** Security posture facts for the pre-use scan. */
import { z } from 'zod';
import { Text, boundedArray } from '../common.js';
import { UsbId } from './peripherals.js';

export const SecuritySection = z.object({
  firewall: boundedArray(z.object({ profile: Text, enabled: z.boolean().nullable() }), 16),
  diskEncryption: z
    .array(z.object({ volume: Text, encrypted: z.boolean().nullable(), method: Text.default('') }))
    .max(64),
  lastUpdateInstalledAt: Text.nullable(),
  localAdmins: boundedArray(Text, 256).nullable(),
  remoteAccessTools: z
    .array(z.object({ name: Text, installed: z.boolean(), running: z.boolean(), evidence: Text }))
    .max(64),
  signingTokens: z
    .array(z.object({ name: Text, vendorId: UsbId, productId: UsbId.nullable() }))
    .max(32),
  osSupport: z.object({
    supported: z.boolean().nullable(),
    endOfSupport: Text.nullable(),
    reason: Text,
  }),
});
export type SecuritySection = z.infer<typeof SecuritySection>;
