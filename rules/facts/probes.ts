/**
 * Reachability facts from the agent's probe results, per scope (`lan`, `wan`) and per role
 * (`gateway`, `lan_server`, `wan_endpoint`, `wan_dns`). Maxima are over the targets that
 * answered; with no result for a group the fact is missing, so the rule is `unknown`.
 */
import type { ProbeResult } from '../../schema/index.js';
import { PROBE_ROLES, ROLE_LABEL } from './host.js';
import type { Fact, FactContext } from './types.js';

interface Group {
  key: string;
  label: string;
  pick: (r: ProbeResult) => boolean;
}

const GROUPS: Group[] = [
  { key: 'lan', label: 'LAN', pick: (r) => r.scope === 'lan' },
  { key: 'wan', label: 'WAN', pick: (r) => r.scope === 'wan' },
  // A must-not-answer target is good when it does NOT answer: its facts are in network.ts.
  ...PROBE_ROLES.filter((role) => role !== 'must_not_answer').map((role) => ({ key: role, label: ROLE_LABEL[role], pick: (r: ProbeResult) => r.role === role })),
];

const unreachable = (r: ProbeResult) => r.error !== null || r.received === 0;

function groupFacts(g: Group): Fact[] {
  const results = (ctx: FactContext): ProbeResult[] | undefined => {
    const all = ctx.report?.probes?.results;
    if (!all) return undefined;
    // Picked once per host: a group has five facts, and a fleet 20,000 hosts.
    const memo = (ctx.memo ??= new Map());
    let list = memo.get(g.key) as ProbeResult[] | undefined;
    if (!list) memo.set(g.key, (list = all.filter(g.pick)));
    return list;
  };
  const answered = (ctx: FactContext) => {
    const list = results(ctx);
    return list && list.length ? list : undefined;
  };
  /** The largest value over the group's results that have one; a loop, as it runs per host. */
  const max = (ctx: FactContext, of: (r: ProbeResult) => number | undefined) => {
    let top: number | undefined;
    for (const r of results(ctx) ?? []) {
      const v = of(r);
      if (v !== undefined && (top === undefined || v > top)) top = v;
    }
    return top;
  };
  const missing = `no ${g.label} probe results in the latest report (does the org file give this unit ${g.key === 'lan' || g.key === 'wan' ? `${g.label} targets` : `a ${g.label} target`}?)`;
  const section = 'probes' as const;
  return [
    {
      name: `probes.${g.key}.count`,
      type: 'number',
      label: `${g.label} targets probed`,
      section,
      description: `How many ${g.label} targets the agent probed.`,
      resolve: (ctx) => results(ctx)?.length,
    },
    {
      name: `probes.${g.key}.max_loss_pct`,
      type: 'number',
      label: `${g.label} loss`,
      unit: '%',
      section,
      description: `Worst packet loss over the ${g.label} targets.`,
      resolve: (ctx) => max(ctx, (r) => r.lossPct),
      note: (ctx) => worst(answered(ctx), (r) => r.lossPct),
      missing,
    },
    {
      name: `probes.${g.key}.max_median_ms`,
      type: 'number',
      label: `${g.label} median RTT`,
      unit: 'ms',
      section,
      description: `Worst median round-trip time over the ${g.label} targets that answered.`,
      resolve: (ctx) => max(ctx, (r) => r.rtt?.medianMs),
      missing,
    },
    {
      name: `probes.${g.key}.max_p95_ms`,
      type: 'number',
      label: `${g.label} p95 RTT`,
      unit: 'ms',
      section,
      description: `Worst 95th-percentile round-trip time over the ${g.label} targets that answered.`,
      resolve: (ctx) => max(ctx, (r) => r.rtt?.p95Ms),
      missing,
    },
    {
      name: `probes.${g.key}.unreachable`,
      type: 'list',
      label: `${g.label} targets unreachable`,
      section,
      description: `${g.label} targets that did not answer at all or failed, with the error.`,
      resolve: (ctx) => results(ctx)?.filter(unreachable).map((r) => (r.error ? `${r.target} (${r.error})` : r.target)),
    },
  ];
}

/** Names the worst target when there are several, so the evidence says where to look. */
function worst(list: ProbeResult[] | undefined, by: (r: ProbeResult) => number): string | undefined {
  if (!list || list.length < 2) return list?.[0] ? `target ${list[0].target}` : undefined;
  const top = list.reduce((a, b) => (by(b) > by(a) ? b : a));
  return `worst target ${top.target}`;
}

export const probeFacts: Fact[] = GROUPS.flatMap(groupFacts);
