/**
 * The readiness service: store + org + rule packs + history + clock. Evaluates the fleet live
 * for today and replays the daily history for past days; lists units; checks placements; keeps
 * each host's probe-rule trail. `openReadiness` opens it read-only on a data directory for the
 * CLI (safe beside a running collector: every file is replaced by atomic rename).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CompletionPoint, Evaluation, HistoryDay, HostReport, OrgFile, RetiredHost, RuleTrail, SheetBinding, SoftwareMatches, UnitsResponse } from '../schema/index.js';
import { ExceptionRecord, TaskRecord, taskState } from '../schema/index.js';
import { RecordFile } from './remediation/record-file.js';
import { exceptionView } from '../rules/exemptions.js';
import { ownKey, rollUp, unitKey } from '../rules/rollup.js';
import type { TaskCheck } from './remediation/tasks.js';
import type { AutoTaskCandidate } from './remediation/auto-tasks.js';
import { triggers } from './remediation/auto-tasks.js';
import { matchSoftware } from '../rules/software-policy/match.js';
import { Day } from '../schema/index.js';
import type { RuleSet } from '../rules/compile.js';
import { addDays, dayIn } from '../rules/deadline.js';
import { evaluateFleet } from '../rules/evaluate.js';
import type { FleetResult, ScanVerdicts } from '../rules/evaluate.js';
import { scanStanding } from '../rules/scan/standing.js';
import type { HostInput } from '../rules/evaluate-host.js';
import type { DeviceInput } from '../rules/device-input.js';
import { deviceInputs } from './devices/inputs.js';
import { FileDeviceStore } from './store/device-store.js';
import { probeOutcomes } from '../rules/evaluate-host.js';
import { completeSinceIn, completionPoints, dayUnits, historyDayOf, historyHostsOf, replayDay, trendBaseIn, trendDayIn } from '../rules/history.js';
import { completionPct } from '../rules/deadline.js';
import { issuerOf } from '../reports/index.js';
import type { Issuer } from '../reports/index.js';
import { advanceTrail } from '../rules/hysteresis.js';
import { buildOrgModel, lineage, placementProblem, placeOf, subtree, targetsFor } from '../rules/org-model.js';
import type { OrgModel } from '../rules/org-model.js';
import type { LicensingPolicy } from '../rules/facts/types.js';
import { NO_KMS_HOSTS } from '../rules/facts/types.js';
import { loadRuleSet, DEFAULT_PACK_FILE } from '../rules/load-pack.js';
import { ConfigError, expectedAgentVersion, loadCollectorConfig } from './config.js';
import type { CollectorConfig } from './config.js';
import { badRequest, notFound } from './errors.js';
import { DEFAULT_RETAIN_DAYS } from './history-store.js';
import type { DailyHistory } from './history-store.js';
import type { WrittenDay } from './history-store.js';
import { loadOrgFile } from './org-file.js';
import type { OrgDirectory, TrailHost } from './org-directory.js';
import type { ReadinessSource } from './readiness-source.js';
import { inProcessJobs } from './readiness-jobs.js';
import { fileAuditLog } from './access/audit-log.js';
import type { AuditHead } from './access/audit-log.js';
import { openHistory, openStore } from './store/open.js';
import type { HostSummary, Store } from './store/types.js';
import { bindingOf } from './scans/binding.js';
import { ScanStore } from './scans/scan-store.js';
import { placeChildren } from '../rules/place-children.js';
import { ReceivedSnapshots } from './rollup/received.js';
import type { Received } from './rollup/received.js';
import { forwardedOf, remoteGroups } from './rollup/view.js';
import type { RemoteGroup, RollupForwarded } from '../schema/index.js';

/** The pre-use scan verdicts evaluations read (collector/scans/scan-store.ts). */
export interface ScanSource {
  /** Every host's latest verdicts, by host id: kept up to date as verdicts are recorded. */
  verdicts(): ScanVerdicts;
  /** As recorded by the end of a past day. */
  verdictsAsOf(day: string, timeZone: string): ScanVerdicts;
}

/** Where the hosts come from: the store itself (CLI, main thread) or the worker's mirror of it. */
/** The hosts evaluation reads; `getHost` (one host's latest report) where the store can say. */
export type HostSource = Pick<Store, 'listHosts'> & Partial<Pick<Store, 'getHost'>>;

export interface ReadinessOptions {
  store: HostSource;
  org: OrgFile | null;
  rules: RuleSet;
  /** Null: no history (past days cannot be asked for). */
  history: DailyHistory | null;
  now: () => Date;
  /** Days of history kept by `snapshot`. */
  retainDays?: number;
  /** The agent version hosts should run (`agent.up_to_date`); absent: not judged. */
  expectedAgentVersion?: string;
  /** The config's `licensing` (KMS allow-list) every licence fact is judged against; none passes when absent. */
  licensing?: LicensingPolicy;
  /** The audit chain's head, recorded in each day's history as an anchor (collector/access/audit-log.ts). */
  auditHead?: () => Promise<AuditHead>;
  /** The org file's devices with their latest scans, at the moment of asking (collector/devices/inputs.ts). */
  devices?: () => DeviceInput[];
  /** Pre-use scan verdicts; none: no device was ever scanned. */
  scans?: ScanSource;
  /** Exceptions and remediation tasks as last committed (collector/remediation/), at the moment of asking. */
  remediation?: () => RemediationInputs;
  /** As a parent: the snapshots its children sent (collector/rollup/received.ts), placed in every evaluation of today. */
  children?: ChildInputs;
}

export interface ChildInputs {
  received: () => Promise<Received[]>;
  /** Older than this, a child's figures count as unknown (`rollup.staleHours`). */
  staleHours: number;
}

export interface RemediationInputs {
  exceptions: readonly ExceptionRecord[];
  tasks: readonly TaskRecord[];
}

const toInput = (h: HostSummary): HostInput => ({
  agentId: h.agentId,
  hostname: h.latest?.os?.hostname || h.hostname,
  unitId: h.unit,
  roomId: h.room,
  deviceKind: h.deviceKind,
  lastSeen: h.lastSeen,
  report: h.latest,
  trail: h.ruleTrail,
  reportAt: h.reportAt,
  clock: h.clock,
  origin: h.latestOrigin,
  softwareMatches: h.softwareMatches,
  firstSeen: h.firstSeen,
});

/** Retired hosts no longer count: not expected, not reporting, not evaluated. */
const counted = (hosts: HostSummary[]): HostSummary[] => hosts.filter((h) => !h.retired);

/** Hosts of `units` (all when null) retired by the end of `asOf` in `timeZone`, newest first. */
function retiredBy(hosts: HostSummary[], units: Set<string> | null, asOf: string, timeZone: string): RetiredHost[] {
  return hosts
    .filter((h) => h.retired && (!units || units.has(h.unit)) && dayIn(new Date(h.retired.at), timeZone) <= asOf)
    .sort((a, b) => Date.parse(b.retired!.at) - Date.parse(a.retired!.at))
    .map((h) => ({
      agentId: h.agentId,
      hostname: h.latest?.os?.hostname || h.hostname,
      unitId: h.unit,
      roomId: h.room,
      retiredAt: h.retired!.at,
      reason: h.retired!.reason,
      mergedInto: h.retired!.mergedInto ?? null,
      by: h.retired!.by ?? null,
      selfCertified: h.retired!.selfCertified ?? false,
    }));
}

export class Readiness implements ReadinessSource, OrgDirectory {
  /** The org file alone: where a host sits for scopes and targets, without scanning the fleet. */
  private readonly declared: OrgModel;

  constructor(private readonly opts: ReadinessOptions) {
    this.declared = buildOrgModel(opts.org, []);
  }

  /** What the service is built from, for parts built beside it (the equipment review). */
  get inputs(): Pick<ReadinessOptions, 'store' | 'org' | 'rules' | 'now' | 'devices'> {
    return { store: this.opts.store, org: this.opts.org, rules: this.opts.rules, now: this.opts.now, ...(this.opts.devices ? { devices: this.opts.devices } : {}) };
  }

  /** Today in the org's time zone. */
  today(): string {
    return dayIn(this.opts.now(), this.declared.timeZone);
  }

  /** The org file plus every unit and room hosts are enrolled into. */
  model(): OrgModel {
    return buildOrgModel(this.opts.org, counted(this.opts.store.listHosts()).map((h) => ({ unit: h.unit, room: h.room })));
  }

  private checkDay(day: string, what: string): void {
    if (!Day.safeParse(day).success) throw badRequest(`${what} must be a day written YYYY-MM-DD, not "${day}"`);
  }

  /** The children's units as placed now, each group judged fresh or stale (none: not a parent). */
  private async childGroups(): Promise<RemoteGroup[]> {
    const c = this.opts.children;
    return c ? remoteGroups(await c.received(), this.opts.now(), c.staleHours) : [];
  }

  /** What this collector passes on to its own parent of what its children sent (docs/rollup.md, chained parents). */
  async forwarded(): Promise<RollupForwarded[]> {
    return this.opts.children ? forwardedOf(await this.opts.children.received()) : [];
  }

  /**
   * `children: false`: this collector's own units only, without its children's (what it sends
   * its own parent; the children's figures travel beside them, `forwarded`).
   */
  async evaluate(opts: { unitId?: string | null; asOf?: string; recursive?: boolean; children?: boolean }): Promise<Evaluation> {
    const today = this.today();
    const asOf = opts.asOf ?? today;
    const unitId = opts.unitId ?? null;
    const recursive = opts.recursive ?? true;
    this.checkDay(asOf, 'asOf');
    if (asOf > today) throw badRequest(`asOf ${asOf} is in the future (today is ${today} in ${this.declared.timeZone}); ask for today or a past day`);
    if (asOf === today) {
      const own = this.withRetired((await this.evaluateToday(unitId, today, recursive)).evaluation);
      return opts.children === false ? own : placeChildren(own, await this.childGroups());
    }

    const history = this.opts.history;
    const recorded = history ? await history.latestReadable(asOf, { withHosts: true }) : null;
    if (!history || !recorded) {
      const first = history ? (await history.days())[0] : undefined;
      throw notFound(
        first
          ? `no history on or before ${asOf}: the history starts on ${first}`
          : `no history has been recorded yet, so ${asOf} cannot be evaluated; the collector records one snapshot a day while it runs`,
      );
    }
    const trendBase = trendBaseIn(await this.trendRecords(asOf), recorded.record.rules);
    try {
      const own = this.withPastScans(this.withRetired(replayDay(recorded.record, recorded.hosts!, { asOf, scopeUnitId: unitId, recursive, generatedAt: this.opts.now(), trendBase })));
      // The children's units as the parent placed them that day.
      return opts.children === false ? own : placeChildren(own, recorded.record.remote ?? []);
    } catch (err) {
      if (err instanceof RangeError) throw notFound(`${err.message}; list the units with GET /api/v1/units`);
      throw err;
    }
  }

  /** The evaluation with the hosts of its units retired by its day, and its units' exceptions and tasks. */
  private withRetired(evaluation: Evaluation): Evaluation {
    const units = evaluation.scopeUnitId === null ? null : new Set(evaluation.units.map((u) => u.unitId));
    const retiredHosts = retiredBy(this.opts.store.listHosts(), units, evaluation.asOf, this.declared.timeZone);
    const withRetired = retiredHosts.length ? { ...evaluation, retiredHosts } : evaluation;
    return this.withRemediation(withRetired, units);
  }

  /**
   * The exceptions (not revoked, created by the day) and tasks (not verified, or verified within
   * the last 31 days) of the evaluation's units, as they stand on its day.
   */
  private withRemediation(evaluation: Evaluation, units: Set<string> | null): Evaluation {
    const r = this.opts.remediation?.();
    if (!r) return evaluation;
    const day = evaluation.asOf;
    const tz = this.declared.timeZone;
    const inScope = (unit: string) => !units || units.has(unit);
    const exceptions = r.exceptions
      .filter((e) => inScope(e.target.unit) && !e.revoked && dayIn(new Date(e.createdAt), tz) <= day)
      .map((e) => exceptionView(e, day));
    const recent = addDays(day, -31);
    const tasks = r.tasks
      .filter((t) => inScope(t.target.unit) && dayIn(new Date(t.createdAt), tz) <= day && (!t.verified || dayIn(new Date(t.verified.at), tz) >= recent))
      .map((t) => ({ ...t, state: taskState(t), overdue: !t.verified && t.due < day }));
    return { ...evaluation, ...(exceptions.length ? { exceptions } : {}), ...(tasks.length ? { tasks } : {}) };
  }

  /**
   * Which of `tasks` the data shows done today: for a machine, its rule passes in a report
   * received after the task was created; for a room, every machine the rule applies to passes
   * (at least one); for a unit, the same over its own rooms and machines. Exempted or not
   * applicable is not passing. Whole-fleet work: the collector runs it on the evaluation worker.
   */
  async taskChecks(tasks: ReadonlyArray<Pick<TaskRecord, 'id' | 'rule' | 'target' | 'createdAt'>>): Promise<TaskCheck[]> {
    if (!tasks.length) return [];
    const today = this.today();
    const result = await this.evaluateToday(null, today);
    const { evaluation, model } = result;
    const ruleIndex = new Map(evaluation.rules.map((r, i) => [r.id, i]));
    const hosts = new Map(evaluation.hosts.map((h) => [h.agentId, h]));
    const units = new Map(evaluation.units.map((u) => [u.unitId, u]));
    const ownOf = rollUpOwn(result, model, today);
    const checks: TaskCheck[] = [];
    for (const t of tasks) {
      const i = ruleIndex.get(t.rule);
      if (i === undefined) continue;
      if (t.target.host) {
        const h = hosts.get(t.target.host);
        if (!h || h.stale || !h.lastSeen || Date.parse(h.lastSeen) < Date.parse(t.createdAt) || h.results[i]?.status !== 'pass') continue;
        checks.push({ id: t.id, evidence: `the report of ${h.hostname} received ${h.lastSeen} passes ${t.rule}` });
        continue;
      }
      const figures = t.target.room ? units.get(t.target.unit)?.rooms.find((r) => r.roomId === t.target.room)?.rules[i] : ownOf(t.target.unit)?.rules[i];
      if (!figures || figures.passing === 0 || figures.status !== 'done') continue;
      const where = t.target.room ? `room ${t.target.room} of ${t.target.unit}` : `unit ${t.target.unit} (its own rooms and machines)`;
      checks.push({ id: t.id, evidence: `on ${today} all ${figures.passing} machines of ${where} the rule applies to pass ${t.rule}${figures.exempted ? ` (${figures.exempted} exempted)` : ''}` });
    }
    return checks;
  }

  /**
   * The (rule, target) pairs the packs' `autoTasks` settings ask a task for today
   * (docs/remediation.md "Automatic tasks"): for each rule with the setting, each unit whose own
   * rooms and machines read the deadline status it names and have failing machines; then the
   * unit itself (`level: unit`) or each of its machines failing the rule with a fresh report
   * (`level: machine`; unknown and stale machines are not failures). Whole-fleet work: the
   * collector runs it on the evaluation worker.
   */
  async autoTaskCandidates(): Promise<AutoTaskCandidate[]> {
    const rules = this.opts.rules.rules.filter((r) => r.autoTasks && r.ownerRole);
    if (!rules.length) return [];
    const today = this.today();
    const result = await this.evaluateToday(null, today);
    const { evaluation, model } = result;
    const ownUnits = rollUpOwn(result, model, today);
    const ruleIndex = new Map(evaluation.rules.map((r, i) => [r.id, i]));
    const out: AutoTaskCandidate[] = [];
    for (const r of rules) {
      const auto = r.autoTasks!;
      const id = r.info.id;
      const i = ruleIndex.get(id);
      if (i === undefined) continue;
      for (const unit of evaluation.units) {
        const figures = ownUnits(unit.unitId)?.rules[i];
        if (!figures || !figures.failing || !triggers(auto.when, figures.status)) continue;
        const base = { rule: id, role: r.ownerRole!, dueInDays: auto.dueInDays, status: figures.status };
        if (auto.level === 'unit') {
          out.push({ ...base, target: { unit: unit.unitId, room: null, host: null }, evidence: `on ${today} ${figures.failing} machines of unit ${unit.unitId} (its own rooms and machines) fail ${id}, deadline status ${figures.status}` });
          continue;
        }
        for (const h of evaluation.hosts) {
          if (h.unitId !== unit.unitId || h.stale || h.results[i]?.status !== 'fail') continue;
          out.push({ ...base, target: { unit: h.unitId, room: h.roomId, host: h.agentId }, evidence: `on ${today} ${h.hostname} fails ${id} (report of ${h.lastSeen}), deadline status in unit ${unit.unitId} ${figures.status}` });
        }
      }
    }
    return out;
  }

  /** Today's evaluation with `completedOn` carried from the latest earlier day in the history. */
  private async evaluateToday(
    unitId: string | null,
    today: string,
    recursive = true,
  ): Promise<FleetResult & { model: OrgModel; completeSince: (key: string, ruleId: string) => string | null }> {
    const previous = this.opts.history ? ((await this.opts.history.latestReadable(today, { strictlyBefore: true }))?.record ?? null) : null;
    const model = this.model();
    if (unitId !== null && !model.byId.has(unitId)) {
      throw notFound(`no unit "${unitId}"; list the units with GET /api/v1/units (or leave the unit out)`);
    }
    const completeSince = completeSinceIn(previous);
    const result = evaluateFleet({
      set: this.opts.rules,
      org: model,
      hosts: counted(this.opts.store.listHosts()).map(toInput),
      now: this.opts.now(),
      asOf: today,
      scopeUnitId: unitId,
      expectedAgentVersion: this.opts.expectedAgentVersion ?? null,
      recursive,
      completeSince,
      trendBase: trendBaseIn(await this.trendRecords(today), this.opts.rules.rules.map((r) => r.info)),
      devices: this.opts.devices?.() ?? [],
      licensing: this.opts.licensing ?? NO_KMS_HOSTS,
      ...(this.opts.scans ? { scans: this.opts.scans.verdicts() } : {}),
      exceptions: this.opts.remediation?.().exceptions ?? [],
    });
    return { ...result, model, completeSince };
  }

  /**
   * A past day's hosts with their scan standing as recorded by the end of that day. The day's
   * reports are not kept, so a material change is read off the day's recorded `pre-use-scan`
   * status: a verdict in force whose rule failed that day had changed.
   */
  private withPastScans(evaluation: Evaluation): Evaluation {
    if (!this.opts.rules.readsScans) return evaluation;
    const verdicts = this.opts.scans?.verdictsAsOf(evaluation.asOf, this.declared.timeZone) ?? new Map();
    const scanRules = new Set(this.opts.rules.rules.filter((r) => r.info.category === 'scan').map((r) => r.info.id));
    return {
      ...evaluation,
      hosts: evaluation.hosts.map((h) => {
        const standing = scanStanding(verdicts.get(h.agentId), null, this.opts.rules.scanPolicy, evaluation.asOf);
        const failed = h.results.some((r) => scanRules.has(r.ruleId) && r.status === 'fail');
        const inForce = standing.status === 'passed' || standing.status === 'conditional';
        return { ...h, scan: inForce && failed ? { ...standing, status: 'changed' as const } : standing };
      }),
    };
  }

  /** The hidden columns of a security sheet printed today (none for a past day: it cannot be imported). */
  scanBindings(asOf: string, hostIds: readonly string[]): ReadonlyMap<string, SheetBinding> | null {
    if (asOf !== this.today()) return null;
    const out = new Map<string, SheetBinding>();
    // A machine audited over SSH is bound to its latest audit's host report (docs/scans.md).
    let audited: Map<string, HostReport> | undefined;
    for (const id of hostIds) {
      let latest = this.opts.store.getHost?.(id)?.latest;
      if (!latest) {
        audited ??= new Map((this.opts.devices?.() ?? []).flatMap((d): Array<[string, HostReport]> => (d.report?.host ? [[d.report.host.agentId, d.report.host]] : [])));
        latest = audited.get(id);
      }
      if (latest) out.set(id, bindingOf(latest));
    }
    return out;
  }

  /** Per look-ahead window of the rules, the recorded day it starts from (see `trendDayIn`). */
  private async trendRecords(asOf: string): Promise<Map<number, HistoryDay>> {
    const out = new Map<number, HistoryDay>();
    const history = this.opts.history;
    const windows = new Set(this.opts.rules.rules.map((r) => r.info.lookAheadDays).filter((d) => d > 0));
    if (!history || !windows.size) return out;
    const days = (await history.days()).filter((d) => d < asOf);
    for (const window of windows) {
      const day = trendDayIn(days, asOf, window);
      // A damaged day set aside: the latest readable one before it starts the window instead.
      const found = day ? await history.latestReadable(day) : null;
      if (found) out.set(window, found.record);
    }
    return out;
  }

  async historyStart(): Promise<string | null> {
    return (await this.opts.history?.days())?.[0] ?? null;
  }

  latestReport(agentId: string): HostReport | null {
    return this.opts.store.getHost?.(agentId)?.latest ?? null;
  }

  issuer(unitId: string | null): Issuer | null {
    return issuerOf(this.opts.org, unitId);
  }

  async completionSeries(opts: { unitId?: string | null; roomId?: string | null; from: string; to: string; recursive?: boolean }): Promise<CompletionPoint[]> {
    this.checkDay(opts.from, 'from');
    this.checkDay(opts.to, 'to');
    if (opts.from > opts.to) throw badRequest(`from (${opts.from}) is after to (${opts.to}); swap them`);
    const unitId = opts.unitId ?? null;
    const roomId = opts.roomId ?? null;
    const recursive = unitId === null || (opts.recursive ?? true);
    const today = this.today();
    const points: CompletionPoint[] = [];
    const days = this.opts.history ? (await this.opts.history.days()).filter((d) => d >= opts.from && d <= opts.to && d < today) : [];
    for (const d of days) {
      const day = await this.opts.history!.readDay(d);
      if (!day) continue;
      const placed = dayUnits(day);
      const known = unitId !== null && placed.some((u) => u.id === unitId);
      const units = unitId === null ? null : new Set(!known ? [] : recursive ? subtreeIds(placed, unitId) : [unitId]);
      points.push(...completionPoints(day, units, { ownOnly: !recursive, roomId }));
    }
    if (opts.from <= today && today <= opts.to) {
      const evaluation = placeChildren((await this.evaluateToday(unitId, today, recursive)).evaluation, await this.childGroups());
      for (const u of evaluation.units) {
        const rules = roomId === null ? u.rules : (u.rooms.find((r) => r.roomId === roomId)?.rules ?? []);
        for (const p of rules) {
          const pct = completionPct(p.passing, p.applicable);
          if (pct === null) continue;
          points.push({ day: today, unitId: u.unitId, ...(roomId === null ? {} : { roomId }), ruleId: p.ruleId, passing: p.passing, applicable: p.applicable, completionPct: pct });
        }
      }
    }
    return points;
  }

  /** The audit chain's head now, when this readiness knows its log. */
  async auditHead(): Promise<AuditHead | null> {
    return this.opts.auditHead ? this.opts.auditHead() : null;
  }

  /**
   * Records today in the history (replacing an earlier record of today) and prunes old days.
   * `audit`: the audit chain's head to anchor the day to, when the caller read it (the
   * evaluation worker gets it with the job); by default this readiness's own `auditHead`.
   */
  async snapshot(audit?: AuditHead | null): Promise<WrittenDay | null> {
    const history = this.opts.history;
    if (!history) return null;
    const today = this.today();
    const result = await this.evaluateToday(null, today);
    const now = this.opts.now();
    const head = audit === undefined ? await this.auditHead() : audit;
    // A parent's day holds its children's units as placed now, and its own units' figures with theirs added.
    const groups = (await this.childGroups()).filter((g) => g.units.length);
    const extra = { completeSince: result.completeSince, ...(head ? { audit: { seq: head.seq, head: head.hash } } : {}) };
    let day = historyDayOf(result, result.model, now, extra);
    if (groups.length) {
      const own = day.figures;
      // The day record keeps the children's figures, not their host rows (docs/rollup.md): a past day names none of their machines.
      day = { ...historyDayOf({ ...result, evaluation: placeChildren(result.evaluation, groups) }, result.model, now, extra), remote: groups.map((g) => ({ ...g, units: g.units.map(({ hosts: _hosts, ...u }) => u) })) };
      // A unit with children's figures added keeps its own beside them (`o:`), for readers whose scope stops at it.
      for (const u of result.evaluation.units) {
        const key = unitKey(u.unitId);
        if (!day.figures[ownKey(u.unitId)] && JSON.stringify(day.figures[key]) !== JSON.stringify(own[key])) day.figures[ownKey(u.unitId)] = own[key]!;
      }
    }
    const written = await history.write(day, historyHostsOf(result.evaluation));
    await history.prune(addDays(today, -((this.opts.retainDays ?? DEFAULT_RETAIN_DAYS) - 1)));
    return written;
  }

  /** The units of `scope` (default every unit); children outside it are left out of `childIds`. */
  listUnits(scope: { unitId: string | null; recursive: boolean } = { unitId: null, recursive: true }): UnitsResponse {
    const model = this.model();
    const top = scope.unitId === null ? null : model.byId.get(scope.unitId);
    if (scope.unitId !== null && !top) throw notFound(`no unit "${scope.unitId}"; leave the unit out to list your units`);
    const shown = top ? (scope.recursive ? subtree(model, top.id) : [top]) : model.units;
    const ids = new Set(shown.map((u) => u.id));
    const enrolled = new Map<string, number>();
    for (const h of counted(this.opts.store.listHosts())) {
      for (const key of [h.unit, `${h.unit}/${h.room ?? ''}`]) enrolled.set(key, (enrolled.get(key) ?? 0) + 1);
    }
    return {
      org: { name: model.name, example: model.example, declared: model.declared, timeZone: model.timeZone },
      units: shown.map((u) => ({
        id: u.id,
        name: u.name,
        level: u.level,
        parentId: u.parentId,
        responsible: u.responsible,
        declared: u.declared,
        expectedWorkstations: Math.max(u.expected, enrolled.get(`${u.id}/`) ?? 0) + u.rooms.reduce((n, r) => n + Math.max(r.expected, enrolled.get(`${u.id}/${r.id}`) ?? 0), 0),
        enrolled: enrolled.get(u.id) ?? 0,
        childIds: u.childIds.filter((id) => ids.has(id)),
        rooms: u.rooms.map((r) => ({
          id: r.id,
          name: r.name,
          expectedWorkstations: Math.max(r.expected, enrolled.get(`${u.id}/${r.id}`) ?? 0),
          enrolled: enrolled.get(`${u.id}/${r.id}`) ?? 0,
          needs: [...r.needs],
          declared: r.declared,
        })),
        targets: targetsFor(model, u.id, null),
      })),
    };
  }

  get timeZone(): string {
    return this.declared.timeZone;
  }

  unitChain(unitId: string): string[] {
    const chain = lineage(this.declared, unitId);
    return chain.length ? chain : [unitId];
  }

  placementProblem(unit: string, room: string | null): string | null {
    return placementProblem(this.opts.org, unit, room);
  }

  targetsFor(unitId: string, roomId: string | null = null) {
    return targetsFor(this.declared, unitId, roomId);
  }

  nextTrail(host: TrailHost, report: HostReport): RuleTrail {
    const place = placeOf(this.declared, host.unit, host.room, host.deviceKind);
    return advanceTrail(host.ruleTrail, report.reportId, probeOutcomes(this.opts.rules, place, report, this.opts.now()));
  }

  softwareMatches(report: HostReport): SoftwareMatches {
    return matchSoftware(this.opts.rules.softwarePolicy, report);
  }
}

/** A unit and its descendants in a recorded day's org. */
const subtreeIds = (units: Array<{ id: string; parentId: string | null }>, unitId: string): string[] => {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out: string[] = [];
  const visit = (id: string) => {
    out.push(id);
    for (const c of children.get(id) ?? []) visit(c);
  };
  visit(unitId);
  return out;
};

/** The org file (if any), compiled rule packs, licensing policy and expected agent version named by a collector config. */
export async function loadReadinessInputs(config: CollectorConfig): Promise<{ org: OrgFile | null; rules: RuleSet; licensing: LicensingPolicy; expectedAgentVersion: string }> {
  const org = config.org ? await loadOrgFile(config.org) : null;
  const rules = await loadRuleSet(config.rulePacks ?? [DEFAULT_PACK_FILE]).catch((err: Error) => {
    throw new ConfigError(err.message);
  });
  return { org, rules, licensing: { kmsAllowList: [...config.licensing.kmsAllowList] }, expectedAgentVersion: expectedAgentVersion(config) };
}

/**
 * What the routes take from the service: evaluations and documents run in-process here (the
 * collector replaces them with its worker thread, collector/server.ts).
 */
export const readinessDeps = (readiness: Readiness) => ({
  readiness: inProcessJobs(readiness),
  org: readiness as OrgDirectory,
  targetsForUnit: (unitId: string, roomId?: string | null) => readiness.targetsFor(unitId, roomId ?? null),
});

/**
 * Opens the readiness of a collector's data directory without starting a server, for
 * `readiness evaluate` and `readiness report`. Reads only; never repairs or writes.
 */
export async function openReadiness(opts: { configFile?: string; dataDir?: string } = {}): Promise<Readiness> {
  const config = await loadCollectorConfig(opts.configFile);
  if (opts.dataDir) config.dataDir = opts.dataDir;
  const dataDir = resolve(config.dataDir);
  if (config.store.kind === 'file' && !existsSync(join(dataDir, 'hosts'))) {
    throw new ConfigError(`${dataDir} holds no collector data; pass --data with the collector's data directory (or --config with its config file)`);
  }
  const inputs = await loadReadinessInputs(config);
  const store = openStore(config.store, dataDir, { readOnly: true });
  await store.load();
  const audit = fileAuditLog(join(dataDir, 'audit.log'), () => {});
  const devices = new FileDeviceStore(dataDir, { readOnly: true });
  await devices.load();
  // Read once: a report describes the data directory as it was when the command started.
  const remediation: RemediationInputs = {
    exceptions: new RecordFile(join(dataDir, 'exceptions.json'), ExceptionRecord).load().all(),
    tasks: new RecordFile(join(dataDir, 'tasks.json'), TaskRecord).load().all(),
  };
  // No aside directory: a reader beside a running collector skips damaged days, never moves them.
  return new Readiness({
    ...inputs,
    store,
    history: openHistory(config.store, dataDir, { readOnly: true }),
    now: () => new Date(),
    retainDays: config.history.retainDays,
    auditHead: () => audit.head(),
    devices: () => deviceInputs(inputs.org, devices),
    scans: new ScanStore({ dataDir }).load(),
    remediation: () => remediation,
    children: childInputs(config, dataDir),
  });
}

/** A parent's received snapshots, read from its data directory when asked (a signed file taken in at the command line counts at once). */
export function childInputs(config: Pick<CollectorConfig, 'rollup'>, dataDir: string, log: (line: string) => void = () => {}): ChildInputs {
  const received = new ReceivedSnapshots(dataDir, log);
  return { received: () => received.list(), staleHours: config.rollup.staleHours };
}

/** A unit's figures over its own rooms and machines only (not the units below it), made once per unit asked. */
function rollUpOwn(result: FleetResult & { completeSince: (key: string, ruleId: string) => string | null }, model: OrgModel, today: string) {
  const { evaluation } = result;
  const own = new Map<string, Evaluation['units'][number] | undefined>();
  return (unitId: string) => {
    if (!own.has(unitId)) {
      const [u] = rollUp({ org: model, rules: evaluation.rules, hosts: evaluation.hosts, asOf: today, missing: result.missing, completeSince: result.completeSince, scopeUnitId: unitId, recursive: false });
      own.set(unitId, u);
    }
    return own.get(unitId);
  };
}
