/** Installed programs (Windows registry uninstall keys, dpkg, rpm). */
import { z } from 'zod';
import { Text, boundedArray } from '../common.js';

export const InstalledProgram = z.object({
  name: Text,
  version: Text.default(''),
  publisher: Text.default(''),
  /** `YYYY-MM-DD` where the source records it. */
  installDate: Text.nullable().default(null),
  /** Windows `SystemComponent=1`: hidden from "Programs and Features". */
  systemComponent: z.boolean().default(false),
  scope: z.enum(['machine', 'user']).default('machine'),
  arch: Text.default(''),
});
export type InstalledProgram = z.infer<typeof InstalledProgram>;

export const SoftwareSection = z.object({
  source: z.enum(['registry', 'dpkg', 'rpm', 'none']),
  programs: boundedArray(InstalledProgram, 20000),
});
export type SoftwareSection = z.infer<typeof SoftwareSection>;
