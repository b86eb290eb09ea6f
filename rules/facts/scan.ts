/**
 * Pre-use scan facts, from the standing of the host's scan on the evaluated day
 * (rules/scan/standing.ts): the verdict that counts, whether it is still in force, the
 * material changes since the report it judged, and its age. All are missing for a device
 * never scanned, so a rule on them is `unknown` until the security team records a verdict.
 */
import type { ScanStanding } from '../../schema/index.js';
import { inForce } from '../scan/standing.js';
import { defineFacts } from './types.js';

/** 2025-12-05 → 05/12/2025, as the verdicts are dated on paper. */
export const paperDay = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

const NONE = 'no pre-use scan recorded';

const WORD: Record<string, string> = { pass: 'pass', fail: 'fail', conditional: 'conditional pass' };

/** Why a verdict does not clear the device, or who gave the one that does. */
function standingNote(s: ScanStanding): string | undefined {
  const scan = s.scan;
  if (!scan) return undefined;
  const by = `${WORD[scan.verdict]} by ${scan.officer} on ${paperDay(scan.scannedOn)}`;
  switch (s.status) {
    case 'failed':
      return `the scan failed the device (${by})`;
    case 'expired':
      return `the scan of ${paperDay(scan.scannedOn)} is ${s.ageDays} days old: scan the device again`;
    case 'lapsed':
      return `the conditions of the scan of ${paperDay(scan.scannedOn)} were due on ${paperDay(scan.dueDate!)}: ${scan.conditions.join('; ')}`;
    case 'awaiting_acceptance':
      return `the verdict (${by}) awaits acceptance by a second person`;
    default:
      return by;
  }
}

export const scanFacts = defineFacts([
  {
    name: 'scan.verdict',
    type: 'string',
    label: 'pre-use scan verdict',
    section: 'scan',
    description: 'The verdict that counts: `pass`, `fail` or `conditional`; with acceptance on, the latest accepted one (a failure counts at once). Missing when the device was never scanned.',
    resolve: (ctx) => (ctx.scan && ctx.scan.status !== 'never' && ctx.scan.status !== 'awaiting_acceptance' ? ctx.scan.scan?.verdict : undefined),
    note: (ctx) => (ctx.scan ? standingNote(ctx.scan) : undefined),
    missing: NONE,
  },
  {
    name: 'scan.in_force',
    type: 'boolean',
    label: 'pre-use scan in force',
    section: 'scan',
    description: 'Whether the verdict still clears the device: a pass, or a conditional pass up to its due date, younger than the pack\'s `validDays` (and accepted, when the pack asks for acceptance). False for a failure, a lapsed condition or an expired scan; missing when never scanned.',
    resolve: (ctx) => (ctx.scan ? inForce(ctx.scan) : undefined),
    note: (ctx) => (ctx.scan ? standingNote(ctx.scan) : undefined),
    missing: NONE,
  },
  {
    name: 'scan.changes',
    type: 'list',
    label: 'changes since the scan',
    section: 'scan',
    description: 'Material changes (the pack\'s `preUseScan.materialChanges`) of the device\'s posture since the report the scan judged, e.g. `AnyDesk installed`. Missing when never scanned, or when the latest report lacks an aspect the scanned one had.',
    resolve: (ctx) => ctx.scan?.changes ?? undefined,
    note: (ctx) => (ctx.scan?.scan ? `since the scan on ${paperDay(ctx.scan.scan.scannedOn)}` : undefined),
    missing: 'changes since the scan: not known',
  },
  {
    name: 'scan.age_days',
    type: 'number',
    label: 'days since the pre-use scan',
    unit: 'days',
    section: 'scan',
    description: 'Days since the scan day of the verdict that counts.',
    resolve: (ctx) => (ctx.scan?.scan ? (ctx.scan.ageDays ?? undefined) : undefined),
    missing: NONE,
  },
]);
