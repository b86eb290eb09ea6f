/**
 * The compact daily history, as pure conversions: an evaluation to a day record (org
 * structure, per unit/room figures) and host rows (one status letter per rule), and back to
 * an evaluation for a past `asOf` through the same roll-up as a live one. Evidence is not
 * kept: past days carry statuses only.
 */
import { LETTER_STATUS, STATUS_LETTER } from '../schema/index.js';
import type { CompletionPoint, DeviceEvaluation, Evaluation, Figure, HistoryDay, HistoryHosts, HostEvaluation, HostRuleStatus, RuleInfo, RuleProgress } from '../schema/index.js';
import { withDeviceProgress } from './device-rollup.js';
import { addDays, completionPct } from './deadline.js';
import type { TrendBase } from './deadline.js';
import { factDictionary } from './facts/index.js';
import type { FleetResult } from './evaluate.js';
import { finish } from './org-model.js';
import type { OrgModel, OrgUnitNode } from './org-model.js';
import { ownKey, roomKey, rollUp, unitKey } from './rollup.js';
import { ownOnly } from './evaluate.js';

const letters = (statuses: readonly HostRuleStatus[]) => statuses.map((s) => STATUS_LETTER[s]).join('');

const figure = (p: RuleProgress): Figure => [p.expected, p.reporting, p.passing, p.failing, p.unknown, p.notApplicable, p.missingMachines, p.completedOn, p.exempted];

/**
 * The day record of a whole-fleet evaluation. Units with children also get their own figures
 * (`o:<unit>`, without the children), for readers whose scope stops at the unit; `audit` is
 * the audit chain's head at the time, an anchor `readiness audit verify` checks.
 */
export function historyDayOf(
  result: FleetResult,
  org: OrgModel,
  writtenAt: Date,
  extra: { completeSince?: (key: string, ruleId: string) => string | null; audit?: HistoryDay['audit'] } = {},
): HistoryDay {
  const { evaluation, missing } = result;
  const figures: HistoryDay['figures'] = {};
  for (const u of evaluation.units) {
    figures[unitKey(u.unitId)] = u.rules.map(figure);
    for (const r of u.rooms) figures[roomKey(u.unitId, r.roomId)] = r.rules.map(figure);
  }
  for (const unit of org.units) {
    if (!unit.childIds.length) continue;
    const [own] = rollUp({ org, rules: evaluation.rules, hosts: evaluation.hosts, asOf: evaluation.asOf, missing, completeSince: extra.completeSince ?? (() => null), scopeUnitId: unit.id, recursive: false });
    if (own) figures[ownKey(unit.id)] = own.rules.map(figure);
  }
  return {
    ...(extra.audit ? { audit: extra.audit } : {}),
    format: 1,
    day: evaluation.asOf,
    writtenAt: writtenAt.toISOString(),
    rules: evaluation.rules,
    units: org.units.map((u) => ({
      id: u.id,
      name: u.name,
      level: u.level,
      parentId: u.parentId,
      responsible: u.responsible,
      expected: u.expected,
      missing: letters(missing(u.id, null)),
      rooms: u.rooms.map((r) => ({ id: r.id, name: r.name, expected: r.expected, missing: letters(missing(u.id, r.id)) })),
    })),
    figures,
  };
}

export function historyHostsOf(evaluation: Evaluation): HistoryHosts {
  const inUse = evaluation.hosts.filter((h) => h.inUseSince);
  return {
    ...(inUse.length ? { inUseSince: Object.fromEntries(inUse.map((h) => [h.agentId, h.inUseSince!])) } : {}),
    format: 1,
    day: evaluation.asOf,
    ruleIds: evaluation.rules.map((r) => r.id),
    hosts: evaluation.hosts.map((h) => [
      h.agentId,
      h.hostname,
      h.unitId,
      h.roomId,
      h.deviceKind,
      h.lastSeen,
      h.stale ? 1 : 0,
      h.results.map((r) => STATUS_LETTER[r.status]).join(''),
      ...(h.origin ? [h.origin] : []),
    ] as HistoryHosts['hosts'][number]),
    ...(evaluation.devices
      ? {
          devices: evaluation.devices.map((d) => [d.deviceId, d.name, d.kind, d.unitId, d.roomId, d.lastScanned, d.stale ? 1 : 0, letters(d.results.map((r) => r.status)), d.declared ? 1 : 0] as const),
        }
      : {}),
  };
}

/** For each unit and room, the day its rules became complete, as recorded on that day. */
export function completeSinceIn(day: HistoryDay | null): (key: string, ruleId: string) => string | null {
  if (!day) return () => null;
  const index = new Map(day.rules.map((r, i) => [r.id, i]));
  return (key, ruleId) => {
    const i = index.get(ruleId);
    return i === undefined ? null : (day.figures[key]?.[i]?.[7] ?? null);
  };
}

function orgOf(day: HistoryDay): OrgModel {
  const units: OrgUnitNode[] = day.units.map((u) => ({
    id: u.id,
    name: u.name,
    level: u.level,
    parentId: u.parentId,
    responsible: u.responsible,
    expected: u.expected,
    rooms: u.rooms.map((r) => ({ id: r.id, name: r.name, expected: r.expected, needs: [], wanOnly: false, targets: [], declared: true })),
    wanOnly: false,
    targets: [],
    childIds: [],
    declared: true,
  }));
  return finish({ name: 'history', example: false, timeZone: 'UTC', declared: true }, units);
}

/** The evaluation recorded for a past day, judged at `asOf` (the same day, or a later one with no record). */
export function replayDay(
  day: HistoryDay,
  rows: HistoryHosts,
  opts: { asOf: string; scopeUnitId: string | null; recursive?: boolean; generatedAt: Date; trendBase?: (key: string, ruleId: string) => TrendBase | null },
): Evaluation {
  const recursive = opts.recursive ?? true;
  const org = orgOf(day);
  if (opts.scopeUnitId !== null && !org.byId.has(opts.scopeUnitId)) {
    throw new RangeError(`unit "${opts.scopeUnitId}" did not exist on ${day.day}`);
  }
  const column = day.rules.map((r) => rows.ruleIds.indexOf(r.id));
  const inUseSince = rows.inUseSince ?? {};
  const hosts: HostEvaluation[] = rows.hosts.map(([agentId, hostname, unitId, roomId, deviceKind, lastSeen, stale, statuses, origin]) => ({
    agentId,
    hostname,
    unitId,
    roomId,
    deviceKind,
    lastSeen,
    stale: stale === 1,
    identity: null,
    ...(origin ? { origin } : {}),
    ...(inUseSince[agentId] ? { inUseSince: inUseSince[agentId] } : {}),
    results: day.rules.map((r, i) => ({ ruleId: r.id, status: LETTER_STATUS[statuses[column[i]!] ?? 'u'] ?? 'unknown', evidence: [] })),
  }));
  const missingOf = new Map<string, HostRuleStatus[]>();
  for (const u of day.units) {
    missingOf.set(`${u.id}/`, [...u.missing].map((l) => LETTER_STATUS[l]!));
    for (const r of u.rooms) missingOf.set(`${u.id}/${r.id}`, [...r.missing].map((l) => LETTER_STATUS[l]!));
  }
  const trendBase = opts.trendBase ? { trendBase: opts.trendBase } : {};
  const statusesOf = (statuses: string) => day.rules.map((r, i) => ({ ruleId: r.id, status: LETTER_STATUS[statuses[column[i]!] ?? 'u'] ?? 'unknown', evidence: [] }));
  const devices: DeviceEvaluation[] = (rows.devices ?? []).map(([deviceId, name, kind, unitId, roomId, lastScanned, stale, statuses, declared]) => ({
    deviceId,
    name,
    kind,
    unitId,
    roomId,
    address: '',
    declared: declared === 1,
    lastScanned,
    stale: stale === 1,
    outcome: null,
    message: null,
    model: null,
    serial: null,
    firmware: null,
    ageYears: null,
    supplies: [],
    supplyLevels: [],
    results: statusesOf(statuses),
  }));
  const units = withDeviceProgress(
    rollUp({
      org,
      rules: day.rules,
      hosts,
      asOf: opts.asOf,
      missing: (unitId, roomId) => missingOf.get(`${unitId}/${roomId ?? ''}`) ?? day.rules.map(() => 'unknown' as const),
      completeSince: completeSinceIn(day),
      ...trendBase,
      scopeUnitId: opts.scopeUnitId,
      recursive,
    }),
    { rules: day.rules, devices, asOf: opts.asOf, completeSince: completeSinceIn(day), ...trendBase },
  );
  const inScope = new Set(units.map((u) => u.unitId));
  return {
    asOf: opts.asOf,
    recordedOn: day.day,
    generatedAt: opts.generatedAt.toISOString(),
    scopeUnitId: opts.scopeUnitId,
    scopeRoomId: null,
    ...ownOnly(opts.scopeUnitId, recursive),
    rules: day.rules,
    facts: factDictionary(),
    units,
    hosts: hosts.filter((h) => inScope.has(h.unitId)),
    ...(rows.devices ? { devices: devices.filter((d) => inScope.has(d.unitId)) } : {}),
  };
}

/** A point from a figure, or null when the rule applied to no machine that day. */
function pointOf(day: string, unitId: string, roomId: string | null, ruleId: string, f: Figure): CompletionPoint | null {
  // Exempted machines (f[8], absent before exceptions existed) are out of the denominator, as live.
  const applicable = f[0] - f[5] - (f[8] ?? 0);
  const pct = completionPct(f[2], applicable);
  if (pct === null) return null;
  return { day, unitId, ...(roomId === null ? {} : { roomId }), ruleId, passing: f[2], applicable, completionPct: pct };
}

/**
 * Completion per rolled-up unit and rule on a recorded day, for `unitIds` (all when null);
 * `ownOnly`: the units' own figures, without their children (absent from days recorded before
 * they were kept: then no point rather than a count that includes the children); with
 * `roomId`, the figures of that room in each of those units instead.
 */
export function completionPoints(day: HistoryDay, unitIds: ReadonlySet<string> | null, opts: { ownOnly?: boolean; roomId?: string | null } = {}): CompletionPoint[] {
  const roomId = opts.roomId ?? null;
  const points: CompletionPoint[] = [];
  const units = dayUnits(day);
  // A unit with children's units placed below it counts as a parent too: its own figures are `o:`.
  const parents = new Set([...units.flatMap((u) => (u.parentId ? [u.parentId] : [])), ...(day.remote ?? []).map((g) => g.at)]);
  for (const u of units) {
    if (unitIds && !unitIds.has(u.id)) continue;
    const figures = day.figures[roomId !== null ? roomKey(u.id, roomId) : opts.ownOnly && parents.has(u.id) ? ownKey(u.id) : unitKey(u.id)];
    if (!figures) continue;
    day.rules.forEach((rule, i) => {
      const f = figures[i];
      const point = f ? pointOf(day.day, u.id, roomId, rule.id, f) : null;
      if (point) points.push(point);
    });
  }
  return points;
}

/**
 * The units of a recorded day: the org's, then at a parent its children's units as they were
 * placed (rules/place-children.ts: a child's top unit under the unit it was placed at; one
 * with an id already there is not a unit of its own).
 */
export function dayUnits(day: HistoryDay): Array<{ id: string; parentId: string | null }> {
  const out: Array<{ id: string; parentId: string | null }> = day.units.map((u) => ({ id: u.id, parentId: u.parentId }));
  const seen = new Set(out.map((u) => u.id));
  for (const g of day.remote ?? []) {
    if (!seen.has(g.at)) continue;
    const ids = new Set(g.units.map((u) => u.unitId));
    for (const u of g.units) {
      if (seen.has(u.unitId)) continue;
      seen.add(u.unitId);
      out.push({ id: u.unitId, parentId: u.parentId !== null && ids.has(u.parentId) ? u.parentId : g.at });
    }
  }
  return out;
}

/**
 * The recorded day a look-ahead of `window` days starts from: the latest one on or before
 * `asOf − window`; when the history is shorter, its first day if that is at least half a
 * window back (a rate over a day or two says nothing); else none.
 */
export function trendDayIn(days: readonly string[], asOf: string, window: number): string | null {
  if (window <= 0 || !days.length) return null;
  const start = addDays(asOf, -window);
  let pick: string | null = null;
  for (const d of days) if (d <= start) pick = d;
  if (pick) return pick;
  return days[0]! <= addDays(asOf, -Math.ceil(window / 2)) ? days[0]! : null;
}

/**
 * Look-ahead bases for a roll-up, from the day records at the start of each rule's window
 * (`records` maps a window length to the record to start from: the latest on or before the
 * window's first day, or when the history is shorter its first day, if that is at least half
 * a window back). Rules whose window has no record, or whose look-ahead is off, get none.
 */
export function trendBaseIn(records: ReadonlyMap<number, HistoryDay>, rules: readonly RuleInfo[]): (key: string, ruleId: string) => TrendBase | null {
  const byRule = new Map(
    rules.map((r) => {
      const record = r.lookAheadDays > 0 ? records.get(r.lookAheadDays) : undefined;
      const index = record ? record.rules.findIndex((x) => x.id === r.id) : -1;
      return [r.id, record && index >= 0 ? { record, index } : null] as const;
    }),
  );
  return (key, ruleId) => {
    const found = byRule.get(ruleId);
    const f = found?.record.figures[key]?.[found.index];
    if (!found || !f) return null;
    return { day: found.record.day, passing: f[2], applicable: f[0] - f[5] };
  };
}
