/**
 * Evaluates one host against a rule set: per rule `pass`, `fail`, `unknown` or
 * `not_applicable`, with the resolved values as evidence. Order: the org scope decides
 * `not_applicable`; a host with no fresh report is `unknown` (unless `when` is already false
 * from org facts alone); then `when`, then the check; probe rules then go through hysteresis.
 */
import type { Evidence, EvidenceNote, HostEvaluation, HostIdentity, HostReport, HostRuleResult, HostRuleStatus, ImportOrigin, RuleTrail, SoftwareMatches } from '../schema/index.js';
import { FACTS } from './facts/index.js';
import type { FactContext, FactValue, HostPlace, LicensingPolicy } from './facts/types.js';
import { missingEvidence } from './conditions.js';
import type { FactSource } from './conditions.js';
import type { CompiledRule, RuleSet } from './compile.js';
import { runLength } from './hysteresis.js';
import { outOfScope } from './scope.js';

export interface HostInput {
  agentId: string;
  hostname: string;
  unitId: string;
  roomId: string | null;
  deviceKind: string;
  /** When the collector last received a report; null when it never did. */
  lastSeen: string | null;
  report: HostReport | null;
  trail?: RuleTrail | undefined;
  /** The instant the report describes on the collector's clock (collector/store/host-record.ts); absent for older records. */
  reportAt?: string | null | undefined;
  /** The machine's clock skew measured when it last sent a report. */
  clock?: { skewSeconds: number } | null | undefined;
  /** Set when `report` was imported rather than sent by the agent. */
  origin?: ImportOrigin | undefined;
  /** The software-policy matches stored with the host at ingest (store's host record). */
  softwareMatches?: SoftwareMatches | undefined;
  /** A machine the collector audits over SSH (no agent): the org file's device id. */
  deviceId?: string;
}

/** Why probe rules do not apply to a machine without an agent: the probes run only where an agent runs. */
export const AGENTLESS_PROBES: Evidence = Object.freeze({ kind: 'scope', by: 'agentless', allowed: Object.freeze([]) as unknown as string[], actual: null });

const HOUR_MS = 3_600_000;
const UNSET = Symbol('unset');

/**
 * Resolves each fact once per host, on first use. One instance can serve host after host
 * (`reset`): a fleet evaluation then allocates no fact table per host.
 */
export class HostFacts implements FactSource {
  private readonly values: Array<FactValue | undefined | typeof UNSET> = new Array(FACTS.length).fill(UNSET);
  private readonly memo = new Map<string, unknown>();
  private ctx: FactContext;

  constructor(ctx: FactContext) {
    this.ctx = ctx;
  }

  /** Forgets the previous host and serves this one. */
  reset(ctx: FactContext): this {
    this.ctx = ctx;
    this.values.fill(UNSET);
    this.memo.clear();
    ctx.memo = this.memo;
    return this;
  }

  get(index: number): FactValue | undefined {
    const v = this.values[index];
    if (v !== UNSET) return v;
    const resolved = FACTS[index]!.resolve(this.ctx);
    this.values[index] = resolved;
    return resolved;
  }

  note(index: number): EvidenceNote[] | undefined {
    return FACTS[index]!.note?.(this.ctx);
  }

  missing(index: number) {
    const fact = FACTS[index]!;
    const report = this.ctx.report;
    const special = fact.missing?.(this.ctx);
    if (special) return missingEvidence(fact.name, special, null);
    if (fact.section !== 'host' && fact.section !== 'device' && report && report[fact.section] === undefined) {
      // The agent says why it could not collect the section, in its `errors`.
      const error = report.errors.find((e) => e.section === fact.section);
      return missingEvidence(fact.name, 'no_section', error?.code ?? null);
    }
    return missingEvidence(fact.name, 'not_reported', null);
  }
}

export { outOfScope } from './scope.js';

/**
 * What the org alone says, per place (one place is shared by every host of a room): null when
 * the rule applies, else the `not_applicable` result, from the scope or from a `when` on place
 * facts. That result is shared by all those hosts, so it is frozen.
 */
const placeCache = new WeakMap<HostPlace, WeakMap<CompiledRule, HostRuleResult | null>>();

function excludedBy(rule: CompiledRule, place: HostPlace, facts: FactSource): HostRuleResult | null {
  let byRule = placeCache.get(place);
  if (!byRule) placeCache.set(place, (byRule = new WeakMap()));
  let result = byRule.get(rule);
  if (result === undefined) {
    const reason = outOfScope(rule.scope, place);
    const evidence: Evidence[] = reason === null ? [] : [reason];
    const applies = reason === null && (!rule.whenFromPlace || rule.when!.check(facts, evidence) !== false);
    result = applies ? null : Object.freeze({ ruleId: rule.info.id, status: 'not_applicable' as const, evidence: Object.freeze(evidence) as Evidence[] });
    byRule.set(rule, result);
  }
  return result;
}

/** The status of one rule from facts alone: no staleness, no hysteresis. */
export function judge(rule: CompiledRule, place: HostPlace, facts: FactSource, hasReport: boolean): HostRuleResult {
  const evidence: Evidence[] = [];
  const excluded = excludedBy(rule, place, facts);
  if (excluded) return excluded;
  const applies = rule.when && !rule.whenFromPlace ? rule.when.check(facts, evidence) : true;
  if (applies === false) return { ruleId: rule.info.id, status: 'not_applicable', evidence };
  if (!hasReport) return { ruleId: rule.info.id, status: 'unknown', evidence: [] };
  if (applies === undefined) return { ruleId: rule.info.id, status: 'unknown', evidence };
  const ok = rule.check.check(facts, evidence);
  if (ok === undefined) return { ruleId: rule.info.id, status: 'unknown', evidence: evidence.length > 1 ? onceEach(evidence) : evidence };
  return { ruleId: rule.info.id, status: ok ? 'pass' : 'fail', evidence };
}

/**
 * Two conditions on one missing probe group (loss and RTT of the gateway) say the same thing:
 * keep the first missing item per cause and fact group.
 */
function onceEach(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    if (e.kind !== 'missing') return true;
    const key = `${e.cause}\u0000${e.fact.slice(0, e.fact.lastIndexOf('.'))}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Raw outcomes of the probe-based rules for a fresh report, to advance the host's trail. */
export function probeOutcomes(set: RuleSet, place: HostPlace, report: HostReport, now: Date) {
  const facts = new HostFacts({ report, place, now });
  return set.rules
    .filter((r) => r.probeBased)
    .map((r) => ({ ruleId: r.info.id, status: judge(r, place, facts, true).status, n: r.hysteresis }));
}

/** When the host's facts were true, on the collector's clock: when the agent collected them, never later than receipt. */
function factsTime(host: HostInput): number | null {
  if (!host.report || !host.lastSeen) return null;
  if (host.reportAt) return Date.parse(host.reportAt);
  return Math.min(Date.parse(host.report.collectedAt), Date.parse(host.lastSeen));
}

/**
 * `scratch`: a fact table to reuse (see `HostFacts.reset`); a fresh one when absent.
 * `judgedBy`: what the collector's config asks of every host, judged by facts rather than by
 * the agent: its KMS allow-list (`licensing`; none passes when absent, as with a config without
 * one) and the agent version it expects (`expectedAgentVersion`, the `agent.up_to_date` fact).
 */
export function evaluateHost(
  set: RuleSet,
  host: HostInput,
  place: HostPlace,
  now: Date,
  scratch?: HostFacts,
  judgedBy: { licensing?: LicensingPolicy; expectedAgentVersion?: string | null } = {},
): HostEvaluation {
  const at = factsTime(host);
  const ageHours = at === null ? null : (now.getTime() - at) / HOUR_MS;
  const stale = ageHours === null || ageHours > set.heartbeatHours;
  const report = stale ? null : host.report;
  const receipt = at === null ? null : { reportAtMs: at, clockSkewSeconds: host.clock?.skewSeconds ?? null };
  const ctx: FactContext = {
    report,
    place,
    now,
    receipt,
    policy: set.softwarePolicy,
    softwareMatches: report ? host.softwareMatches : undefined,
    ...(judgedBy.licensing ? { licensing: judgedBy.licensing } : {}),
    expectedAgentVersion: judgedBy.expectedAgentVersion ?? null,
  };
  const facts = scratch ? scratch.reset(ctx) : new HostFacts(ctx);
  const staleNote: Evidence =
    ageHours === null ? NEVER_REPORTED : { kind: 'stale', hours: Math.max(0, Math.floor(ageHours)), windowHours: set.heartbeatHours };

  const results = set.rules.map((rule): HostRuleResult => {
    if (host.deviceId !== undefined && rule.probeBased && !rule.info.subject) return { ruleId: rule.info.id, status: 'not_applicable', evidence: [AGENTLESS_PROBES] };
    const result = judge(rule, place, facts, report !== null);
    if (!report) return result.status === 'unknown' ? { ...result, evidence: [staleNote, ...result.evidence] } : result;
    if (!rule.probeBased || host.trail?.reportId !== report.reportId) return result;
    const held = host.trail.rules[rule.info.id];
    if (!held || held.stable === result.status) return result;
    return {
      ruleId: result.ruleId,
      status: held.stable,
      evidence: [...result.evidence, { kind: 'held', stable: held.stable, says: result.status, run: runLength(held.recent, result.status), of: rule.hysteresis }],
    };
  });
  return {
    agentId: host.agentId,
    hostname: host.hostname,
    unitId: host.unitId,
    roomId: host.roomId,
    deviceKind: host.deviceKind,
    lastSeen: host.lastSeen,
    stale,
    identity: host.report ? identityOf(host.report) : null,
    ...(host.origin ? { origin: host.origin } : {}),
    results,
    ...(host.deviceId !== undefined ? { deviceId: host.deviceId } : {}),
  };
}

const NEVER_REPORTED: Evidence = Object.freeze({ kind: 'never_reported' as const });

/**
 * Who the machine is, from its latest report even when that is too old to judge by: the
 * addresses of its real interfaces (the default route's first), serial, model and user.
 */
export function identityOf(report: HostReport): HostIdentity {
  const nics = (report.network?.interfaces ?? []).filter((i) => !i.internal && !i.virtual && (i.ipv4.length || i.mac));
  const main = report.network?.defaultInterface;
  nics.sort((a, b) => Number(b.name === main) - Number(a.name === main));
  const unique = (list: string[]) => [...new Set(list.filter(Boolean))];
  const system = report.hardware?.system;
  return {
    ipv4: unique(nics.flatMap((i) => i.ipv4)),
    mac: unique(nics.map((i) => i.mac.toUpperCase())).filter((m) => m !== '00:00:00:00:00:00'),
    serial: system?.serial.trim() || null,
    user: report.os?.user?.trim() || null,
    model: [system?.manufacturer, system?.model].filter((p) => p && p.trim()).join(' ').trim() || null,
  };
}

/** What an expected machine that never enrolled counts as, per rule: one status letter each. */
export function missingMachineStatuses(set: RuleSet, place: HostPlace, now: Date): HostRuleStatus[] {
  const facts = new HostFacts({ report: null, place, now });
  return set.rules.map((rule) => judge(rule, place, facts, false).status);
}
