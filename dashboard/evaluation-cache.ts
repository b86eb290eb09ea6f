/**
 * The dashboard's view of the readiness jobs: page models (dashboard/page-models.ts),
 * completion series and unit lists kept for a short while, per scope. Models are made on the
 * collector's evaluation worker (collector/evaluation/, docs/architecture.md) from the
 * evaluation of exactly the reader's scope, and are what one page shows: the main thread reads
 * kilobytes, never a fleet's evaluation. Evaluating 20,000 machines takes seconds of the worker
 * (docs/performance.md), which keeps its evaluations for the same period; a person clicking
 * through pages must not wait for it on every page, so an answer is reused for `ttlMs` and then
 * refreshed in the background while the old one is still shown (each page says when its
 * figures were computed), up to `maxStaleMs`.
 *
 * Every entry is keyed by the exact scope the caller resolved to (collector/access/scope.ts):
 * nothing is cut out of a wider evaluation, so the cache cannot show one reader what another's
 * scope holds. A change made through the dashboard (a host moved) clears it, here and in the worker.
 */
import type { CompletionPoint, Evaluation, Lang, UnitsResponse } from '../schema/index.js';
import type { EvaluationScope } from '../collector/access/scope.js';
import type { OrgDirectory } from '../collector/org-directory.js';
import type { ReadinessJobs } from '../collector/readiness-jobs.js';
import { addDays } from '../rules/deadline.js';
import type { HostFilter } from './host-table.js';
import type { HostListModel, HostModel, ScopeSummary, UnitModel } from './page-models.js';

export interface CacheOptions {
  ttlMs: number;
  /** How old an answer may be shown while a fresh one is computed; older ones are waited for. */
  maxStaleMs: number;
  /** Answers kept at most (the oldest used goes first). */
  maxEntries: number;
  nowMs?: () => number;
}

interface Entry<T> {
  value: T;
  at: number;
  refreshing: boolean;
}

/** A small keyed cache with stale-while-revalidate and in-flight sharing. */
class Memo<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly pending = new Map<string, Promise<T>>();
  private generation = 0;

  constructor(private readonly opts: CacheOptions) {}

  private now(): number {
    return this.opts.nowMs ? this.opts.nowMs() : Date.now();
  }

  private compute(key: string, make: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running;
    const generation = this.generation;
    const promise = make()
      .then((value) => {
        // A clear() while computing: the answer may predate the change, so it is not kept.
        if (generation === this.generation) {
          this.entries.delete(key);
          this.entries.set(key, { value, at: this.now(), refreshing: false });
          while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        }
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }

  /** `fresh`: the kept answer is known to be out of date (e.g. it lacks a host that moved in). */
  async get(key: string, make: () => Promise<T>, fresh = false): Promise<T> {
    const entry = fresh ? undefined : this.entries.get(key);
    if (entry) {
      const age = this.now() - entry.at;
      // Most recently used last, so the oldest used is evicted first.
      this.entries.delete(key);
      this.entries.set(key, entry);
      if (age < this.opts.ttlMs) return entry.value;
      if (age < this.opts.maxStaleMs) {
        if (!entry.refreshing) {
          entry.refreshing = true;
          this.compute(key, make).catch(() => {
            entry.refreshing = false;
          });
        }
        return entry.value;
      }
    }
    return this.compute(key, make);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

const decoder = new TextDecoder();
const parsed = async <T,>(bytes: Promise<Uint8Array>): Promise<T> => JSON.parse(decoder.decode(await bytes)) as T;

const scopeKey = (s: EvaluationScope) => `${s.unitId ?? '*'}|${s.recursive ? 'r' : 'o'}`;

/** Completion per unit and rule of an evaluation, as one day of a series. */
const pointsOf = (evaluation: Evaluation): CompletionPoint[] =>
  evaluation.units.flatMap((u) =>
    // A rule that applies to no machine has no point (as in the history).
    u.rules.flatMap((p) => (p.completionPct === null ? [] : [{ day: evaluation.asOf, unitId: u.unitId, ruleId: p.ruleId, passing: p.passing, applicable: p.applicable, completionPct: p.completionPct }])),
  );

export class DashboardReadiness {
  private readonly summaries: Memo<ScopeSummary>;
  private readonly unitModels: Memo<UnitModel>;
  private readonly hostModels: Memo<HostModel>;
  private readonly hostLists: Memo<HostListModel>;
  private readonly series: Memo<CompletionPoint[]>;
  private readonly unitLists: Memo<UnitsResponse>;

  constructor(
    private readonly jobs: Pick<ReadinessJobs, 'completionSeriesJson' | 'scopeSummaryJson' | 'unitModelJson' | 'hostModelJson' | 'hostListJson' | 'forgetPageModels'>,
    private readonly org: Pick<OrgDirectory, 'listUnits'>,
    readonly opts: CacheOptions,
  ) {
    this.summaries = new Memo(opts);
    this.unitModels = new Memo(opts);
    this.hostModels = new Memo(opts);
    this.hostLists = new Memo(opts);
    this.series = new Memo(opts);
    this.unitLists = new Memo(opts);
  }

  /** The figures of exactly `scope` without machines (the overview). */
  summary(scope: EvaluationScope): Promise<ScopeSummary> {
    return this.summaries.get(scopeKey(scope), () => parsed<ScopeSummary>(this.jobs.scopeSummaryJson({ unitId: scope.unitId, recursive: scope.recursive })));
  }

  /** The unit page's model: `scope` is the unit's (as the reader may see it), `lang` orders the named machines. */
  unit(scope: EvaluationScope & { unitId: string }, lang: Lang): Promise<UnitModel> {
    return this.unitModels.get(`${scopeKey(scope)}|${lang}`, () => parsed<UnitModel>(this.jobs.unitModelJson({ unitId: scope.unitId, recursive: scope.recursive, focus: scope.unitId, lang })));
  }

  /** The machine page's model: the machine evaluated in its own unit, `fresh` computes it anew. */
  host(agentId: string, unitId: string, fresh = false): Promise<HostModel> {
    return this.hostModels.get(`${unitId}|${agentId}`, () => parsed<HostModel>(this.jobs.hostModelJson({ unitId, agentId })), fresh);
  }

  /** One page of the machines list of exactly `scope`. */
  hostList(scope: EvaluationScope, filter: HostFilter, lang: Lang): Promise<HostListModel> {
    return this.hostLists.get(`${scopeKey(scope)}|${lang}|${JSON.stringify(filter)}`, () =>
      parsed<HostListModel>(this.jobs.hostListJson({ unitId: scope.unitId, recursive: scope.recursive, lang, filter })),
    );
  }

  /**
   * Completion per day from `days` days before `today`'s day up to it, of `focus` (a unit of
   * `scope`): past days from the history, today from `today` (the page's own model, so a page
   * never evaluates the fleet twice).
   */
  async completionSeries(scope: EvaluationScope, days: number, focus: string | null, today: Evaluation): Promise<{ from: string; to: string; points: CompletionPoint[] }> {
    const from = addDays(today.asOf, -days);
    const yesterday = addDays(today.asOf, -1);
    // Only the focus is charted: the worker leaves out the units below it (days × units × rules would be megabytes).
    const past = await this.series.get(`${scopeKey(scope)}|${focus ?? '*'}|${from}`, () =>
      parsed<CompletionPoint[]>(this.jobs.completionSeriesJson({ unitId: focus, recursive: scope.recursive, from, to: yesterday, unitOnly: true })),
    );
    const now = pointsOf(today).filter((p) => focus === null || p.unitId === focus);
    return { from, to: today.asOf, points: [...past.filter((p) => p.day < today.asOf), ...now] };
  }

  /** The units and rooms of exactly `scope`. */
  units(scope: EvaluationScope): Promise<UnitsResponse> {
    return this.unitLists.get(scopeKey(scope), async () => this.org.listUnits(scope));
  }

  /** Forget everything (after a change made through the dashboard), here and where the models are made. */
  async clear(): Promise<void> {
    this.summaries.clear();
    this.unitModels.clear();
    this.hostModels.clear();
    this.hostLists.clear();
    this.series.clear();
    this.unitLists.clear();
    await this.jobs.forgetPageModels();
  }
}
