/**
 * The one interface of a Linux antivirus reader: given the run's recorded outputs, it returns
 * the product it knows how to read, or null when that product is not on the machine.
 */
import type { AntivirusProduct } from '../../../schema/index.js';
import type { AntivirusVendor, Catalogue } from '../../catalogue/catalogue.js';
import { matchesProcess } from '../../catalogue/match.js';
import type { RawOutputs } from '../../exec/recorded.js';
import type { LinuxPackage } from '../software.js';

export interface LinuxAvContext {
  outputs: RawOutputs;
  /** Running process names; null when they could not be read. */
  processes: readonly string[] | null;
  packages: readonly LinuxPackage[];
  catalogue: Catalogue;
  now: Date;
}

export interface LinuxAvReader {
  /** The catalogue vendor this reader covers, so the package fallback skips it. */
  vendorId: string;
  read(ctx: LinuxAvContext): AntivirusProduct | null;
}

export const vendorById = (catalogue: Catalogue, id: string): AntivirusVendor => {
  const vendor = catalogue.antivirus.find((v) => v.id === id);
  if (!vendor) throw new Error(`the catalogue has no antivirus entry "${id}"; restore agent/catalogue/catalogue.yaml`);
  return vendor;
};

/** Whether any of `names` runs; null when the process list is unknown. */
export function anyRunning(ctx: LinuxAvContext, names: readonly string[]): boolean | null {
  if (!ctx.processes) return null;
  return names.length ? ctx.processes.some((p) => matchesProcess(p, names)) : null;
}

/** "Key: value" lines, keys lower-cased. */
export function keyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([^:=]+?)\s*[:=]\s*(.*?)\s*$/.exec(line);
    if (m && !out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), m[2]!);
  }
  return out;
}
