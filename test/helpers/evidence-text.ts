/** Evidence as an English document prints it: what tests compare structured evidence with. */
import { evidenceWriter } from '../../reports/evidence.js';
import { factDictionary } from '../../rules/facts/index.js';
import type { Evidence } from '../../schema/index.js';

const writer = evidenceWriter(factDictionary(), 'en');

export const englishEvidence = (items: readonly Evidence[]): string[] => writer.lines(items);

/** English words a Vietnamese document's evidence must not hold (data such as host names aside). */
export const ENGLISH_WORDS =
  /\b(expected|not|reported|none|yes|no|loss|target|targets|running|installed|enabled|the|of|could|tell|agent|report|reports|hours|days|years|held|status|section|answered|probed|probes|rule|covers|room|need|needs|support|supported|dated|found|licensed|licence|activated|unreachable|firewall|median|protection|signatures|memory|disk|unknown|pass|fail|device|scanned|bought|entry|age)\b/i;
