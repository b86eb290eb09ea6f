/**
 * What `enabled` means in the antivirus section: this product protects the machine now. A
 * passive product (Defender standing beside another antivirus) and a stale one (listed by
 * SecurityCenter2 but uninstalled) protect nothing, whatever they report; their `source`
 * keeps what the machine said. So "at least one product enabled" is the protection test,
 * and a passive Defender beside an active product is not a failure.
 */
import type { AntivirusProduct } from '../../schema/index.js';

export const notProtecting = (p: AntivirusProduct): AntivirusProduct =>
  p.passive || p.stale ? { ...p, enabled: false, realTime: false } : p;
