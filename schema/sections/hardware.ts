/** Hardware inventory: system, BIOS, CPU, memory, disks, filesystems. */
import { z } from 'zod';
import { Bytes, Text, boundedArray } from '../common.js';

export const HardwareSection = z.object({
  system: z.object({
    manufacturer: Text,
    model: Text,
    serial: Text,
    uuid: Text,
    virtual: z.boolean().nullable(),
  }),
  bios: z.object({ vendor: Text, version: Text, releaseDate: Text }),
  cpu: z.object({
    manufacturer: Text,
    brand: Text,
    cores: z.number().int().nonnegative(),
    physicalCores: z.number().int().nonnegative(),
    speedGHz: z.number().nonnegative().nullable(),
  }),
  memory: z.object({ totalBytes: Bytes }),
  disks: boundedArray(
      z.object({
        name: Text,
        type: Text,
        interface: Text,
        vendor: Text,
        sizeBytes: Bytes,
        serial: Text.default(''),
        /**
         * The disk's own health verdict (S.M.A.R.T.): `failing` when it predicts failure or
         * reports itself degraded; `unknown` when the agent could not read it (no smartctl, no
         * rights, a virtual disk). Reports from older agents carry none: unknown.
         */
        smartStatus: z.enum(['ok', 'failing', 'unknown']).default('unknown'),
      }),
      256,
    ),
  filesystems: boundedArray(
      z.object({
        mount: Text,
        fs: Text,
        type: Text,
        sizeBytes: Bytes,
        usedBytes: Bytes,
      }),
      512,
    ),
});
export type HardwareSection = z.infer<typeof HardwareSection>;
