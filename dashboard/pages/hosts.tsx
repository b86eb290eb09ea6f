/**
 * Machines list (`/hosts`): every machine of the reader's scope, filtered by unit (and the
 * units below it), room, result, a rule holding it back, contact; searched by host name, IP,
 * MAC or serial; sorted by name, unit, last report or failures; 50 to a page. Works for
 * 20,000 machines: the worker filters, sorts and pages them (dashboard/page-models.ts) over
 * rows it keeps with its evaluation, and sends one page of rows and the total.
 */
import { z } from 'zod';
import { readScope } from '../../collector/access/authorize.js';
import { HostRuleStatus } from '../../schema/index.js';
import type { UnitsResponse } from '../../schema/index.js';
import { ResultTag } from '../components/figures.js';
import { Field, Select, unitOptions } from '../components/forms.js';
import type { Option } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { Pager, queryWith } from '../components/pager.js';
import { CONTACTS, SORTS } from '../host-table.js';
import type { HostFilter, SortKey } from '../host-table.js';
import type { HostListModel } from '../page-models.js';
import { definePage } from '../page.js';
import type { View } from '../view.js';

export const HOSTS_PER_PAGE = 50;

/** The list's query; a value that is not one of the choices is ignored rather than refused. */
const Query = z.object({
  unit: z.string().min(1).max(64).optional().catch(undefined),
  room: z.string().min(1).max(64).optional().catch(undefined),
  status: HostRuleStatus.exclude(['not_applicable']).optional().catch(undefined),
  rule: z.string().min(1).max(128).optional().catch(undefined),
  contact: z.enum(CONTACTS).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  sort: z.enum(SORTS).default('unit').catch('unit'),
  dir: z.enum(['asc', 'desc']).default('asc').catch('asc'),
  page: z.coerce.number().int().min(1).default(1).catch(1),
});
type Query = z.infer<typeof Query>;

interface HostsData {
  query: Query;
  units: UnitsResponse['units'];
  result: HostListModel;
}

/** The query as it stands, for links that change one part of it. */
const current = (q: Query) => ({ unit: q.unit, room: q.room, status: q.status, rule: q.rule, contact: q.contact, q: q.q, sort: q.sort === 'unit' ? null : q.sort, dir: q.dir === 'asc' ? null : q.dir });

function Filters({ data, view }: { data: HostsData; view: View }) {
  const H = view.P.hosts;
  const { query } = data;
  const chosen = data.units.find((u) => u.id === query.unit);
  const roomOptions: Option[] = [{ value: '', label: chosen ? H.anyRoom : H.roomNeedsUnit }, ...(chosen?.rooms ?? []).map((r) => ({ value: r.id, label: r.name }))];
  const statusOptions: Option[] = [{ value: '', label: H.anyStatus }, ...(['pass', 'fail', 'unknown'] as const).map((s) => ({ value: s, label: view.L.result[s] }))];
  const ruleOptions: Option[] = [{ value: '', label: H.anyRule }, ...data.result.rules.map((r) => ({ value: r.id, label: r.title }))];
  const contactLabel = { reporting: H.contactReporting, 'not-reporting': H.contactNotReporting, stale: H.contactStale, never: H.contactNever };
  const contactOptions: Option[] = [{ value: '', label: H.anyContact }, ...CONTACTS.map((c) => ({ value: c, label: contactLabel[c] }))];
  return (
    <form class="panel" method="get" action="/hosts" role="search" data-autosubmit>
      <h2 class="visually-hidden">{H.filters}</h2>
      <Field name="q" label={H.search} hint={H.searchHint} wide>
        <input type="search" id="q" name="q" value={query.q ?? ''} aria-describedby="q-hint" autocomplete="off" spellcheck={false} />
      </Field>
      <div class="fields">
        <Field name="unit" label={view.L.col.unit}>
          <Select name="unit" options={unitOptions(data.units, H.anyUnit)} value={query.unit} />
        </Field>
        <Field name="room" label={view.L.col.room}>
          <Select name="room" options={roomOptions} value={query.room} />
        </Field>
        <Field name="status" label={view.L.col.ready}>
          <Select name="status" options={statusOptions} value={query.status} />
        </Field>
        <Field name="rule" label={H.rule}>
          <Select name="rule" options={ruleOptions} value={query.rule} />
        </Field>
        <Field name="contact" label={H.contact}>
          <Select name="contact" options={contactOptions} value={query.contact} />
        </Field>
      </div>
      {query.sort !== 'unit' ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {query.dir !== 'asc' ? <input type="hidden" name="dir" value={query.dir} /> : null}
      <button type="submit">{H.apply}</button>
      <a class="button secondary" href="/hosts">
        {H.clear}
      </a>
    </form>
  );
}

function SortHead({ data, view, sort, label, num }: { data: HostsData; view: View; sort: SortKey; label: string; num?: boolean }) {
  const { query } = data;
  const active = query.sort === sort;
  const dir = active && query.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" class={num ? 'num' : undefined} aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={`/hosts${queryWith(current(query), { sort: sort === 'unit' ? null : sort, dir: dir === 'asc' ? null : dir, page: null })}`} aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined} title={view.P.hosts.sortBy(label)}>
        {label}
      </a>
    </th>
  );
}

function HostsPage({ data, view }: { data: HostsData; view: View }) {
  const H = view.P.hosts;
  const { fmt, L } = view;
  const { result, query } = data;
  const first = (result.page - 1) * HOSTS_PER_PAGE + 1;
  return (
    <Layout view={view} title={H.title} active="hosts">
      <h1>{H.title}</h1>
      <Filters data={data} view={view} />
      <p class="caption" role="status">
        {result.total ? H.shown(fmt.number(first), fmt.number(first + result.rows.length - 1), fmt.number(result.total)) : H.none}
      </p>
      {result.rows.length ? (
        <div class="table-wrap">
          <table id="hosts-table">
            <thead>
              <tr>
                <SortHead data={data} view={view} sort="host" label={L.col.hostname} />
                <SortHead data={data} view={view} sort="unit" label={L.col.unit} />
                <th scope="col">{L.col.room}</th>
                <th scope="col">{H.ip}</th>
                <th scope="col">{H.mac}</th>
                <SortHead data={data} view={view} sort="lastSeen" label={L.col.lastSeen} />
                <th scope="col">{L.col.ready}</th>
                <SortHead data={data} view={view} sort="failed" label={L.col.failed} num />
                <th scope="col" class="num">
                  {L.col.unknownCount}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={`/hosts/${encodeURIComponent(r.agentId)}`}>{r.hostname}</a>
                  </th>
                  <td>{r.unitName}</td>
                  <td>{r.roomName}</td>
                  <td class="mono">{r.ips.join(', ')}</td>
                  <td class="mono">{r.macs.join(', ')}</td>
                  <td class="nowrap">{r.lastSeen ? fmt.dateTime(r.lastSeen) : H.never}</td>
                  <td>
                    <ResultTag status={r.verdict} view={view} />
                  </td>
                  <td class="num">{fmt.number(r.failed)}</td>
                  <td class="num">{fmt.number(r.unknown)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager view={view} page={result.page} pages={result.pages} href={(p) => `/hosts${queryWith(current(query), { page: p })}`} />
    </Layout>
  );
}

export const hostsPage = definePage<HostsData>({
  id: 'hosts',
  path: '/hosts',
  access: { action: 'read' },
  load: async ({ c, readiness, view }) => {
    const query = Query.parse(c.req.query());
    const whole = readScope(c, {});
    // A unit chosen is evaluated as its own scope (403 if outside the reader's), never cut out of a wider one.
    const scope = query.unit ? readScope(c, { unit: query.unit }) : whole;
    const filter: HostFilter = {
      ...(query.unit && query.room ? { unit: query.unit, room: query.room } : {}),
      verdict: query.status,
      rule: query.rule,
      contact: query.contact,
      q: query.q,
      sort: query.sort,
      descending: query.dir === 'desc',
      page: query.page,
      perPage: HOSTS_PER_PAGE,
    };
    const [result, units] = await Promise.all([readiness.hostList(scope, filter, view.lang), readiness.units(whole)]);
    return { query, units: units.units, result };
  },
  render: (data, view) => <HostsPage data={data} view={view} />,
  dataAt: (data) => data.result.generatedAt,
});
