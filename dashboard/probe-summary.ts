/**
 * A unit's probe targets with the latest results its machines reported for each: how many
 * machines probed it, how many got every packet back, lost some, or reached nothing, their
 * median round trip and when it was last probed. Pure: the caller hands in the targets (org
 * file) and the machines' latest probe results.
 */
import type { ProbeResult, ProbeTarget } from '../schema/index.js';

export interface TargetSummary {
  target: ProbeTarget;
  probed: number;
  clear: number;
  partial: number;
  down: number;
  /** Median over the machines' median round trips; null when none got an answer. */
  medianRttMs: number | null;
  lastProbe: string | null;
}

const keyOf = (p: { kind: string; role: string; target: string }) => `${p.kind}\u0000${p.role}\u0000${p.target}`;

export function summariseTargets(targets: readonly ProbeTarget[], resultsPerHost: ReadonlyArray<readonly ProbeResult[]>): TargetSummary[] {
  const byKey = new Map<string, ProbeResult[]>();
  for (const results of resultsPerHost) {
    for (const r of results) {
      const list = byKey.get(keyOf(r));
      if (list) list.push(r);
      else byKey.set(keyOf(r), [r]);
    }
  }
  return targets.map((target) => {
    const results = byKey.get(keyOf(target)) ?? [];
    const rtts = results.flatMap((r) => (r.rtt ? [r.rtt.medianMs] : [])).sort((a, b) => a - b);
    return {
      target,
      probed: results.length,
      clear: results.filter((r) => r.lossPct === 0 && r.received > 0).length,
      partial: results.filter((r) => r.lossPct > 0 && r.lossPct < 100).length,
      down: results.filter((r) => r.lossPct === 100 || r.received === 0).length,
      medianRttMs: rtts.length ? rtts[Math.floor((rtts.length - 1) / 2)]! : null,
      lastProbe: results.reduce<string | null>((last, r) => (!last || r.startedAt > last ? r.startedAt : last), null),
    };
  });
}
