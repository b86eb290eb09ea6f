/**
 * Late probe-only reports fill the series (docs/availability.md, "Late reports"). A unit whose
 * agents reach the collector across the WAN goes silent when the WAN is cut: the series reads
 * "no data" from one window after its last report, and the reports collected meanwhile sit in
 * the agents' spools until the repair. When they arrive they are replayed here, in the order
 * they were collected, with the live rules (tracker.ts: a machine counts for the freshness
 * window from when its report was collected, more than half down is down, the hysteresis, the
 * first state taken at once), and the gap's transitions are replaced by what the replay found.
 *
 * A gap is a span the recorded series reads `unknown`, or the time before its first transition,
 * widened back by one window (the sweep dates "no data" a window after the last report, so the
 * reports collected in that window were not seen on time either) but never before the previous
 * transition. A late report collected where the collector had on-time data does not rewrite that
 * span: the machines that reported on time settled it.
 */
import type { LinkScope, LinkState, Transition } from '../../rules/availability.js';

export interface LateObservation {
  agent: string;
  collectedMs: number;
  scopes: Partial<Record<LinkScope, { down: boolean; failed: string[] }>>;
}

interface Gap {
  /** Index of the recorded `unknown` transition (-1: before the first transition). */
  index: number;
  startMs: number;
  endMs: number;
}

/** The gaps of a recorded series that late reports may fill. */
export function gapsOf(recorded: readonly Transition[], freshMs: number): Gap[] {
  const gaps: Gap[] = [];
  const first = recorded[0];
  gaps.push({ index: -1, startMs: -Infinity, endMs: first ? Date.parse(first.at) : Infinity });
  recorded.forEach((t, i) => {
    if (t.state !== 'unknown') return;
    const prevMs = i > 0 ? Date.parse(recorded[i - 1]!.at) : -Infinity;
    const next = recorded[i + 1];
    gaps.push({ index: i, startMs: Math.max(prevMs, Date.parse(t.at) - freshMs), endMs: next ? Date.parse(next.at) : Infinity });
  });
  return gaps;
}

/** Whether a report collected at `ms` falls in a gap of the recorded series. */
export const inGap = (recorded: readonly Transition[], ms: number, freshMs: number): boolean => gapsOf(recorded, freshMs).some((g) => ms >= g.startMs && ms < g.endMs);

type Run = { state: LinkState; count: number; firstAt: string };

/** The transitions the late observations give within one gap, from the state before it. */
function replay(obs: readonly LateObservation[], scope: LinkScope, before: LinkState, gapEndMs: number, opts: { hysteresis: number; freshMs: number }): Transition[] {
  const out: Transition[] = [];
  const hosts = new Map<string, LateObservation>();
  let state = before;
  let run: Run | null = null;
  const silentSince = () => Math.max(...[...hosts.values()].map((h) => h.collectedMs)) + opts.freshMs;
  const silence = (): Transition => ({ at: new Date(silentSince()).toISOString(), state: 'unknown', machines: 0, targets: [] });
  for (const ob of obs) {
    // Every machine silent for a window before this report: "no data" between, as the sweep says live.
    if (hosts.size && state !== 'unknown' && silentSince() < ob.collectedMs) {
      out.push(silence());
      state = 'unknown';
      run = null;
    }
    hosts.set(ob.agent, ob);
    let opinions = 0;
    let down = 0;
    const targets = new Set<string>();
    for (const h of hosts.values()) {
      const s = h.scopes[scope];
      if (!s || ob.collectedMs - h.collectedMs > opts.freshMs) continue;
      opinions++;
      if (s.down) {
        down++;
        for (const t of s.failed) targets.add(t);
      }
    }
    const raw = down * 2 > opinions ? { state: 'down' as const, machines: down, targets: [...targets].sort() } : { state: 'up' as const, machines: opinions - down, targets: [] };
    if (raw.state === state) {
      run = null;
      continue;
    }
    const prev = run as Run | null;
    run = prev?.state === raw.state ? { ...prev, count: prev.count + 1 } : { state: raw.state, count: 1, firstAt: new Date(ob.collectedMs).toISOString() };
    if (state === 'unknown' || run.count >= opts.hysteresis) {
      out.push({ ...raw, at: run.firstAt });
      state = raw.state;
      run = null;
    }
  }
  if (hosts.size && state !== 'unknown' && silentSince() < gapEndMs) out.push(silence());
  return out;
}

/**
 * The series of one unit's scope with its gaps filled from the late observations (collected
 * order, a resend counted once). Without late observations in a gap, the recorded series.
 */
export function fillGaps(recorded: readonly Transition[], late: readonly LateObservation[], scope: LinkScope, opts: { hysteresis: number; freshMs: number }): readonly Transition[] {
  const seen = new Set<string>();
  const obs = late
    .filter((o) => o.scopes[scope] && !seen.has(`${o.agent}\u0000${o.collectedMs}`) && seen.add(`${o.agent}\u0000${o.collectedMs}`))
    .sort((a, b) => a.collectedMs - b.collectedMs);
  if (!obs.length) return recorded;
  const replaced = new Map<number, Transition[]>();
  for (const gap of gapsOf(recorded, opts.freshMs)) {
    const within = obs.filter((o) => o.collectedMs >= gap.startMs && o.collectedMs < gap.endMs);
    if (!within.length) continue;
    const before = gap.index > 0 ? recorded[gap.index - 1]!.state : 'unknown';
    replaced.set(gap.index, replay(within, scope, before, gap.endMs, opts));
  }
  if (!replaced.size) return recorded;
  const merged: Transition[] = [...(replaced.get(-1) ?? [])];
  recorded.forEach((t, i) => {
    const filled = replaced.get(i);
    if (filled) merged.push(...filled);
    else merged.push(t);
  });
  // A filled state that runs into the same recorded state is one span, begun when it was first seen.
  return merged.filter((t, i) => i === 0 || t.state !== merged[i - 1]!.state);
}
