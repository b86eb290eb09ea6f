/** Whether a host's place falls inside a scope (a rule's, or a required-software entry's). */
import type { Evidence, RuleScope } from '../schema/index.js';
import type { HostPlace } from './facts/types.js';

type ScopeEvidence = Extract<Evidence, { kind: 'scope' }>;

/** Null when the host (or device) is in the scope, else why not, as evidence each language can say. */
export function outOfScope(scope: RuleScope, place: HostPlace): ScopeEvidence | null {
  if (place.subject === 'device') {
    if (!scope.devices) return { kind: 'scope', by: 'machines_only', allowed: [], actual: place.deviceKind };
    if (!(scope.devices as readonly string[]).includes(place.deviceKind)) return { kind: 'scope', by: 'devices', allowed: [...scope.devices], actual: place.deviceKind };
  } else if (scope.devices) {
    return { kind: 'scope', by: 'devices_only', allowed: [...scope.devices], actual: place.deviceKind };
  }
  if (scope.levels && !scope.levels.includes(place.level)) return { kind: 'scope', by: 'levels', allowed: [...scope.levels], actual: place.level };
  if (scope.units && !scope.units.some((u) => place.unitLineage.includes(u))) return { kind: 'scope', by: 'units', allowed: [...scope.units], actual: place.unitId };
  if (scope.deviceKinds && !(scope.deviceKinds as readonly string[]).includes(place.deviceKind)) {
    return { kind: 'scope', by: 'device_kinds', allowed: [...scope.deviceKinds], actual: place.deviceKind };
  }
  const lacking = scope.roomNeeds?.filter((need) => !place.roomNeeds.includes(need));
  if (lacking?.length) return { kind: 'scope', by: 'room_needs', allowed: lacking, actual: place.roomId };
  return null;
}
