/**
 * Pre-use scan facts, from the standing of the host's scan on the evaluated day
 * (rules/scan/standing.ts): the verdict that counts, whether it is still in force, the
 * material changes since the report it judged, and its age. All are missing for a device
 * never scanned, so a rule on them is `unknown` until the security team records a verdict.
 */
import type { EvidenceNote, ScanStanding } from '../../schema/index.js';
import { changeKey } from '../scan/policy.js';
import { inForce } from '../scan/standing.js';
import { defineFacts } from './types.js';

/** 2025-12-05 → 05/12/2025, as the verdicts are dated on paper (messages of the scan API and CLI). */
export const paperDay = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** The verdict that counts, with who gave it and when; the writer says why it does not clear the device. */
function standingNote(s: ScanStanding): EvidenceNote[] | undefined {
  const scan = s.scan;
  if (!scan) return undefined;
  return [
    {
      code: 'pre_use_scan',
      status: s.status,
      verdict: scan.verdict,
      officer: scan.officer,
      scannedOn: scan.scannedOn,
      ageDays: s.ageDays,
      dueDate: scan.dueDate,
      conditions: scan.conditions,
    },
  ];
}

const VERDICTS = {
  pass: { vi: 'đạt', en: 'pass' },
  fail: { vi: 'không đạt', en: 'fail' },
  conditional: { vi: 'đạt có điều kiện', en: 'conditional pass' },
};

export const scanFacts = defineFacts([
  {
    name: 'scan.verdict',
    type: 'string',
    label: { vi: 'kết luận rà quét an ninh trước khi sử dụng', en: 'pre-use scan verdict' },
    values: VERDICTS,
    section: 'scan',
    description: 'The verdict that counts: `pass`, `fail` or `conditional`; with acceptance on, the latest accepted one (a failure counts at once). Missing when the device was never scanned.',
    resolve: (ctx) => (ctx.scan && ctx.scan.status !== 'never' && ctx.scan.status !== 'awaiting_acceptance' ? ctx.scan.scan?.verdict : undefined),
    note: (ctx) => (ctx.scan ? standingNote(ctx.scan) : undefined),
    missing: () => 'never_scanned',
  },
  {
    name: 'scan.in_force',
    type: 'boolean',
    label: { vi: 'kết luận rà quét an ninh còn hiệu lực', en: 'pre-use scan in force' },
    section: 'scan',
    description: 'Whether the verdict still clears the device: a pass, or a conditional pass up to its due date, younger than the pack\'s `validDays` (and accepted, when the pack asks for acceptance). False for a failure, a lapsed condition or an expired scan; missing when never scanned.',
    resolve: (ctx) => (ctx.scan ? inForce(ctx.scan) : undefined),
    note: (ctx) => (ctx.scan ? standingNote(ctx.scan) : undefined),
    missing: () => 'never_scanned',
  },
  {
    name: 'scan.changes',
    type: 'list',
    label: { vi: 'thay đổi kể từ lần rà quét', en: 'changes since the scan' },
    section: 'scan',
    description: 'Material changes (the pack\'s `preUseScan.materialChanges`) of the device\'s posture since the report the scan judged, each as `aspect change item`, e.g. `security.remote_access_tools added AnyDesk`, `security.firewall off` (documents say them in their language: "Từ lần rà quét ngày 05/12/2025: đã cài AnyDesk"). Missing when never scanned, or when the latest report lacks an aspect the scanned one had.',
    resolve: (ctx) => ctx.scan?.changes?.map(changeKey) ?? undefined,
    note: (ctx) => {
      const s = ctx.scan;
      if (!s?.scan) return undefined;
      const changes = (s.changes ?? []).map(({ since: _since, ...c }) => c);
      return [{ code: 'changes_since_scan', scannedOn: s.scan.scannedOn, changes }];
    },
    missing: (ctx) => (ctx.scan?.scan ? 'changes_unknown' : 'never_scanned'),
  },
  {
    name: 'scan.age_days',
    type: 'number',
    label: { vi: 'số ngày kể từ lần rà quét an ninh', en: 'days since the pre-use scan' },
    unit: 'days',
    section: 'scan',
    description: 'Days since the scan day of the verdict that counts.',
    resolve: (ctx) => (ctx.scan?.scan ? (ctx.scan.ageDays ?? undefined) : undefined),
    missing: () => 'never_scanned',
  },
]);
