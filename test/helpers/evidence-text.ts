/** Evidence as an English document prints it: what tests compare structured evidence with. */
import { evidenceWriter } from '../../reports/evidence.js';
import { factDictionary } from '../../rules/facts/index.js';
import type { Evidence } from '../../schema/index.js';

const writer = evidenceWriter(factDictionary(), 'en');

export const englishEvidence = (items: readonly Evidence[]): string[] => writer.lines(items);
