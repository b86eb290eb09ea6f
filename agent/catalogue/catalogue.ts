/**
 * The catalogue of known antivirus products, remote-access tools, signing tokens and OS
 * end-of-support dates: a YAML data file beside this module, validated once when first used.
 * A broken catalogue is a packaging error, so loading it throws a sentence naming the field.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AdapterKind, Day, UsbId, formatIssues } from '../../schema/index.js';
import { readAsset } from '../assets.js';

const Names = z.array(z.string().min(1)).default([]);

export const AntivirusVendor = z.object({
  id: z.string().min(1),
  vendor: z.string().min(1),
  product: z.string().min(1),
  aliases: z.array(z.string().min(1)).min(1),
  windowsServices: Names,
  linuxPackages: Names,
  linuxProcesses: Names,
  /** Processes whose presence means on-access (real-time) scanning is running. */
  linuxRealTimeProcesses: Names,
  source: z.string().min(1),
});
export type AntivirusVendor = z.infer<typeof AntivirusVendor>;

export const RemoteAccessTool = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).min(1),
  processes: Names,
  source: z.string().min(1),
});
export type RemoteAccessTool = z.infer<typeof RemoteAccessTool>;

export const SigningTokenModel = z.object({
  name: z.string().min(1),
  vendorId: UsbId,
  /** Empty: every product of this vendor id is a token. */
  productIds: z.array(UsbId).default([]),
  source: z.string().min(1),
});
export type SigningTokenModel = z.infer<typeof SigningTokenModel>;

export const WindowsRelease = z.object({
  name: z.string().min(1),
  build: z.number().int().positive(),
  server: z.boolean(),
  /** EditionID values this entry is limited to; absent: any edition. */
  editions: z.array(z.string().min(1)).optional(),
  endOfSupport: Day,
});
export type WindowsRelease = z.infer<typeof WindowsRelease>;

export const LinuxRelease = z.object({
  name: z.string().min(1),
  /** os-release `ID`. */
  id: z.string().min(1),
  version: z.string().min(1),
  /** Compare the whole VERSION_ID (Ubuntu `22.04`) instead of its major number. */
  fullVersion: z.boolean().default(false),
  endOfSupport: Day,
  note: z.string().optional(),
});
export type LinuxRelease = z.infer<typeof LinuxRelease>;

export const AdapterKindRule = z.object({
  kind: AdapterKind,
  /** Words of the adapter's description (Windows InterfaceDescription, Linux product name). */
  aliases: Names,
  /** Linux kernel driver names (sysfs `device/driver`). */
  drivers: Names,
  /** Linux `DEVTYPE` values (sysfs `uevent`). */
  devtypes: Names,
  source: z.string().min(1),
});
export type AdapterKindRule = z.infer<typeof AdapterKindRule>;

/** A USB id family: `productIds: []` means every product of the vendor. */
export const UsbFamily = z.object({
  name: z.string().min(1),
  vendorId: UsbId,
  productIds: z.array(UsbId).default([]),
  source: z.string().min(1),
});
export type UsbFamily = z.infer<typeof UsbFamily>;

const Hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`), `expected ${length} lowercase hex digits`);

export const SigningCatalogue = z.object({
  rootCAs: z
    .array(
      z.object({
        name: z.string().min(1),
        subjectAliases: z.array(z.string().min(2)).min(1),
        sha1: z.array(Hex(40)).default([]),
        sha256: z.array(Hex(64)).default([]),
        source: z.string().min(1),
      }),
    )
    .min(1),
  issuingCAs: z.array(z.object({ name: z.string().min(1), aliases: z.array(z.string().min(2)).min(1), source: z.string().min(1) })).min(1),
  tokenProviders: z.array(z.object({ name: z.string().min(1), source: z.string().min(1) })).min(1),
  software: z
    .array(z.object({ name: z.string().min(1), kind: z.enum(['middleware', 'signing']), aliases: z.array(z.string().min(2)).min(1), source: z.string().min(1) }))
    .min(1),
});
export type SigningCatalogue = z.infer<typeof SigningCatalogue>;

export const Catalogue = z.object({
  signatureMaxAgeDays: z.number().int().positive(),
  antivirus: z.array(AntivirusVendor).min(1),
  remoteAccess: z.array(RemoteAccessTool).min(1),
  signingTokens: z.array(SigningTokenModel).min(1),
  adapterKinds: z.array(AdapterKindRule).min(1),
  usbModems: z.array(UsbFamily).min(1),
  signing: SigningCatalogue,
  osSupport: z.object({
    windows: z.array(WindowsRelease),
    linux: z.array(LinuxRelease),
    source: z.string().min(1),
  }),
});
export type Catalogue = z.infer<typeof Catalogue>;

/** Parses catalogue text; `file` is named in the error. */
export function parseCatalogue(text: string, file: string): Catalogue {
  const parsed = Catalogue.safeParse(parseYaml(text));
  if (!parsed.success) {
    const fields = formatIssues(parsed.error).map((i) => `"${i.path}" ${i.message}`);
    throw new Error(`the catalogue ${file} is not valid (${fields.join('; ')}); restore it from the agent's release`);
  }
  return parsed.data;
}

let cached: Catalogue | null = null;

/** The shipped catalogue, read and validated on first use. */
export function loadCatalogue(): Catalogue {
  if (!cached) {
    const { text, source } = readAsset('agent/catalogue/catalogue.yaml');
    cached = parseCatalogue(text, source);
  }
  return cached;
}
