/**
 * Device rules roll up over devices, not machines: per room, per unit (its rooms, its devices
 * outside rooms, and the units below it), the progress of each device rule is counted from
 * the devices (expected = the devices the org file lists, plus the printers and scanners a
 * room expects without listing them, which count as unknown). Host rules keep the machines'
 * figures. Kept apart from rollup.ts: it replaces the device rules' entries of its result.
 */
import type { DeviceEvaluation, HostEvaluation, RuleInfo, UnitEvaluation } from '../schema/index.js';
import { roomKey, Tally, unitKey } from './rollup.js';
import type { RollupInput } from './rollup.js';

export interface DeviceRollupInput {
  rules: readonly RuleInfo[];
  devices: readonly DeviceEvaluation[];
  asOf: string;
  completeSince: RollupInput['completeSince'];
  trendBase?: RollupInput['trendBase'];
}

/** The tally reads a subject's id, staleness and results only. */
const asSubject = (d: DeviceEvaluation) => ({ agentId: d.deviceId, stale: d.stale, results: d.results }) as unknown as HostEvaluation;

/** `units` from `rollUp`, with each device rule's figures counted over devices instead. */
export function withDeviceProgress(units: UnitEvaluation[], input: DeviceRollupInput): UnitEvaluation[] {
  const deviceRules = input.rules.flatMap((r, i) => (r.subject === 'devices' ? [i] : []));
  if (!deviceRules.length) return units;
  const progressInput = { asOf: input.asOf, completeSince: input.completeSince, ...(input.trendBase ? { trendBase: input.trendBase } : {}) } as RollupInput;
  const byPlace = new Map<string, DeviceEvaluation[]>();
  for (const d of input.devices) {
    const key = `${d.unitId}\u0000${d.roomId ?? ''}`;
    const list = byPlace.get(key);
    if (list) list.push(d);
    else byPlace.set(key, [d]);
  }
  const tallyOf = (unitId: string, roomId: string | null) => {
    const t = new Tally(input.rules.length);
    for (const d of byPlace.get(`${unitId}\u0000${roomId ?? ''}`) ?? []) t.addHost(asSubject(d));
    return t;
  };
  const splice = (target: UnitEvaluation['rules'], from: Tally, key: string) => {
    const progress = from.progress(input.rules, key, progressInput);
    for (const i of deviceRules) target[i] = progress[i]!;
  };
  const totals = new Map<string, Tally>();
  const ids = new Set(units.map((u) => u.unitId));
  // Children first, as in rollUp: each unit adds the totals of the units below it.
  const order = [...units].reverse();
  for (const unit of order) {
    const total = tallyOf(unit.unitId, null);
    for (const room of unit.rooms) {
      const t = tallyOf(unit.unitId, room.roomId);
      splice(room.rules, t, roomKey(unit.unitId, room.roomId));
      total.merge(t);
    }
    for (const child of unit.childIds) if (ids.has(child)) total.merge(totals.get(child) ?? new Tally(input.rules.length));
    totals.set(unit.unitId, total);
    splice(unit.rules, total, unitKey(unit.unitId));
  }
  return units;
}
