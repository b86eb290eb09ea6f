/**
 * Narrows an evaluation to one room (`--room`, `room=`): in every unit that has a room of that
 * id, only that room's figures and machines. The units' own roll-ups include their other
 * rooms, so documents print the room's rows only (see `EvaluationIndex.groups`). Pure.
 */
import type { Evaluation } from '../schema/index.js';

export class NoSuchRoomError extends Error {}

export function restrictToRoom(evaluation: Evaluation, roomId: string): Evaluation {
  const units = evaluation.units.filter((u) => u.rooms.some((r) => r.roomId === roomId)).map((u) => ({ ...u, rooms: u.rooms.filter((r) => r.roomId === roomId) }));
  if (!units.length) {
    const rooms = [...new Set(evaluation.units.flatMap((u) => u.rooms.map((r) => r.roomId)))];
    throw new NoSuchRoomError(
      `no room "${roomId}" in ${evaluation.scopeUnitId ? `unit "${evaluation.scopeUnitId}" or the units below it` : 'any unit'}; use one of: ${rooms.join(', ') || '(the units have no rooms)'}`,
    );
  }
  const inScope = new Set(units.map((u) => u.unitId));
  const inRoom = (x: { unitId: string; roomId: string | null }) => x.roomId === roomId && inScope.has(x.unitId);
  return {
    ...evaluation,
    scopeRoomId: roomId,
    units,
    hosts: evaluation.hosts.filter(inRoom),
    ...(evaluation.devices ? { devices: evaluation.devices.filter(inRoom) } : {}),
  };
}
