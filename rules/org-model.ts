/**
 * The effective org: the units and rooms of the org file, plus any unit or room a host is
 * enrolled into that the file does not name (or every unit, when no org file is configured),
 * so no machine ever drops out of an evaluation. Implicit units are `city` level with no
 * parent and expect exactly the machines enrolled in them.
 */
import type { OrgFile, ProbeTarget, UnitLevel } from '../schema/index.js';
import type { HostPlace } from './facts/types.js';

export interface OrgRoomNode {
  id: string;
  name: string;
  expected: number;
  needs: readonly string[];
  /** WAN-only (no path to the Internet allowed): the room's own setting, else its unit's. */
  wanOnly: boolean;
  targets: readonly ProbeTarget[];
  declared: boolean;
}

export interface OrgUnitNode {
  id: string;
  name: string;
  level: UnitLevel;
  parentId: string | null;
  responsible: string | null;
  /** Machines expected outside any room. */
  expected: number;
  rooms: OrgRoomNode[];
  /** The unit's machines outside rooms are WAN-only. */
  wanOnly: boolean;
  targets: readonly ProbeTarget[];
  childIds: string[];
  declared: boolean;
}

export interface OrgModel {
  name: string;
  example: boolean;
  timeZone: string;
  /** False when no org file is configured and every unit is implicit. */
  declared: boolean;
  /** Parents before children, roots in file order. */
  units: OrgUnitNode[];
  byId: ReadonlyMap<string, OrgUnitNode>;
}

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface Placement {
  unit: string;
  room: string | null;
}

export function buildOrgModel(file: OrgFile | null, placements: Iterable<Placement>): OrgModel {
  const units: OrgUnitNode[] = (file?.units ?? []).map((u) => ({
    id: u.id,
    name: u.name,
    level: u.level,
    parentId: u.parent,
    responsible: u.responsible,
    expected: u.expectedWorkstations,
    rooms: u.rooms.map((r) => ({ id: r.id, name: r.name, expected: r.expectedWorkstations, needs: r.needs, wanOnly: r.wanOnly ?? u.wanOnly, targets: r.targets, declared: true })),
    wanOnly: u.wanOnly,
    targets: u.targets,
    childIds: [],
    declared: true,
  }));
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const { unit, room } of placements) {
    let node = byId.get(unit);
    if (!node) {
      node = { id: unit, name: unit, level: 'city', parentId: null, responsible: null, expected: 0, rooms: [], wanOnly: false, targets: [], childIds: [], declared: false };
      units.push(node);
      byId.set(unit, node);
    }
    if (room !== null && !node.rooms.some((r) => r.id === room)) {
      node.rooms.push({ id: room, name: room, expected: 0, needs: [], wanOnly: node.wanOnly, targets: [], declared: false });
    }
  }
  return finish({ name: file?.name ?? 'enrolled units', example: file?.example ?? false, timeZone: file?.timeZone ?? DEFAULT_TIME_ZONE, declared: file !== null }, units);
}

/** Links children to parents and orders the units parents-first. */
export function finish(meta: Omit<OrgModel, 'units' | 'byId'>, units: OrgUnitNode[]): OrgModel {
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const u of units) u.childIds = [];
  for (const u of units) if (u.parentId !== null) byId.get(u.parentId)?.childIds.push(u.id);
  const ordered: OrgUnitNode[] = [];
  const visit = (u: OrgUnitNode) => {
    ordered.push(u);
    for (const c of u.childIds) visit(byId.get(c)!);
  };
  for (const u of units) if (u.parentId === null || !byId.has(u.parentId)) visit(u);
  return { ...meta, units: ordered, byId };
}

/** The unit and every unit above it. */
export function lineage(model: OrgModel, unitId: string): string[] {
  const out: string[] = [];
  for (let u = model.byId.get(unitId); u && !out.includes(u.id); u = u.parentId ? model.byId.get(u.parentId) : undefined) out.push(u.id);
  return out;
}

/** The unit and all its descendants, parents first. */
export function subtree(model: OrgModel, unitId: string): OrgUnitNode[] {
  const root = model.byId.get(unitId);
  if (!root) return [];
  const out: OrgUnitNode[] = [];
  const visit = (u: OrgUnitNode) => {
    out.push(u);
    for (const c of u.childIds) visit(model.byId.get(c)!);
  };
  visit(root);
  return out;
}

/**
 * What a host in this unit and room probes: the unit's targets, WAN (and must-not-answer
 * Internet) targets inherited from above when the unit has none of its own, the room's own.
 */
export function targetsFor(model: OrgModel, unitId: string, roomId: string | null): ProbeTarget[] {
  const unit = model.byId.get(unitId);
  if (!unit) return [];
  const lan = unit.targets.filter((t) => t.scope === 'lan');
  const inherited = (scope: 'wan' | 'internet') => {
    let found = unit.targets.filter((t) => t.scope === scope);
    for (const id of lineage(model, unitId).slice(1)) {
      if (found.length) break;
      found = model.byId.get(id)!.targets.filter((t) => t.scope === scope);
    }
    return found;
  };
  const room = roomId === null ? undefined : unit.rooms.find((r) => r.id === roomId);
  return [...lan, ...inherited('wan'), ...inherited('internet'), ...(room?.targets ?? [])];
}

/** Where a host sits, for scopes and host facts; cached per unit, room and kind by the caller. */
export function placeOf(model: OrgModel, unitId: string, roomId: string | null, deviceKind: string): HostPlace {
  const unit = model.byId.get(unitId);
  const room = roomId === null ? undefined : unit?.rooms.find((r) => r.id === roomId);
  return {
    unitId,
    roomId,
    deviceKind,
    level: unit?.level ?? 'city',
    unitLineage: lineage(model, unitId),
    roomNeeds: room?.needs ?? [],
    wanOnly: room?.wanOnly ?? unit?.wanOnly ?? false,
    targets: targetsFor(model, unitId, roomId),
  };
}

/**
 * Null when a host may be placed in this unit and room, else a sentence naming the valid ones.
 * Without an org file any well-formed unit and room are accepted.
 */
export function placementProblem(file: OrgFile | null, unit: string, room: string | null): string | null {
  if (!file) return null;
  const found = file.units.find((u) => u.id === unit);
  if (!found) return `unit "${unit}" is not in the org file; use one of: ${file.units.map((u) => u.id).join(', ')}`;
  if (room !== null && !found.rooms.some((r) => r.id === room)) {
    return found.rooms.length
      ? `unit "${unit}" has no room "${room}"; use one of: ${found.rooms.map((r) => r.id).join(', ')} (or no room)`
      : `unit "${unit}" has no rooms in the org file; enroll without a room`;
  }
  return null;
}
