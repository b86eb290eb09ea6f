/** Operating system facts of one host. */
import { z } from 'zod';
import { Text } from '../common.js';

export const OsSection = z.object({
  platform: z.enum(['linux', 'windows', 'darwin', 'freebsd', 'other']),
  distro: Text,
  release: Text,
  codename: Text.default(''),
  kernel: Text,
  arch: Text,
  hostname: Text,
  fqdn: Text.default(''),
  build: Text.default(''),
  /** Windows Server / Linux server editions change which antivirus facts exist. */
  isServer: z.boolean().nullable().default(null),
  uefi: z.boolean().nullable().default(null),
  /** The user signed in at the console when the report was collected; null when nobody is or it cannot be told. */
  user: Text.nullable().default(null),
});
export type OsSection = z.infer<typeof OsSection>;
