/** Network interfaces and the default route as the host sees them. */
import { z } from 'zod';
import { Text, boundedArray } from '../common.js';

export const NetworkInterface = z.object({
  name: Text,
  mac: Text,
  ipv4: boundedArray(Text, 64),
  ipv6: boundedArray(Text, 64),
  type: Text,
  operstate: Text,
  speedMbps: z.number().nonnegative().nullable(),
  virtual: z.boolean(),
  internal: z.boolean(),
  dhcp: z.boolean().nullable(),
});

export const NetworkSection = z.object({
  interfaces: boundedArray(NetworkInterface, 256),
  defaultGateway: Text.nullable(),
  defaultInterface: Text.nullable(),
});
export type NetworkSection = z.infer<typeof NetworkSection>;
