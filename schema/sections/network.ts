/** Network interfaces and the default route as the host sees them. */
import { z } from 'zod';
import { Text } from '../common.js';

export const NetworkInterface = z.object({
  name: Text,
  mac: Text,
  ipv4: z.array(Text).max(64),
  ipv6: z.array(Text).max(64),
  type: Text,
  operstate: Text,
  speedMbps: z.number().nonnegative().nullable(),
  virtual: z.boolean(),
  internal: z.boolean(),
  dhcp: z.boolean().nullable(),
});

export const NetworkSection = z.object({
  interfaces: z.array(NetworkInterface).max(256),
  defaultGateway: Text.nullable(),
  defaultInterface: Text.nullable(),
});
export type NetworkSection = z.infer<typeof NetworkSection>;
