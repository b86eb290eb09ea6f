/**
 * The pre-use scan register (Sổ theo dõi rà quét an ninh) for the security team and the
 * units: per unit (with the units below it) and per room, how many devices were scanned,
 * passed, passed on conditions, failed, lapsed (expired, conditions not met in time, or changed
 * since the scan), were never scanned, and how many are past their scan due day; then one line
 * per device with its last verdict, officer and date, and what changed since.
 */
import type { DocumentColumn, DocumentRow, HostEvaluation, RuleInfo, ScanStatus } from '../../schema/index.js';
import type { BuildInput, BuildOptions, ReportKindBuilder } from '../document.js';
import { documentFrame } from '../document.js';
import { indexEvaluation, nfc } from '../evaluation-index.js';
import { deviceKindLabel, labelsFor } from '../i18n.js';

const COUNTED = ['scanned', 'passed', 'conditional', 'failed', 'lapsed', 'never', 'awaiting', 'overdue'] as const;
type Counted = (typeof COUNTED)[number];

/** Which register columns a device's status counts in ("scanned" for every verdict). */
const BUCKETS: Record<ScanStatus, readonly Counted[]> = {
  never: ['never'],
  passed: ['scanned', 'passed'],
  conditional: ['scanned', 'conditional'],
  failed: ['scanned', 'failed'],
  lapsed: ['scanned', 'lapsed'],
  expired: ['scanned', 'lapsed'],
  changed: ['scanned', 'lapsed'],
  awaiting_acceptance: ['scanned', 'awaiting'],
};

/** The rule that asks for the scan: the per-device rule of category `scan` (the default pack's `pre-use-scan`). */
const scanRuleOf = (rules: readonly RuleInfo[]) => rules.find((r) => r.category === 'scan' && r.graceDays !== undefined) ?? null;

/** The day the device's scan falls due, and whether that day has passed without a passing scan. */
function dueOf(host: HostEvaluation, rule: RuleInfo | null, asOf: string): { dueOn: string | null; overdue: boolean } {
  if (!rule || !host.inUseSince) return { dueOn: null, overdue: false };
  const dueOn = new Date(Date.parse(`${host.inUseSince}T00:00:00Z`) + rule.graceDays! * 86_400_000).toISOString().slice(0, 10);
  const status = host.results.find((r) => r.ruleId === rule.id)?.status;
  return { dueOn, overdue: dueOn < asOf && status !== 'pass' && status !== 'not_applicable' };
}

function build(input: BuildInput, opts: BuildOptions) {
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const S = L.scan;
  const asOf = input.evaluation.asOf;
  const rule = scanRuleOf(ix.rules);

  const deviceRows: DocumentRow[] = [];
  const tallies = new Map<string, Record<Counted | 'devices', number>>();
  const tally = (key: string) => {
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { devices: 0, scanned: 0, passed: 0, conditional: 0, failed: 0, lapsed: 0, never: 0, awaiting: 0, overdue: 0 }));
    return t;
  };
  // A device counts in its room, its unit and every unit above it in the evaluation.
  const parents = new Map(ix.evaluation.units.map((u) => [u.unitId, u.parentId]));
  for (const host of ix.hostsInOrder()) {
    const standing = host.scan;
    const status = standing?.status ?? 'never';
    const due = dueOf(host, rule, asOf);
    const keys = [...(host.roomId !== null ? [`r:${host.unitId}/${host.roomId}`] : [])];
    for (let u: string | null | undefined = host.unitId; u; u = parents.get(u)) keys.push(`u:${u}`);
    for (const key of keys) {
      const t = tally(key);
      t.devices++;
      for (const b of BUCKETS[status]) t[b]++;
      if (due.overdue) t.overdue++;
    }
    const scan = standing?.scan ?? null;
    deviceRows.push({
      unit: ix.unitName(host.unitId),
      room: ix.roomName(host.unitId, host.roomId),
      hostname: ix.hostname(host.agentId),
      deviceKind: deviceKindLabel(opts.lang, nfc(host.deviceKind)),
      inUseSince: host.inUseSince ?? null,
      status: S.status[status],
      verdict: scan ? S.verdict[scan.verdict] : null,
      officer: scan ? nfc(scan.officer) : null,
      scannedOn: scan?.scannedOn ?? null,
      conditions: scan?.conditions.length ? scan.conditions.map(nfc) : null,
      dueDate: scan?.dueDate ?? null,
      changesSince: standing?.changes?.length ? standing.changes.map(nfc) : null,
      dueOn: due.dueOn,
      overdue: due.overdue ? S.col.overdue : null,
    });
  }

  const unitRows: DocumentRow[] = [];
  const countCells = (key: string) => {
    const t = tallies.get(key);
    return Object.fromEntries((['devices', ...COUNTED] as const).map((k) => [k, t?.[k] ?? 0]));
  };
  for (const u of ix.unitsInOrder) {
    unitRows.push({ unit: ix.unitName(u.unitId), room: L.meta.wholeUnit, ...countCells(`u:${u.unitId}`) });
    for (const r of u.rooms) unitRows.push({ unit: ix.unitName(u.unitId), room: nfc(r.name), ...countCells(`r:${u.unitId}/${r.roomId}`) });
  }

  const c = L.col;
  const count = (key: Counted | 'devices', label: string): DocumentColumn => ({ key, label, type: 'number' });
  const all = [...ix.evaluation.hosts];
  const total = (b: Counted) => all.filter((h) => BUCKETS[h.scan?.status ?? 'never'].includes(b)).length;
  return {
    ...documentFrame('scans', ix, opts),
    orientation: 'landscape' as const,
    facts: [
      { label: S.col.devices, value: all.length },
      { label: S.col.scanned, value: total('scanned') },
      { label: S.col.passed, value: total('passed') },
      { label: S.col.conditional, value: total('conditional') },
      { label: S.col.failed, value: total('failed') },
      { label: S.col.lapsed, value: total('lapsed') },
      { label: S.col.never, value: total('never') },
      { label: S.col.overdue, value: all.filter((h) => dueOf(h, rule, asOf).overdue).length },
    ],
    chart: null,
    parts: [
      {
        id: 'units',
        title: S.part.units,
        columns: [
          { key: 'unit', label: c.unit, type: 'text' },
          { key: 'room', label: c.room, type: 'text' },
          count('devices', S.col.devices),
          count('scanned', S.col.scanned),
          count('passed', S.col.passed),
          count('conditional', S.col.conditional),
          count('failed', S.col.failed),
          count('lapsed', S.col.lapsed),
          count('never', S.col.never),
          count('awaiting', S.col.awaiting),
          count('overdue', S.col.overdue),
        ] satisfies DocumentColumn[],
        rows: unitRows,
        layout: 'table' as const,
        groupBy: ['unit'],
      },
      {
        id: 'devices',
        title: S.part.devices,
        columns: [
          { key: 'unit', label: c.unit, type: 'text' },
          { key: 'room', label: c.room, type: 'text' },
          { key: 'hostname', label: c.hostname, type: 'text' },
          { key: 'deviceKind', label: c.deviceKind, type: 'text' },
          { key: 'inUseSince', label: S.col.inUseSince, type: 'date' },
          { key: 'status', label: S.col.status, type: 'text' },
          { key: 'verdict', label: S.col.lastVerdict, type: 'text' },
          { key: 'officer', label: S.col.officer, type: 'text' },
          { key: 'scannedOn', label: S.col.scannedOn, type: 'date' },
          { key: 'conditions', label: S.col.conditions, type: 'list', wide: true },
          { key: 'dueDate', label: S.col.dueDate, type: 'date' },
          { key: 'changesSince', label: S.col.changesSince, type: 'list', wide: true },
          { key: 'dueOn', label: S.col.dueOn, type: 'date' },
          { key: 'overdue', label: S.col.overdue, type: 'text' },
        ] satisfies DocumentColumn[],
        rows: deviceRows,
        layout: 'table' as const,
        groupBy: ['unit'],
      },
    ],
    primaryPart: 'devices',
  };
}

export const scansKind: ReportKindBuilder = { kind: 'scans', needs: { previous: false, history: false }, build };
