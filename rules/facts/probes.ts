/**
 * Reachability facts from the agent's probe results, per scope (`lan`, `wan`) and per role
 * (`gateway`, `lan_server`, `wan_endpoint`, `wan_dns`). Maxima are over the targets that
 * answered; with no result for a group the fact is missing, so the rule is `unknown`, and the
 * evidence says whether the org file gives the unit no such target or the agent probed none.
 */
import type { Bilingual, EvidenceNote, MissingCause, ProbeErrorKind, ProbeResult, ProbeTarget } from '../../schema/index.js';
import { PROBE_ROLES, ROLE_LABEL } from './host.js';
import type { Fact, FactContext } from './types.js';

interface Group {
  key: string;
  label: Bilingual;
  pick: (r: Pick<ProbeResult, 'scope' | 'role'>) => boolean;
}

const GROUPS: Group[] = [
  { key: 'lan', label: { vi: 'mạng LAN', en: 'LAN' }, pick: (r) => r.scope === 'lan' },
  { key: 'wan', label: { vi: 'mạng WAN', en: 'WAN' }, pick: (r) => r.scope === 'wan' },
  // A must-not-answer target is good when it does NOT answer: its facts are in network.ts.
  ...PROBE_ROLES.filter((role) => role !== 'must_not_answer').map((role) => ({ key: role, label: ROLE_LABEL[role], pick: (r: Pick<ProbeResult, 'role'>) => r.role === role })),
];

const unreachable = (r: ProbeResult) => r.error !== null || r.received === 0;

/**
 * The cause of a probe error, read from the agent's sentence (agent/probes/*.ts words them;
 * test/rules/probe-errors.test.ts pins each against a real probe), so each language can say it.
 */
const ERROR_KINDS: Array<[RegExp, ProbeErrorKind]> = [
  [/NXDOMAIN|does not exist/i, 'dns_no_such_name'],
  [/SERVFAIL|failed to resolve/i, 'dns_server_failure'],
  [/refuses to resolve|\(REFUSED\)/, 'dns_refused'],
  [/connection refused|refused the connection|ECONNREFUSED/i, 'refused'],
  [/no route|host unreachable|EHOSTUNREACH/i, 'no_route'],
  [/network .*unreachable|ENETUNREACH/i, 'network_unreachable'],
  [/does not resolve|could not be resolved|ENOTFOUND|EAI_AGAIN/i, 'name_not_resolved'],
  [/reset the connection|ECONNRESET/i, 'reset'],
  [/within \d+ ms|timed? ?out|ETIMEDOUT|ETIMEOUT/i, 'timeout'],
  [/no reply to any|no echo/i, 'no_reply'],
];

export function probeErrorKind(message: string): ProbeErrorKind {
  return ERROR_KINDS.find(([re]) => re.test(message))?.[1] ?? 'other';
}

const portOf = (r: ProbeResult): number | null => (typeof r.detail.port === 'number' ? r.detail.port : null);

export function probeNote(r: ProbeResult, worst: boolean): EvidenceNote {
  const message = r.error ?? (r.received === 0 ? `no reply to any of ${r.sent} probes` : null);
  return { code: 'probe', target: r.target, port: portOf(r), worst, error: message === null ? null : probeErrorKind(message), message };
}

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
  /** The largest value over the group's results that have one; a loop, as it runs per host. */
  const max = (ctx: FactContext, of: (r: ProbeResult) => number | undefined) => {
    let top: number | undefined;
    for (const r of results(ctx) ?? []) {
      const v = of(r);
      if (v !== undefined && (top === undefined || v > top)) top = v;
    }
    return top;
  };
  /** The target a maximum comes from, with its port and error, so the evidence says where to look. */
  const worst = (of: (r: ProbeResult) => number | undefined) => (ctx: FactContext) => {
    const list = (results(ctx) ?? []).filter((r) => of(r) !== undefined);
    if (!list.length) return undefined;
    const top = list.reduce((a, b) => (of(b)! > of(a)! ? b : a));
    return [probeNote(top, list.length > 1)];
  };
  const missing = (ctx: FactContext): MissingCause => {
    const list = results(ctx);
    if (list?.length) return list.every((r) => r.rtt === null) ? 'no_answer' : 'not_reported';
    return ctx.place.targets.some((t: ProbeTarget) => g.pick(t)) ? 'not_probed' : 'no_target';
  };
  const section = 'probes' as const;
  const loss = (r: ProbeResult) => r.lossPct;
  const median = (r: ProbeResult) => r.rtt?.medianMs;
  const p95 = (r: ProbeResult) => r.rtt?.p95Ms;
  return [
    {
      name: `probes.${g.key}.count`,
      type: 'number',
      label: { vi: `số mục tiêu ${g.label.vi} đã đo`, en: `${g.label.en} targets probed` },
      section,
      description: `How many ${g.label.en} targets the agent probed.`,
      resolve: (ctx) => results(ctx)?.length,
      missing,
    },
    {
      name: `probes.${g.key}.max_loss_pct`,
      type: 'number',
      label: { vi: `tỷ lệ mất gói tới ${g.label.vi}`, en: `${g.label.en} loss` },
      unit: '%',
      section,
      description: `Worst packet loss over the ${g.label.en} targets.`,
      resolve: (ctx) => max(ctx, loss),
      note: worst(loss),
      missing,
    },
    {
      name: `probes.${g.key}.max_median_ms`,
      type: 'number',
      label: { vi: `độ trễ trung vị tới ${g.label.vi}`, en: `${g.label.en} median RTT` },
      unit: 'ms',
      section,
      description: `Worst median round-trip time over the ${g.label.en} targets that answered.`,
      resolve: (ctx) => max(ctx, median),
      note: worst(median),
      missing,
    },
    {
      name: `probes.${g.key}.max_p95_ms`,
      type: 'number',
      label: { vi: `độ trễ p95 tới ${g.label.vi}`, en: `${g.label.en} p95 RTT` },
      unit: 'ms',
      section,
      description: `Worst 95th-percentile round-trip time over the ${g.label.en} targets that answered.`,
      resolve: (ctx) => max(ctx, p95),
      note: worst(p95),
      missing,
    },
    {
      name: `probes.${g.key}.unreachable`,
      type: 'list',
      label: { vi: `mục tiêu ${g.label.vi} không tới được`, en: `${g.label.en} targets unreachable` },
      section,
      description: `${g.label.en} targets that did not answer at all or failed (the error is in the evidence).`,
      resolve: (ctx) =>
        results(ctx)
          ?.filter(unreachable)
          .map((r) => {
            const port = portOf(r);
            return port === null ? r.target : `${r.target}:${port}`;
          }),
      note: (ctx) => {
        const list = results(ctx)?.filter(unreachable);
        return list?.length ? list.map((r) => probeNote(r, false)) : undefined;
      },
      missing,
    },
  ];
}

export const probeFacts: Fact[] = GROUPS.flatMap(groupFacts);
