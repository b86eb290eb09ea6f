/**
 * Antivirus on Linux: each product with a reader (ClamAV, ESET, KESL, Defender for Endpoint)
 * is read from its own tool; any other catalogue product found only as an installed package
 * is listed with its state unknown. None found is `products: []`, which is a finding, not an
 * error.
 */
import type { AntivirusSection } from '../../../schema/index.js';
import type { Catalogue } from '../../catalogue/catalogue.js';
import type { RawOutputs } from '../../exec/recorded.js';
import { outputText } from '../../exec/recorded.js';
import { notProtecting } from '../../posture/antivirus-state.js';
import { LINUX_KEYS } from '../steps.js';
import { packagesIfReadable } from '../software.js';
import { clamavReader } from './clamav.js';
import { esetReader } from './eset.js';
import { keslReader } from './kesl.js';
import { mdatpReader } from './mdatp.js';
import type { LinuxAvContext, LinuxAvReader } from './types.js';

/** The one list of Linux antivirus readers. */
export const LINUX_AV_READERS: readonly LinuxAvReader[] = [clamavReader, esetReader, keslReader, mdatpReader];

/** Running process names from the recorded list; null when it could not be read. */
export function processList(outputs: RawOutputs): string[] | null {
  const text = outputText(outputs, LINUX_KEYS.processes);
  return text === null ? null : text.split('\n').map((l) => l.trim()).filter(Boolean);
}

export function parseLinuxAntivirus(outputs: RawOutputs, catalogue: Catalogue, now: Date): AntivirusSection {
  const packages = packagesIfReadable(outputs);
  const ctx: LinuxAvContext = { outputs, processes: processList(outputs), packages, catalogue, now };
  const products = [];
  const covered = new Set<string>();
  for (const reader of LINUX_AV_READERS) {
    const product = reader.read(ctx);
    if (product) {
      products.push(product);
      covered.add(reader.vendorId);
    }
  }
  for (const vendor of catalogue.antivirus) {
    if (covered.has(vendor.id)) continue;
    const pkg = packages.find((p) => vendor.linuxPackages.includes(p.name));
    if (!pkg) continue;
    products.push({
      name: `${vendor.product} ${pkg.version}`.trim(),
      vendor: vendor.vendor,
      enabled: null,
      realTime: null,
      upToDate: null,
      signatureAgeDays: null,
      passive: false,
      stale: false,
      source: `package ${pkg.name} ${pkg.version} installed; this agent has no status reader for ${vendor.product}`,
    });
  }
  return { products: products.slice(0, 64).map(notProtecting) };
}
