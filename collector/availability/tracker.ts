/**
 * The live LAN/WAN status of each unit, from its machines' probe-only reports
 * (docs/availability.md). Per unit and scope: a machine says `down` when none of its probes of
 * that scope got an answer (the must-not-answer targets are not LAN or WAN); the unit's raw
 * state is `down` when more than half of the machines that reported within the freshness window
 * (two probe intervals) say so, else `up`. The status changes after the pack's hysteresis (N
 * such evaluations in a row agree; the first state of a unit is taken at once), and each change
 * is written to the series (series-store.ts) before the report that made it is acknowledged.
 * A unit from which no machine reported within the window turns `unknown` (no data) at the
 * next sweep: it is not counted as down, since a power cut looks the same.
 */
import type { HostReport } from '../../schema/index.js';
import { LINK_SCOPES } from '../../rules/availability.js';
import type { LinkScope, LinkState, Transition } from '../../rules/availability.js';
import { seriesKey } from './series-store.js';
import type { SeriesKey, SeriesStore } from './series-store.js';

interface HostView {
  unit: string;
  atMs: number;
  collectedMs: number;
  /** Per scope the machine probed: down (no target answered) and the targets that did not. */
  scopes: Partial<Record<LinkScope, { down: boolean; failed: string[] }>>;
  recentIds: string[];
}

interface UnitScope {
  state: LinkState;
  since: string | null;
  /** The raw state disagreeing with `state`, how many evaluations in a row, since when. */
  run: { state: LinkState; count: number; firstAt: string } | null;
}

export interface StatusChange extends Transition {
  unit: string;
  scope: LinkScope;
  previous: LinkState;
}

/** What one machine's probes say about each scope. */
export function hostScopes(report: HostReport): HostView['scopes'] {
  const out: HostView['scopes'] = {};
  for (const scope of LINK_SCOPES) {
    const results = (report.probes?.results ?? []).filter((r) => r.scope === scope);
    if (!results.length) continue;
    const failed = results.filter((r) => r.received === 0).map((r) => r.target);
    out[scope] = { down: failed.length === results.length, failed };
  }
  return out;
}

export class AvailabilityTracker {
  private readonly hosts = new Map<string, HostView>();
  private readonly byUnit = new Map<string, Set<string>>();
  private readonly units = new Map<SeriesKey, UnitScope>();
  private readonly listeners: Array<(change: StatusChange) => void | Promise<unknown>> = [];
  /** One unit's evaluation at a time, so two reports never write one transition twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly series: SeriesStore,
    private readonly opts: { hysteresis: number; freshMs: number; now: () => Date },
  ) {}

  /** Awaited before the report that caused the change is answered (the alert's record, say). */
  onChange(fn: (change: StatusChange) => void | Promise<unknown>): void {
    this.listeners.push(fn);
  }

  private unitScope(unit: string, scope: LinkScope): UnitScope {
    const key = seriesKey(unit, scope);
    let u = this.units.get(key);
    if (!u) {
      const last = this.series.recorded(unit, scope).at(-1);
      this.units.set(key, (u = { state: last?.state ?? 'unknown', since: last?.at ?? null, run: null }));
    }
    return u;
  }

  /** The unit's current status per scope. */
  status(unit: string): Record<LinkScope, { state: LinkState; since: string | null }> {
    const of = (scope: LinkScope) => {
      const u = this.unitScope(unit, scope);
      return { state: u.state, since: u.since };
    };
    return { lan: of('lan'), wan: of('wan') };
  }

  /**
   * Takes one probe-only report of a machine of `unit`. A resend (same report id) is a
   * duplicate; a report older than the machine's latest, or older than the freshness window on
   * arrival (delivered late from the spool), is kept out of the live status, and fills the
   * series where it was collected in a gap (backfill.ts), kept on disk before it is answered.
   */
  record(agentId: string, unit: string, report: HostReport, receivedAt: Date): Promise<'stored' | 'duplicate'> {
    const run = this.queue.then(async (): Promise<'stored' | 'duplicate'> => {
      const prev = this.hosts.get(agentId);
      if (prev?.recentIds.includes(report.reportId)) return 'duplicate';
      const collectedMs = Math.min(Date.parse(report.collectedAt), receivedAt.getTime());
      const recentIds = [...(prev?.recentIds ?? []), report.reportId].slice(-32);
      const late = receivedAt.getTime() - collectedMs > this.opts.freshMs || (prev !== undefined && collectedMs < prev.collectedMs);
      if (late) {
        if (prev) prev.recentIds = recentIds;
        await this.series.addLate(unit, { agent: agentId, collectedMs, scopes: hostScopes(report) });
        return 'stored';
      }
      if (prev && prev.unit !== unit) this.byUnit.get(prev.unit)?.delete(agentId);
      this.hosts.set(agentId, { unit, atMs: receivedAt.getTime(), collectedMs, scopes: hostScopes(report), recentIds });
      let members = this.byUnit.get(unit);
      if (!members) this.byUnit.set(unit, (members = new Set()));
      members.add(agentId);
      for (const scope of LINK_SCOPES) await this.evaluate(unit, scope, receivedAt);
      return 'stored';
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** The raw state of a unit's scope from its fresh machines; null when none of them probed it. */
  private raw(unit: string, scope: LinkScope, nowMs: number): { state: LinkState; machines: number; targets: string[] } | null {
    let opinions = 0;
    let down = 0;
    const targets = new Set<string>();
    for (const id of this.byUnit.get(unit) ?? []) {
      const h = this.hosts.get(id)!;
      const s = h.scopes[scope];
      if (!s || nowMs - h.atMs > this.opts.freshMs) continue;
      opinions++;
      if (s.down) {
        down++;
        for (const t of s.failed) targets.add(t);
      }
    }
    if (!opinions) return null;
    return down * 2 > opinions ? { state: 'down', machines: down, targets: [...targets].sort() } : { state: 'up', machines: opinions - down, targets: [] };
  }

  private async evaluate(unit: string, scope: LinkScope, at: Date): Promise<void> {
    const raw = this.raw(unit, scope, at.getTime());
    if (!raw) return;
    const u = this.unitScope(unit, scope);
    if (raw.state === u.state) {
      u.run = null;
      return;
    }
    u.run = u.run?.state === raw.state ? { ...u.run, count: u.run.count + 1 } : { state: raw.state, count: 1, firstAt: at.toISOString() };
    if (u.state !== 'unknown' && u.run.count < this.opts.hysteresis) return;
    await this.change(unit, scope, u, { at: u.run.firstAt, state: raw.state, machines: raw.machines, targets: raw.targets });
  }

  private async change(unit: string, scope: LinkScope, u: UnitScope, t: Transition): Promise<void> {
    await this.series.append(unit, scope, t);
    const previous = u.state;
    u.state = t.state;
    u.since = t.at;
    u.run = null;
    for (const fn of this.listeners) await fn({ ...t, unit, scope, previous });
  }

  /** Units whose machines all fell silent for the freshness window turn `unknown` (no data). */
  sweep(): Promise<void> {
    const run = this.queue.then(async () => {
      const nowMs = this.opts.now().getTime();
      for (const [key, u] of this.units) {
        if (u.state === 'unknown') continue;
        const [unit, scope] = key.split('\u0000') as [string, LinkScope];
        if (this.raw(unit, scope, nowMs)) continue;
        const lastMs = Math.max(0, ...[...(this.byUnit.get(unit) ?? [])].map((id) => this.hosts.get(id)!.atMs));
        // Silent since the last report plus the window; with no report since a restart, from now.
        const at = new Date(lastMs ? Math.max(lastMs + this.opts.freshMs, Date.parse(u.since ?? '1970-01-01T00:00:00Z')) : nowMs).toISOString();
        await this.change(unit, scope, u, { at, state: 'unknown', machines: 0, targets: [] });
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
