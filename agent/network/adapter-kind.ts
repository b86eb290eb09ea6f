/**
 * What kind of adapter this is, the same way on every platform: a USB id in the catalogue's
 * modem families makes it cellular; then the catalogue's rules on its description, Linux
 * driver and device type; then the medium the OS reports; else `other`.
 */
import type { AdapterKind, UsbModem } from '../../schema/index.js';
import type { Catalogue, UsbFamily } from '../catalogue/catalogue.js';
import { aliasMatcher, normaliseName } from '../catalogue/match.js';

export interface AdapterFacts {
  name: string;
  description: string;
  /** Linux kernel driver (sysfs). */
  driver?: string;
  /** Linux DEVTYPE (sysfs uevent). */
  devtype?: string;
  /** What the OS says the medium is, where it says (Windows NdisPhysicalMedium / ifType, Linux ARPHRD). */
  medium: AdapterKind | null;
  vendorId: string | null;
  productId: string | null;
}

/** The catalogue family of a USB id, if any. */
export function usbFamilyOf(families: readonly UsbFamily[], vendorId: string | null, productId: string | null): UsbFamily | undefined {
  if (!vendorId) return undefined;
  return families.find((f) => f.vendorId === vendorId && (f.productIds.length === 0 || (productId !== null && f.productIds.includes(productId))));
}

/** Modems among the USB devices, one entry per vendor/product pair. */
export function findUsbModems(catalogue: Catalogue, devices: ReadonlyArray<{ vendorId: string | null; productId: string | null }>): UsbModem[] {
  const seen = new Set<string>();
  const out: UsbModem[] = [];
  for (const d of devices) {
    const family = usbFamilyOf(catalogue.usbModems, d.vendorId, d.productId);
    const id = `${d.vendorId}:${d.productId}`;
    if (!family || seen.has(id)) continue;
    seen.add(id);
    out.push({ name: family.name, vendorId: d.vendorId!, productId: d.productId });
  }
  return out.slice(0, 32);
}

const matchers = new WeakMap<Catalogue, Array<(normalised: string) => boolean>>();

export function classifyAdapter(catalogue: Catalogue, a: AdapterFacts): { kind: AdapterKind; kindReason: string } {
  const modem = usbFamilyOf(catalogue.usbModems, a.vendorId, a.productId);
  if (modem) return { kind: 'cellular', kindReason: `USB id ${a.vendorId}:${a.productId} is a ${modem.name}` };
  if (a.medium === 'loopback') return { kind: 'loopback', kindReason: 'loopback interface' };
  let byAlias = matchers.get(catalogue);
  if (!byAlias) matchers.set(catalogue, (byAlias = catalogue.adapterKinds.map((r) => aliasMatcher(r.aliases))));
  const description = normaliseName(a.description);
  for (const [i, rule] of catalogue.adapterKinds.entries()) {
    if (a.driver && rule.drivers.includes(a.driver)) return { kind: rule.kind, kindReason: `driver ${a.driver}` };
    if (a.devtype && rule.devtypes.includes(a.devtype)) return { kind: rule.kind, kindReason: `device type ${a.devtype}` };
    if (description && byAlias[i]!(description)) return { kind: rule.kind, kindReason: `described as "${a.description}"` };
  }
  if (a.medium) return { kind: a.medium, kindReason: 'the medium the OS reports' };
  return { kind: 'other', kindReason: 'no rule of the catalogue matched' };
}
