/**
 * Machine page (`/hosts/:id`): who and where, the checklist (failures and unknowns first, with
 * evidence and remediation in the reader's language), each rule over the recorded days,
 * licences, antivirus, security findings, probes, and the installed programs (read per host
 * from the store, searchable). Its sections are one list, `MACHINE_SECTIONS`, that later work
 * adds to (docs/dashboard.md).
 */
import type { Child } from 'hono/jsx';
import { fromHost } from '../../collector/access/authorize.js';
import { notFound } from '../../collector/errors.js';
import type { EvaluationIndex } from '../../reports/evaluation-index.js';
import { categoryLabel, deviceKindLabel } from '../../reports/i18n.js';
import { deviceLabels } from '../../reports/devices/labels.js';
import type { HostEvaluation, HostReport, HostRuleResult, HostRuleStatus, ImportOrigin, SwitchPort } from '../../schema/index.js';
import { evidenceLines, resultWord } from '../contract.js';
import { ResultTag } from '../components/figures.js';
import { Layout } from '../components/layout.js';
import type { HostTimeline } from '../host-history.js';
import { fold } from '../host-table.js';
import { indexOf } from '../index-cache.js';
import { definePage } from '../page.js';
import type { DashboardContext } from '../page.js';
import { RemediationSection } from './host-remediation.js';
import type { View } from '../view.js';
import { loadScanPart, ScanSection } from './scan-part.js';
import type { ScanPart, VerdictEntry } from './scan-part.js';

/** Programs listed at most; a search narrows the rest. */
export const PROGRAMS_SHOWN = 1000;

interface HostData {
  ix: EvaluationIndex;
  host: HostEvaluation;
  /** What the store keeps of the machine (the latest report with its programs). */
  record: {
    agentId: string;
    hostname: string;
    deviceKind: string;
    enrolledAt: string;
    firstSeen: string | null;
    lastSeen: string | null;
    latest: HostReport | null;
    latestOrigin?: ImportOrigin | undefined;
  };
  timeline: HostTimeline;
  programsQuery: string;
  /** Seconds the agent's clock ran ahead of the collector's (negative: behind). */
  skewSeconds: number | null;
  /** False: estimated from the latest report's times (an agent that does not say when it sent). */
  skewMeasured: boolean;
  /** The pre-use scans: standing, verdicts, and the verdict form for an officer in scope (scan-part.tsx). */
  scan: ScanPart;
}

/** Failures first, then unknowns, then passes, then rules that do not apply; the pack's order within. */
const RESULT_ORDER: Record<HostRuleStatus, number> = { fail: 0, unknown: 1, exempted: 2, pass: 3, not_applicable: 4 };

/** "SW-TANG2 · Cổng Gi1/0/12 · VLAN 10 · 12/12/2025 08:00", as the documents' switch-ports part says it. */
function switchPortText(p: SwitchPort, view: View): string {
  const D = deviceLabels(view.lang);
  return [p.deviceName, `${D.col.port} ${p.port}`, ...(p.fdbId !== null ? [`${D.col.fdbId} ${view.fmt.number(p.fdbId)}`] : []), view.fmt.dateTime(p.seenAt)].join(' · ');
}

const yesNo = (view: View, value: boolean | null | undefined) => (value === null || value === undefined ? view.P.host.unknown : value ? view.P.host.yes : view.P.host.no);

const Missing = ({ view }: { view: View }) => <p class="none">{view.P.host.sectionMissing}</p>;

function Identity({ data, view }: { data: HostData; view: View }) {
  const { ix, host, record } = data;
  const H = view.P.host;
  const { fmt } = view;
  const report = record.latest;
  const nics = (report?.network?.interfaces ?? []).filter((n) => !n.internal);
  const rows: Array<[string, Child]> = [
    [view.L.col.hostname, ix.hostname(host.agentId)],
    [view.L.col.unit, <a href={`/units/${encodeURIComponent(host.unitId)}`}>{ix.unitName(host.unitId)}</a>],
    [view.L.col.room, ix.roomName(host.unitId, host.roomId)],
    [view.L.col.deviceKind, deviceKindLabel(view.lang, record.deviceKind)],
    [H.addresses, <span class="mono">{[...new Set(nics.flatMap((n) => [...n.ipv4, ...n.ipv6]))].join(', ')}</span>],
    [H.macs, <span class="mono">{[...new Set(nics.map((n) => n.mac))].join(', ')}</span>],
    [H.serial, report?.hardware?.system.serial ?? ''],
    [H.model, report?.hardware ? `${report.hardware.system.manufacturer} ${report.hardware.system.model}`.trim() : ''],
    [H.os, report?.os ? `${report.os.distro} ${report.os.release}${report.os.build ? ` (${report.os.build})` : ''}` : ''],
    [H.agentVersion, report?.agentVersion ?? ''],
    // Where it is plugged in, from the switches' forwarding tables (docs/devices.md), in the documents' words.
    ...(host.switchPort ? ([[deviceLabels(view.lang).part.switchPorts, switchPortText(host.switchPort, view)]] as Array<[string, Child]>) : []),
    [H.enrolled, fmt.dateTime(record.enrolledAt)],
    [H.firstReport, record.firstSeen ? fmt.dateTime(record.firstSeen) : view.P.hosts.never],
    [view.L.col.lastSeen, record.lastSeen ? fmt.dateTime(record.lastSeen) : view.P.hosts.never],
    [
      data.skewMeasured ? H.clockSkew : H.clockSkewEstimated,
      data.skewSeconds === null ? '' : Math.abs(data.skewSeconds) < 60 ? H.clockSkewNone : H.clockSkewValue(fmt.number(Math.abs(data.skewSeconds)), data.skewSeconds > 0),
    ],
  ];
  if (record.latestOrigin) {
    const o = record.latestOrigin;
    rows.push([H.imported, `${o.selfCertified ? view.L.meta.selfCertified : view.L.meta.imported} (${o.by}, ${fmt.dateTime(o.at)})`]);
  }
  return (
    <>
      {host.stale ? <p class="notice warn">{H.outOfContact}</p> : null}
      <dl class="summary">
        {rows.map(([term, value]) => (
          <>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      {view.may('hosts.move') || view.may('hosts.retire') ? (
        <p class="actions">
          {view.may('hosts.move') ? <a href={`/admin/hosts/${encodeURIComponent(host.agentId)}/move`}>{H.move}</a> : null}
          {view.may('hosts.move') && view.may('hosts.retire') ? ' · ' : null}
          {view.may('hosts.retire') ? <a href={`/admin/hosts/${encodeURIComponent(host.agentId)}/retire`}>{view.P.admin.action.retireHost}</a> : null}
        </p>
      ) : null}
    </>
  );
}

function Checklist({ data, view }: { data: HostData; view: View }) {
  const { ix, host } = data;
  const { L } = view;
  const rank = new Map(ix.rules.map((r, i) => [r.id, i]));
  const results = [...host.results].sort((a, b) => RESULT_ORDER[a.status] - RESULT_ORDER[b.status] || (rank.get(a.ruleId) ?? 0) - (rank.get(b.ruleId) ?? 0));
  const remedy = (r: HostRuleResult) => (r.status === 'fail' || r.status === 'unknown' ? ix.rule(r.ruleId)?.remediation[view.lang] : undefined);
  return (
    <div class="table-wrap">
      <table>
        <caption>{view.P.host.checklistLead}</caption>
        <thead>
          <tr>
            <th scope="col">{L.col.rule}</th>
            <th scope="col">{L.col.category}</th>
            <th scope="col">{L.col.severity}</th>
            <th scope="col">{L.col.result}</th>
            <th scope="col">
              {L.col.evidence} · {L.col.remediation}
            </th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => {
            const rule = ix.rule(r.ruleId);
            const lines = evidenceLines(r, view.lang, ix.evaluation.facts);
            const fix = remedy(r);
            return (
              <tr>
                <th scope="row">{ix.ruleTitle(r.ruleId)}</th>
                <td>{rule ? categoryLabel(view.lang, rule.category) : ''}</td>
                <td>{rule ? L.severity[rule.severity] : ''}</td>
                <td>
                  <ResultTag status={r.status} view={view} />
                </td>
                <td>
                  {lines.length ? (
                    <ul class="evidence">
                      {lines.map((line) => (
                        <li>{line}</li>
                      ))}
                    </ul>
                  ) : null}
                  {fix ? (
                    <p class="remedy">
                      <strong>{L.col.remediation}:</strong> {fix}
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const SYMBOL: Record<HostRuleStatus, string> = { pass: '✓', fail: '✗', unknown: '?', not_applicable: '–', exempted: 'MT' };

function HistoryCell({ status, view }: { status: HostRuleStatus | null; view: View }) {
  if (!status) return <td class="h"></td>;
  return (
    <td class={`h s-${status}`} title={resultWord(status, view.lang)}>
      <span aria-hidden="true">{SYMBOL[status]}</span>
      <span class="visually-hidden">{resultWord(status, view.lang)}</span>
    </td>
  );
}

function History({ data, view }: { data: HostData; view: View }) {
  const { ix, host, timeline } = data;
  const H = view.P.host;
  if (!timeline.days.length) return <p>{H.noHistory}</p>;
  const today = new Map(host.results.map((r) => [r.ruleId, r.status]));
  return (
    <div class="table-wrap">
      <table class="hist">
        <caption>{H.historyLead(view.fmt.number(timeline.days.length))}</caption>
        <thead>
          <tr>
            <th scope="col">{view.L.col.rule}</th>
            {timeline.days.map((d) => (
              <th scope="col" class="d">
                {view.fmt.day(d)}
              </th>
            ))}
            <th scope="col" class="d">
              {H.today}
            </th>
          </tr>
        </thead>
        <tbody>
          {ix.rules.map((rule) => (
            <tr>
              <th scope="row">{ix.ruleTitle(rule.id)}</th>
              {timeline.statusOf(rule.id).map((s) => (
                <HistoryCell status={s} view={view} />
              ))}
              <HistoryCell status={today.get(rule.id) ?? null} view={view} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A small table of records: header labels and one row of cells per record. */
function Records({ heads, rows, view }: { heads: string[]; rows: Child[][]; view: View }) {
  if (!rows.length) return <p class="none">{view.P.host.none}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {heads.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells) => (
            <tr>
              {cells.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Licences({ data, view }: { data: HostData; view: View }) {
  const licensing = data.record.latest?.licensing;
  if (!licensing) return <Missing view={view} />;
  const H = view.P.host;
  const entries = [...(licensing.windows ? [licensing.windows] : []), ...licensing.office];
  return (
    <Records
      view={view}
      heads={[H.product, H.licenceStatus, H.channel, H.kmsHost, H.licensed]}
      rows={entries.map((e) => [e.product, e.status, e.channel, e.kmsHost ?? '', `${yesNo(view, e.licensedSoftware)}${e.verdictReason ? ` (${e.verdictReason})` : ''}`])}
    />
  );
}

function Antivirus({ data, view }: { data: HostData; view: View }) {
  const antivirus = data.record.latest?.antivirus;
  if (!antivirus) return <Missing view={view} />;
  const H = view.P.host;
  return (
    <Records
      view={view}
      heads={[H.product, H.enabled, H.realTime, H.upToDate, H.signatureAge]}
      rows={antivirus.products.map((p) => [`${p.name}${p.passive ? ' (passive)' : ''}`, yesNo(view, p.enabled), yesNo(view, p.realTime), yesNo(view, p.upToDate), p.signatureAgeDays === null ? '' : view.fmt.number(p.signatureAgeDays)])}
    />
  );
}

function Security({ data, view }: { data: HostData; view: View }) {
  const security = data.record.latest?.security;
  if (!security) return <Missing view={view} />;
  const H = view.P.host;
  const list = (items: string[]) => (items.length ? items.join(', ') : H.none);
  const rows: Array<[string, Child]> = [
    [H.firewall, list(security.firewall.map((f) => `${f.profile}: ${yesNo(view, f.enabled)}`))],
    [H.encryption, list(security.diskEncryption.map((d) => `${d.volume}: ${yesNo(view, d.encrypted)}`))],
    [H.lastUpdate, security.lastUpdateInstalledAt ?? H.unknown],
    [H.localAdmins, security.localAdmins === null ? H.unknown : list(security.localAdmins)],
    [H.remoteTools, list(security.remoteAccessTools.map((t) => `${t.name}${t.running ? ' (running)' : ''}`))],
    [H.tokens, list(security.signingTokens.map((t) => t.name))],
    [H.osSupport, `${yesNo(view, security.osSupport.supported)}${security.osSupport.reason ? ` (${security.osSupport.reason})` : ''}`],
  ];
  return (
    <dl class="summary">
      {rows.map(([term, value]) => (
        <>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

function Probes({ data, view }: { data: HostData; view: View }) {
  const probes = data.record.latest?.probes;
  if (!probes) return <Missing view={view} />;
  const R = view.P.probe;
  const { fmt } = view;
  return (
    <Records
      view={view}
      heads={[R.role, R.target, R.kind, R.loss, R.rtt, R.error, R.lastProbe]}
      rows={probes.results.map((p) => [
        `${R.roles[p.role] ?? p.role} (${p.scope.toUpperCase()})`,
        <span class="mono">{p.target}</span>,
        p.kind.toUpperCase(),
        `${fmt.number(p.lossPct)}% (${fmt.number(p.received)}/${fmt.number(p.sent)})`,
        p.rtt ? `${fmt.number(p.rtt.medianMs)} / ${fmt.number(p.rtt.p95Ms)} ms` : '',
        p.error ?? '',
        fmt.dateTime(p.startedAt),
      ])}
    />
  );
}

function Programs({ data, view }: { data: HostData; view: View }) {
  const software = data.record.latest?.software;
  const H = view.P.host;
  if (!software || !software.programs.length) return <p class="none">{H.programsNone}</p>;
  const q = fold(data.programsQuery.trim());
  const matching = software.programs.filter((p) => !q || fold(`${p.name} ${p.version} ${p.publisher}`).includes(q)).sort((a, b) => data.ix.compare(a.name, b.name));
  const shown = matching.slice(0, PROGRAMS_SHOWN);
  const total = view.fmt.number(software.programs.length);
  return (
    <>
      <form method="get" action={`/hosts/${encodeURIComponent(data.host.agentId)}#programs`} role="search" class="panel">
        <div class="field wide">
          <label for="program-q">{H.programsSearch}</label>
          <input type="search" id="program-q" name="programs" value={data.programsQuery} data-filter="programs-table" autocomplete="off" />
        </div>
        <button type="submit">{H.programsSearch}</button>
      </form>
      <p class="caption" id="programs-table-count" data-template={H.programsCount('{shown}', total)} role="status">
        {H.programsCount(view.fmt.number(shown.length), total)}
      </p>
      <div class="table-wrap">
        <table id="programs-table">
          <thead>
            <tr>
              <th scope="col">{H.programName}</th>
              <th scope="col">{H.version}</th>
              <th scope="col">{H.publisher}</th>
              <th scope="col">{H.installed}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr>
                <td>{p.name}</td>
                <td>{p.version}</td>
                <td>{p.publisher}</td>
                <td class="nowrap">{p.installDate && /^\d{4}-\d{2}-\d{2}$/.test(p.installDate) ? view.fmt.day(p.installDate) : (p.installDate ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export interface MachineSection {
  id: string;
  title(view: View): string;
  render(props: { data: HostData; view: View }): Child;
}

/**
 * The machine page's sections in order. Later work adds its own entry here: the pre-use scan
 * history and record form (issue 12) after `security`; the host's switch port (issue 15) in
 * `identity`; possible duplicates (issue 9) beside the move and retire links.
 */
export const MACHINE_SECTIONS: MachineSection[] = [
  { id: 'identity', title: (v) => v.P.host.identity, render: Identity },
  { id: 'checklist', title: (v) => v.P.host.checklist, render: Checklist },
  { id: 'history', title: (v) => v.P.host.history, render: History },
  // Assign a failing rule as a task, or exempt it (issue 20).
  { id: 'remediation', title: (v) => v.P.remediation.hostSection, render: RemediationSection },
  { id: 'licences', title: (v) => v.P.host.licences, render: Licences },
  { id: 'antivirus', title: (v) => v.P.host.antivirus, render: Antivirus },
  { id: 'security', title: (v) => v.P.host.security, render: Security },
  { id: 'scan', title: (v) => categoryLabel(v.lang, 'scan'), render: ({ data, view }) => <ScanSection part={data.scan} view={view} hostId={data.host.agentId} /> },
  { id: 'probes', title: (v) => v.P.host.probes, render: Probes },
  { id: 'programs', title: (v) => v.P.host.programs, render: Programs },
];

function HostPage({ data, view }: { data: HostData; view: View }) {
  const { ix, host } = data;
  const name = ix.hostname(host.agentId);
  return (
    <Layout view={view} title={name} active="hosts">
      <ol class="breadcrumbs">
        <li>
          <a href="/">{view.P.nav.overview}</a>
        </li>
        <li>
          <a href={`/units/${encodeURIComponent(host.unitId)}`}>{ix.unitName(host.unitId)}</a>
        </li>
        <li>{name}</li>
      </ol>
      <h1>{name}</h1>
      {!data.record.latest ? <p class="notice">{view.P.host.notReported}</p> : null}
      {MACHINE_SECTIONS.map((s) => (
        <section id={s.id} aria-labelledby={`${s.id}-title`}>
          <h2 id={`${s.id}-title`}>{s.title(view)}</h2>
          {s.render({ data, view })}
        </section>
      ))}
    </Layout>
  );
}

/**
 * The machine page's data; `entry` is a verdict form posted and refused (its values kept, its
 * errors shown), for scan-form.tsx, which answers with this page.
 */
export async function loadHost(ctx: DashboardContext, entry?: VerdictEntry): Promise<HostData> {
  const { c, deps, readiness, history, view } = ctx;
  const id = c.req.param('id')!;
  const record = await deps.store.readHost(id);
  if (!record) throw notFound(`no host ${id}`);
  // Evaluated in the worker within its own unit alone (inside the reader's scope: the route
  // checked the machine's unit), and only this machine sent back, with evidence (dashboard/page-models.ts).
  let evaluation = await readiness.host(id, record.unit);
  // A machine that moved in since it was last evaluated: evaluate it anew.
  if (!evaluation) evaluation = await readiness.host(id, record.unit, true);
  const host = evaluation?.hosts.find((h) => h.agentId === id);
  if (!evaluation || !host) throw notFound(`host ${id} is not in the evaluation of its unit`);
  const latest = record.latest;
  return {
    ix: indexOf(evaluation, view.lang),
    host,
    record: {
      agentId: record.agentId,
      hostname: record.hostname,
      deviceKind: record.deviceKind,
      enrolledAt: record.enrolledAt,
      firstSeen: record.firstSeen,
      lastSeen: record.lastSeen,
      latest,
      latestOrigin: record.latestOrigin,
    },
    timeline: await history.timeline(id, evaluation.asOf),
    programsQuery: c.req.query('programs') ?? '',
    // Measured when the agent said when it sent (collector/clock.ts); otherwise estimated from the latest report's times.
    skewSeconds: record.clock ? Math.round(record.clock.skewSeconds) : latest && record.lastSeen ? Math.round((Date.parse(latest.collectedAt) - Date.parse(record.lastSeen)) / 1000) : null,
    skewMeasured: Boolean(record.clock),
    scan: loadScanPart(ctx, { agentId: record.agentId, unit: record.unit, latest }, entry),
  };
}

/** The whole machine page (pure). */
export const renderHost = (data: HostData, view: View) => <HostPage data={data} view={view} />;

export const hostPage = definePage<HostData>({
  id: 'host',
  path: '/hosts/:id',
  access: { action: 'read', unit: fromHost },
  load: (ctx) => loadHost(ctx),
  render: renderHost,
  dataAt: (data) => data.ix.evaluation.generatedAt,
});
