/**
 * The whole evaluation at one instant: every host in scope against the rule set, then the
 * roll-ups. Pure: the caller brings the hosts, the org, the clock and what the history says
 * about completion before today.
 */
import type { Evaluation, HostEvaluation, HostRuleStatus } from '../schema/index.js';
import type { RuleSet } from './compile.js';
import { evaluateHost, HostFacts, missingMachineStatuses } from './evaluate-host.js';
import type { HostInput } from './evaluate-host.js';
import type { HostPlace } from './facts/types.js';
import { placeOf, subtree } from './org-model.js';
import type { OrgModel } from './org-model.js';
import { rollUp } from './rollup.js';

export interface FleetInput {
  set: RuleSet;
  org: OrgModel;
  hosts: Iterable<HostInput>;
  now: Date;
  /** The day being evaluated, in the org's time zone. */
  asOf: string;
  scopeUnitId: string | null;
  /** False: the scope unit's own rooms and machines only (rollup.ts). Default true. */
  recursive?: boolean;
  completeSince: (key: string, ruleId: string) => string | null;
}

export interface FleetResult {
  evaluation: Evaluation;
  /** What machines with no agent counted as, per unit and room (kept in the history). */
  missing: (unitId: string, roomId: string | null) => readonly HostRuleStatus[];
}

export function evaluateFleet(input: FleetInput): FleetResult {
  const { set, org, now } = input;
  const recursive = input.recursive ?? true;
  const inScope = input.scopeUnitId === null ? null : new Set(recursive ? subtree(org, input.scopeUnitId).map((u) => u.id) : [input.scopeUnitId]);

  // Nested maps rather than joined string keys: no key string to build per host.
  const places = new Map<string, Map<string | null, Map<string, HostPlace>>>();
  const place = (unitId: string, roomId: string | null, kind: string) => {
    let rooms = places.get(unitId);
    if (!rooms) places.set(unitId, (rooms = new Map()));
    let kinds = rooms.get(roomId);
    if (!kinds) rooms.set(roomId, (kinds = new Map()));
    let p = kinds.get(kind);
    if (!p) kinds.set(kind, (p = placeOf(org, unitId, roomId, kind)));
    return p;
  };
  const missingCache = new Map<string, readonly HostRuleStatus[]>();
  const missing = (unitId: string, roomId: string | null) => {
    const key = `${unitId}\u0000${roomId ?? ''}`;
    let m = missingCache.get(key);
    if (!m) missingCache.set(key, (m = missingMachineStatuses(set, place(unitId, roomId, 'workstation'), now)));
    return m;
  };

  const hosts: HostEvaluation[] = [];
  const scratch = new HostFacts({ report: null, place: placeOf(org, '', null, ''), now });
  for (const h of input.hosts) {
    if (inScope && !inScope.has(h.unitId)) continue;
    hosts.push(evaluateHost(set, h, place(h.unitId, h.roomId, h.deviceKind), now, scratch));
  }
  sortHosts(hosts);
  const rules = set.rules.map((r) => r.info);
  const units = rollUp({ org, rules, hosts, asOf: input.asOf, missing, completeSince: input.completeSince, scopeUnitId: input.scopeUnitId, recursive });
  return {
    evaluation: { asOf: input.asOf, generatedAt: now.toISOString(), scopeUnitId: input.scopeUnitId, ...ownOnly(input.scopeUnitId, recursive), rules, units, hosts },
    missing,
  };
}

/** Unit, room, then host name: the order readers scan a list in. */
export function sortHosts(hosts: HostEvaluation[]): void {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  hosts.sort((a, b) => cmp(a.unitId, b.unitId) || cmp(a.roomId ?? '', b.roomId ?? '') || cmp(a.hostname, b.hostname) || cmp(a.agentId, b.agentId));
}

/** The mark of an evaluation that leaves the scope unit's descendants out. */
export const ownOnly = (scopeUnitId: string | null, recursive: boolean): { ownOnly?: true } => (scopeUnitId !== null && !recursive ? { ownOnly: true } : {});
