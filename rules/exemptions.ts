/**
 * Exceptions applied to results (docs/remediation.md). Pure: the exceptions and the day come
 * in, results go out. An exception holds through its `expiresOn` day in the org's calendar, so
 * it ends at midnight after that day in the org's time zone, by itself. It turns a `fail` or
 * `unknown` into `exempted`, never into `pass`; a result that passes, or a rule that does not
 * apply, stays as it is. A host exception covers that machine; a room exception the room's
 * machines (and its expected machines that never reported); a unit exception the unit's own
 * rooms and machines, not the units below it.
 */
import type { Evidence, ExceptionRecord, ExceptionState, ExceptionView, HostEvaluation, HostRuleResult, HostRuleStatus, RuleInfo } from '../schema/index.js';

/** The state of an exception on `day` (the org's calendar). */
export const exceptionState = (e: Pick<ExceptionRecord, 'revoked' | 'expiresOn'>, day: string): ExceptionState => (e.revoked ? 'revoked' : day > e.expiresOn ? 'expired' : 'active');

/** An exception as lists and documents show it on `day`: its state, and its attachments (none in records older than them). */
export const exceptionView = (e: ExceptionRecord, day: string): ExceptionView => ({ ...e, state: exceptionState(e, day), attachments: e.attachments ?? [] });

export interface ExemptionIndex {
  /** Exceptions covering a machine's result: its own, its room's, its unit's. */
  forHost(agentId: string, unitId: string, roomId: string | null): Map<string, ExceptionRecord> | undefined;
  /** Exceptions covering the expected machines of a unit's room (or outside rooms, `roomId` null) that never reported. */
  forPlace(unitId: string, roomId: string | null): Map<string, ExceptionRecord> | undefined;
  readonly size: number;
}

const EMPTY: ExemptionIndex = { forHost: () => undefined, forPlace: () => undefined, size: 0 };

/** The exceptions active on `day`, indexed by what they cover; by rule id inside. */
export function exemptionIndex(exceptions: readonly ExceptionRecord[] | undefined, day: string): ExemptionIndex {
  const active = (exceptions ?? []).filter((e) => exceptionState(e, day) === 'active');
  if (!active.length) return EMPTY;
  const byHost = new Map<string, Map<string, ExceptionRecord>>();
  const byPlace = new Map<string, Map<string, ExceptionRecord>>();
  const add = (map: Map<string, Map<string, ExceptionRecord>>, key: string, e: ExceptionRecord) => {
    let rules = map.get(key);
    if (!rules) map.set(key, (rules = new Map()));
    // Of two exceptions for one rule, the one that lasts longer is shown.
    const held = rules.get(e.rule);
    if (!held || held.expiresOn < e.expiresOn) rules.set(e.rule, e);
  };
  for (const e of active) {
    if (e.target.host) add(byHost, e.target.host, e);
    else add(byPlace, `${e.target.unit}\u0000${e.target.room ?? ''}`, e);
  }
  const merged = (...maps: Array<Map<string, ExceptionRecord> | undefined>) => {
    const present = maps.filter((m): m is Map<string, ExceptionRecord> => m !== undefined);
    if (present.length <= 1) return present[0];
    const out = new Map<string, ExceptionRecord>();
    for (const m of present) for (const [rule, e] of m) if (!out.has(rule)) out.set(rule, e);
    return out;
  };
  const unitOnly = (unitId: string) => byPlace.get(`${unitId}\u0000`);
  return {
    size: active.length,
    forHost: (agentId, unitId, roomId) => merged(byHost.get(agentId), roomId === null ? undefined : byPlace.get(`${unitId}\u0000${roomId}`), unitOnly(unitId)),
    forPlace: (unitId, roomId) => merged(roomId === null ? undefined : byPlace.get(`${unitId}\u0000${roomId}`), unitOnly(unitId)),
  };
}

const covered = (status: HostRuleStatus) => status === 'fail' || status === 'unknown';

/** What an exempted result carries first (documents say it in their language); the rule's own evidence follows it. */
export function exemptionEvidence(e: ExceptionRecord, status: HostRuleStatus): Evidence {
  return { kind: 'exempted', exception: e.id, until: e.expiresOn, approvedBy: e.approvedBy.name, approverRole: e.approvedBy.role, reason: e.reason, reference: e.reference, says: status };
}

/** `host` with its covered results exempted (the same object when nothing is covered). */
export function exemptHost(host: HostEvaluation, index: ExemptionIndex): HostEvaluation {
  if (!index.size) return host;
  const rules = index.forHost(host.agentId, host.unitId, host.roomId);
  if (!rules) return host;
  let changed = false;
  const results = host.results.map((r): HostRuleResult => {
    const e = rules.get(r.ruleId);
    if (!e || !covered(r.status)) return r;
    changed = true;
    return { ruleId: r.ruleId, status: 'exempted', evidence: [exemptionEvidence(e, r.status), ...r.evidence] };
  });
  return changed ? { ...host, results } : host;
}

/** What expected machines with no agent count as in a place, with its exceptions applied. */
export function exemptMissing(statuses: readonly HostRuleStatus[], rules: readonly RuleInfo[], index: ExemptionIndex, unitId: string, roomId: string | null): readonly HostRuleStatus[] {
  if (!index.size) return statuses;
  const covering = index.forPlace(unitId, roomId);
  if (!covering) return statuses;
  return statuses.map((s, i) => (covered(s) && covering.has(rules[i]!.id) ? 'exempted' : s));
}
