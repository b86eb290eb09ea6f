/**
 * What each dashboard page shows, computed where the evaluation is (the collector's evaluation
 * worker, collector/evaluation/, or in-process for tests and the CLI) and sent as a small JSON
 * answer: the request thread never reads a whole fleet's evaluation. Each model is still an
 * `Evaluation` (or rows made from one) cut down to what its page prints, so the pages keep
 * reading the evaluation contract through the documents' index and `contract.ts`, and nothing
 * is counted twice: figures are the engine's, copied, never recomputed.
 *
 * Every model is made from the evaluation of exactly the scope the main thread resolved for the
 * reader (collector/access/scope.ts), so a model holds nothing outside it.
 */
import { notFound } from '../collector/errors.js';
import type { Evaluation, HostReport, HostRuleStatus, Lang, RuleProgress, UnitEvaluation } from '../schema/index.js';
import { hostRows, selectHosts } from './host-table.js';
import type { HostFilter } from './host-table.js';
import { indexOf } from './index-cache.js';

/** Machines named under each rule of a unit page before "see all N". */
export const BLOCKING_SHOWN = 50;

export interface ScopeRequest {
  unitId: string | null;
  /** False: the unit's own rooms and machines only. */
  recursive: boolean;
}

/** The evaluation's figures without machines: units (their own rules, no rooms), rules, facts. */
export type ScopeSummary = Evaluation;

export interface UnitModelRequest extends ScopeRequest {
  /** The unit the page is about: the scope's unit. */
  focus: string;
  lang: Lang;
}

export interface UnitModel {
  /** The unit (with its rooms) and its children (their own figures), the named machines only. */
  evaluation: Evaluation;
  /** Per rule of the unit, how many machines hold it back (the unit's `blockingHosts` list only the first `BLOCKING_SHOWN`, by name). */
  blockingCounts: Record<string, number>;
  /** The unit's own machines (for its probe targets). */
  ownHosts: string[];
}

export interface HostModelRequest {
  /** The machine's unit, as the store has it (the route checked it against the reader's scope). */
  unitId: string;
  agentId: string;
}

/** The machine's unit (its rooms, for names) and the machine alone, with evidence; null: the machine is not in its unit's evaluation. */
export type HostModel = Evaluation | null;

export interface HostListRequest extends ScopeRequest {
  lang: Lang;
  filter: HostFilter;
}

/** One row of the machines list, as it is printed. */
export interface HostListRow {
  agentId: string;
  hostname: string;
  unitName: string;
  roomName: string;
  ips: string[];
  macs: string[];
  lastSeen: string | null;
  verdict: HostRuleStatus;
  failed: number;
  unknown: number;
}

export interface HostListModel {
  generatedAt: string;
  /** The scope's rules with their titles in the reader's language (the rule filter). */
  rules: Array<{ id: string; title: string }>;
  total: number;
  page: number;
  pages: number;
  rows: HostListRow[];
}

/** Addresses shown per row. */
const ADDRESSES_SHOWN = 2;

const withoutBlocking = (p: RuleProgress): RuleProgress => (p.blockingHosts.length ? { ...p, blockingHosts: [] } : p);
const figuresOnly = (u: UnitEvaluation): UnitEvaluation => ({ ...u, rules: u.rules.map(withoutBlocking), rooms: [] });

/** The evaluation less everything a machine list would need: what the overview and the charts read. */
export function scopeSummary(e: Evaluation): ScopeSummary {
  const { retiredHosts: _retired, devices: _devices, remoteHosts: _remote, ...rest } = e;
  return { ...rest, units: e.units.map(figuresOnly), hosts: [] };
}

export function unitModel(e: Evaluation, unitId: string, lang: Lang): UnitModel {
  const unit = e.units.find((u) => u.unitId === unitId);
  if (!unit) throw notFound(`no unit ${unitId}`);
  const ix = indexOf(e, lang);
  const blockingCounts: Record<string, number> = {};
  const named = new Set<string>();
  const rules = unit.rules.map((p) => {
    blockingCounts[p.ruleId] = p.blockingHosts.length;
    const shown = [...p.blockingHosts].sort((a, b) => ix.compare(ix.hostname(a), ix.hostname(b))).slice(0, BLOCKING_SHOWN);
    for (const id of shown) named.add(id);
    return { ...p, blockingHosts: shown };
  });
  const rooms = unit.rooms.map((r) => ({ ...r, rules: r.rules.map(withoutBlocking) }));
  const children = e.units.filter((u) => u.parentId === unitId).map(figuresOnly);
  const { retiredHosts: _retired, devices: _devices, remoteHosts, ...rest } = e;
  const namedRemote = remoteHosts?.filter((h) => named.has(h.agentId));
  return {
    evaluation: {
      ...rest,
      units: [{ ...unit, rules, rooms }, ...children],
      // Named machines need only their names; their results are not shown here.
      hosts: e.hosts.filter((h) => named.has(h.agentId)).map((h) => ({ ...h, results: [] })),
      // A child's machines (`parent.includeHosts`): a name, no page here.
      ...(namedRemote?.length ? { remoteHosts: namedRemote } : {}),
    },
    blockingCounts,
    ownHosts: e.hosts.filter((h) => h.unitId === unitId).map((h) => h.agentId),
  };
}

export function hostModel(e: Evaluation, agentId: string): HostModel {
  const host = e.hosts.find((h) => h.agentId === agentId);
  if (!host) return null;
  const { retiredHosts: _retired, devices: _devices, ...rest } = e;
  const units = e.units.filter((u) => u.unitId === host.unitId).map((u) => ({ ...u, rules: u.rules.map(withoutBlocking), rooms: u.rooms.map((r) => ({ ...r, rules: r.rules.map(withoutBlocking) })) }));
  return { ...rest, units, hosts: [host] };
}

export async function hostListModel(e: Evaluation, req: HostListRequest, reportOf: (agentId: string) => HostReport | null): Promise<HostListModel> {
  const ix = indexOf(e, req.lang);
  const selected = selectHosts(ix, await hostRows(ix, reportOf), req.filter);
  return {
    generatedAt: e.generatedAt,
    rules: ix.rules.map((r) => ({ id: r.id, title: ix.ruleTitle(r.id) })),
    total: selected.total,
    page: selected.page,
    pages: selected.pages,
    rows: selected.rows.map((r) => ({
      agentId: r.host.agentId,
      hostname: r.hostname,
      unitName: r.unitName,
      roomName: r.roomName,
      ips: r.ips.slice(0, ADDRESSES_SHOWN),
      macs: r.macs.slice(0, ADDRESSES_SHOWN),
      lastSeen: r.host.lastSeen,
      verdict: r.verdict,
      failed: r.failed,
      unknown: r.unknown,
    })),
  };
}

/** Entries of evaluations kept at most by `PageModels`. */
const MAX_KEPT = 16;

/**
 * Page models over evaluations kept for `ttlMs` per exact scope, where the evaluation is made:
 * the machines list's filters, sorts and pages, the overview and the unit pages reuse one
 * evaluation (and the list's rows, kept with it) rather than evaluating the fleet per request.
 * `forget` drops them (a machine moved, retired or returned). The machine page evaluates its
 * own unit anew each time: a few dozen machines.
 */
export class PageModels {
  private readonly kept = new Map<string, { at: number; value: Promise<Evaluation> }>();

  constructor(
    private readonly source: { evaluate(opts: { unitId: string | null; recursive: boolean }): Promise<Evaluation> },
    private readonly reportOf: (agentId: string) => HostReport | null,
    private readonly ttlMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  private evaluation(scope: ScopeRequest): Promise<Evaluation> {
    const key = `${scope.unitId ?? '*'}|${scope.recursive ? 'r' : 'o'}`;
    const now = this.nowMs();
    const found = this.kept.get(key);
    if (found && now - found.at < this.ttlMs) return found.value;
    const value = this.source.evaluate({ unitId: scope.unitId, recursive: scope.recursive });
    if (this.ttlMs > 0) {
      const entry = { at: now, value };
      this.kept.delete(key);
      this.kept.set(key, entry);
      while (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
      value.then(
        // Kept for ttlMs from when it was made, as the pages' own cache counts (a fleet's evaluation can take most of a minute here).
        () => void (entry.at = this.nowMs()),
        () => {
          if (this.kept.get(key) === entry) this.kept.delete(key);
        },
      );
    }
    return value;
  }

  forget(): void {
    this.kept.clear();
  }

  async summary(req: ScopeRequest): Promise<ScopeSummary> {
    return scopeSummary(await this.evaluation(req));
  }

  async unit(req: UnitModelRequest): Promise<UnitModel> {
    return unitModel(await this.evaluation(req), req.focus, req.lang);
  }

  async host(req: HostModelRequest): Promise<HostModel> {
    return hostModel(await this.source.evaluate({ unitId: req.unitId, recursive: false }), req.agentId);
  }

  async hostList(req: HostListRequest): Promise<HostListModel> {
    return hostListModel(await this.evaluation(req), req, this.reportOf);
  }
}
