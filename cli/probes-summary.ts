/** The reachability lines of the one-screen report summary: one per probe, LAN before WAN. */
import type { HostReport, ProbeResult } from '../schema/index.js';

const where = (p: ProbeResult) =>
  `${p.kind} ${p.target || '(none)'}${typeof p.detail.port === 'number' ? `:${p.detail.port}` : ''}${typeof p.detail.server === 'string' ? ` @${p.detail.server}` : ''}`;

/** `under 1 ms` where the median is only an upper bound (Windows `time<1ms` replies). */
const median = (rtt: NonNullable<ProbeResult['rtt']>) => `${rtt.bounded?.upperBounds.includes('medianMs') ? 'under ' : ''}${rtt.medianMs} ms`;

const outcome = (p: ProbeResult) =>
  p.rtt
    ? `${p.received}/${p.sent} back, loss ${p.lossPct}%, median ${median(p.rtt)}${p.error ? ` — ${p.error}` : ''}`
    : `FAIL — ${p.error ?? 'no answer'}`;

export function summariseProbes(r: HostReport): string[] {
  if (!r.probes) {
    const e = r.errors.find((x) => x.section === 'probes');
    return [`  Probes    unknown${e ? ` (${e.message})` : ''}`];
  }
  // A machine without a gateway gets a failed `gateway` result, so an empty list means the
  // gateway probe was switched off (READINESS_PROBE_GATEWAY=off, or `up` without --probe-gateway).
  if (!r.probes.results.length) return ['  Probes    none (no targets from the collector; the default-gateway probe is off)'];
  const sorted = [...r.probes.results].sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'lan' ? -1 : 1));
  return sorted.map((p, i) => `  ${i === 0 ? 'Probes ' : '       '}   ${p.scope.toUpperCase()} ${p.role}: ${where(p)} ${outcome(p)}`);
}
