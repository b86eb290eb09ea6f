/**
 * The pre-use scan register (Sổ theo dõi rà quét an ninh) for the security team and the
 * units: per unit (with the units below it) and per room, how many devices were scanned,
 * passed, passed on conditions, failed, lapsed (expired, conditions not met in time, or changed
 * since the scan), were never scanned, and how many are past their scan due day; then one line
 * per device with its last verdict, officer and date, and what changed since.
 */
import type { DocumentColumn, DocumentPart, DocumentRow, HostEvaluation, RuleInfo, ScanStatus } from '../../schema/index.js';
import type { KindContext } from '../document.js';
import { defineKind, tablePart } from '../document.js';
import { nfc } from '../evaluation-index.js';
import { deviceKindLabel } from '../i18n.js';
import { changesCell } from '../scan-sheet.js';

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

/** The day the device's scan falls due, and whether that day has passed without a passing (or exempted) scan. */
function dueOf(host: HostEvaluation, rule: RuleInfo | null, asOf: string): { dueOn: string | null; overdue: boolean } {
  if (!rule || !host.inUseSince) return { dueOn: null, overdue: false };
  const dueOn = new Date(Date.parse(`${host.inUseSince}T00:00:00Z`) + rule.graceDays! * 86_400_000).toISOString().slice(0, 10);
  const status = host.results.find((r) => r.ruleId === rule.id)?.status;
  // An exempted device (docs/remediation.md) is out of the rule's count: past its day, it is not overdue.
  return { dueOn, overdue: dueOn < asOf && status !== 'pass' && status !== 'not_applicable' && status !== 'exempted' };
}

type Tally = Record<Counted | 'devices', number>;

/** The register's figures, counted once for its headline, its unit table and its device list. */
interface ScansContext extends KindContext {
  rule: RuleInfo | null;
  /** Per unit (`u:`) and room (`r:unit/room`): a device counts in its room, its unit and every unit above. */
  tallies: Map<string, Tally>;
  due: Map<HostEvaluation, { dueOn: string | null; overdue: boolean }>;
}

function prepare(ctx: KindContext): ScansContext {
  const { ix } = ctx;
  const rule = scanRuleOf(ix.rules);
  const asOf = ix.evaluation.asOf;
  const tallies = new Map<string, Tally>();
  const due = new Map<HostEvaluation, { dueOn: string | null; overdue: boolean }>();
  const tally = (key: string) => {
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { devices: 0, scanned: 0, passed: 0, conditional: 0, failed: 0, lapsed: 0, never: 0, awaiting: 0, overdue: 0 }));
    return t;
  };
  const parents = new Map(ix.evaluation.units.map((u) => [u.unitId, u.parentId]));
  for (const host of ix.evaluation.hosts) {
    const status = host.scan?.status ?? 'never';
    const d = dueOf(host, rule, asOf);
    due.set(host, d);
    const keys = [...(host.roomId !== null ? [`r:${host.unitId}/${host.roomId}`] : [])];
    for (let u: string | null | undefined = host.unitId; u; u = parents.get(u)) keys.push(`u:${u}`);
    for (const key of keys) {
      const t = tally(key);
      t.devices++;
      for (const b of BUCKETS[status]) t[b]++;
      if (d.overdue) t.overdue++;
    }
  }
  return { ...ctx, rule, tallies, due };
}

const countKeys = ['devices', ...COUNTED] as const;

/** Per unit (its whole figure, then each room) or the room asked for: devices and each kind of standing. */
function unitsPart(ctx: ScansContext): DocumentPart {
  const { ix, L } = ctx;
  const S = L.scan;
  const countCells = (key: string) => Object.fromEntries(countKeys.map((k) => [k, ctx.tallies.get(key)?.[k] ?? 0]));
  const rows: DocumentRow[] = [];
  // The groups every figure table prints: the unit as a whole, then its rooms (a room asked for: that room only).
  for (const g of ix.groups()) rows.push({ unit: g.unitName, room: g.roomLabel, ...countCells(g.roomId === null ? `u:${g.unitId}` : `r:${g.unitId}/${g.roomId}`) });
  const count = (key: Counted | 'devices', label: string): DocumentColumn => ({ key, label, type: 'number' });
  const columns: DocumentColumn[] = [
    { key: 'unit', label: L.col.unit, type: 'text' },
    { key: 'room', label: L.col.room, type: 'text' },
    count('devices', S.col.devices),
    count('scanned', S.col.scanned),
    count('passed', S.col.passed),
    count('conditional', S.col.conditional),
    count('failed', S.col.failed),
    count('lapsed', S.col.lapsed),
    count('never', S.col.never),
    count('awaiting', S.col.awaiting),
    count('overdue', S.col.overdue),
  ];
  return tablePart(ctx, { id: 'units', title: S.part.units, columns, rows, groupBy: ['unit'] });
}

/** One line per device, rooms as groups: its standing, the verdict that counts, what changed since, its due day. */
function devicesPart(ctx: ScansContext): DocumentPart {
  const { ix, L, opts } = ctx;
  const S = L.scan;
  const rows: DocumentRow[] = [];
  for (const host of ix.hostsInOrder()) {
    const standing = host.scan;
    const scan = standing?.scan ?? null;
    const due = ctx.due.get(host) ?? { dueOn: null, overdue: false };
    rows.push({
      unit: ix.unitName(host.unitId),
      room: ix.roomName(host.unitId, host.roomId),
      hostname: ix.hostname(host.agentId),
      deviceKind: deviceKindLabel(opts.lang, nfc(host.deviceKind)),
      inUseSince: host.inUseSince ?? null,
      status: S.status[standing?.status ?? 'never'],
      verdict: scan ? S.verdict[scan.verdict] : null,
      officer: scan ? nfc(scan.officer) : null,
      scannedOn: scan?.scannedOn ?? null,
      conditions: scan?.conditions.length ? scan.conditions.map(nfc) : null,
      dueDate: scan?.dueDate ?? null,
      changesSince: changesCell(opts.lang, standing),
      dueOn: due.dueOn,
      overdue: due.overdue ? S.col.overdue : null,
    });
  }
  const columns: DocumentColumn[] = [
    { key: 'unit', label: L.col.unit, type: 'text' },
    { key: 'room', label: L.col.room, type: 'text' },
    { key: 'hostname', label: L.col.hostname, type: 'text' },
    { key: 'deviceKind', label: L.col.deviceKind, type: 'text' },
    { key: 'inUseSince', label: S.col.inUseSince, type: 'date' },
    { key: 'status', label: S.col.status, type: 'text' },
    { key: 'verdict', label: S.col.lastVerdict, type: 'text' },
    { key: 'officer', label: L.col.officer, type: 'text' },
    { key: 'scannedOn', label: S.col.scannedOn, type: 'date' },
    { key: 'conditions', label: S.col.conditions, type: 'list', wide: true },
    { key: 'dueDate', label: S.col.dueDate, type: 'date' },
    { key: 'changesSince', label: S.col.changesSince, type: 'list', wide: true },
    { key: 'dueOn', label: S.col.dueOn, type: 'date' },
    { key: 'overdue', label: S.col.overdue, type: 'text' },
  ];
  return tablePart(ctx, { id: 'devices', title: S.part.devices, columns, rows, groupBy: ['unit', 'room'] });
}

export const scansKind = defineKind<ScansContext>({
  kind: 'scans',
  needs: { previous: false, history: false },
  form: 'report',
  orientation: 'landscape',
  prepare,
  facts: (ctx) => {
    const S = ctx.L.scan;
    const hosts = ctx.ix.evaluation.hosts;
    const total = (b: Counted) => hosts.filter((h) => BUCKETS[h.scan?.status ?? 'never'].includes(b)).length;
    return [
      { label: S.col.devices, value: hosts.length },
      { label: S.col.scanned, value: total('scanned') },
      { label: S.col.passed, value: total('passed') },
      { label: S.col.conditional, value: total('conditional') },
      { label: S.col.failed, value: total('failed') },
      { label: S.col.lapsed, value: total('lapsed') },
      { label: S.col.never, value: total('never') },
      { label: S.col.overdue, value: hosts.filter((h) => ctx.due.get(h)?.overdue).length },
    ];
  },
  parts: [unitsPart, devicesPart],
  primaryPart: 'devices',
});
