/** Printers, scanners and USB devices attached to (or configured on) a host. */
import { z } from 'zod';
import { Text, boundedArray } from '../common.js';

/** USB ids are four lowercase hex digits, e.g. `0529` (SafeNet) — normalised by the agent. */
export const UsbId = z.string().regex(/^[0-9a-f]{4}$/, 'expected four lowercase hex digits');

export const UsbDevice = z.object({
  name: Text,
  manufacturer: Text,
  vendorId: UsbId.nullable(),
  productId: UsbId.nullable(),
  type: Text,
  serial: Text.default(''),
});
export type UsbDevice = z.infer<typeof UsbDevice>;

export const Printer = z.object({
  name: Text,
  model: Text,
  status: Text,
  local: z.boolean().nullable(),
  default: z.boolean().nullable(),
  uri: Text.default(''),
});

export const Scanner = z.object({ name: Text, model: Text.default(''), connection: Text.default('') });

export const PeripheralsSection = z.object({
  printers: boundedArray(Printer, 256),
  scanners: boundedArray(Scanner, 256).default([]),
  usb: boundedArray(UsbDevice, 512),
});
export type PeripheralsSection = z.infer<typeof PeripheralsSection>;
