/** Security posture facts for the pre-use scan. */
import { z } from 'zod';
import { Text } from '../common.js';
import { UsbId } from './peripherals.js';

export const SecuritySection = z.object({
  firewall: z.array(z.object({ profile: Text, enabled: z.boolean().nullable() })).max(16),
  diskEncryption: z
    .array(z.object({ volume: Text, encrypted: z.boolean().nullable(), method: Text.default('') }))
    .max(64),
  lastUpdateInstalledAt: Text.nullable(),
  localAdmins: z.array(Text).max(256).nullable(),
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
