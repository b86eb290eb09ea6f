/** Whether a host's place falls inside a scope (a rule's, or a required-software entry's). */
import type { RuleScope } from '../schema/index.js';
import type { HostPlace } from './facts/types.js';

/** Null when the host is in the rule's scope, else why not. */
export function outOfScope(scope: RuleScope, place: HostPlace): string | null {
  if (place.subject === 'device') {
    if (!scope.devices) return 'the rule checks machines with agents, not devices';
    if (!scope.devices.includes(place.deviceKind as (typeof scope.devices)[number])) return `the rule covers devices of kinds ${scope.devices.join(', ')}, not ${place.deviceKind}`;
  } else if (scope.devices) {
    return `the rule checks the org file's devices (${scope.devices.join(', ')}), not machines`;
  }
  if (scope.levels && !scope.levels.includes(place.level)) return `the rule covers ${scope.levels.join(', ')} units, not ${place.level}`;
  if (scope.units && !scope.units.some((u) => place.unitLineage.includes(u))) return `the rule covers units ${scope.units.join(', ')} only`;
  if (scope.deviceKinds && !(scope.deviceKinds as readonly string[]).includes(place.deviceKind)) return `the rule covers ${scope.deviceKinds.join(', ')}, not ${place.deviceKind}`;
  const lacking = scope.roomNeeds?.filter((need) => !place.roomNeeds.includes(need));
  if (lacking?.length) return `the host's room does not need ${lacking.join(', ')}`;
  return null;
}
