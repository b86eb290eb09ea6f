/** Every report kind, registered in one list; look one up by its name. */
import type { ReportKind } from '../../schema/index.js';
import type { ReportKindBuilder } from '../document.js';
import { hostsKind } from './hosts.js';
import { progressKind } from './progress.js';
import { scansKind } from './scans.js';
import { securityKind } from './security.js';
import { summaryKind } from './summary.js';
import { trackerKind } from './tracker.js';
import { equipmentKind } from './equipment.js';
import { availabilityKind } from './availability.js';

export const KINDS: readonly ReportKindBuilder[] = [summaryKind, trackerKind, hostsKind, securityKind, progressKind, equipmentKind, scansKind, availabilityKind];

export function kindBuilder(kind: ReportKind): ReportKindBuilder {
  const found = KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`no report kind "${kind}"; the kinds are ${KINDS.map((k) => k.kind).join(', ')}`);
  return found;
}
