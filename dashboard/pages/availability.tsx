/**
 * LAN/WAN availability (`/availability?unit=&month=YYYY-MM`; docs/availability.md): for each unit
 * of the reader's scope (or the unit chosen and those below it), the live status of its LAN and
 * WAN, the month's availability % and minutes up, down and without data, then the outage log;
 * for one unit, each day too. The same figures as `GET /api/v1/availability`, from the compact
 * series alone, and links to the month's `availability` document (print and Excel).
 */
import { z } from 'zod';
import { readScope } from '../../collector/access/authorize.js';
import { availabilityOf } from '../../collector/availability/answer.js';
import { addDays, dayIn } from '../../rules/deadline.js';
import { LINK_SCOPES } from '../../rules/availability.js';
import type { LinkScope, LinkState, Outage, PeriodAvailability } from '../../rules/availability.js';
import type { UnitsResponse } from '../../schema/index.js';
import { Field, Select, unitOptions } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { queryWith } from '../components/pager.js';
import { documentHref } from './documents.js';
import { definePage } from '../page.js';
import type { View } from '../view.js';

/** Outage lines the page lists; the document has them all. */
export const OUTAGES_SHOWN = 200;

const Query = z.object({
  unit: z.string().min(1).max(64).optional().catch(undefined),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
});

type UnitFigures = ReturnType<typeof availabilityOf>[number];

interface AvailabilityData {
  unit: string | null;
  month: string;
  from: string;
  to: string;
  units: UnitsResponse['units'];
  figures: UnitFigures[];
}

const STATE_TAG: Record<LinkState, string> = { up: 'pass', down: 'fail', unknown: 'unknown' };

const LiveTag = ({ state, since, view }: { state: LinkState; since: string | null; view: View }) => {
  const A = view.P.remediation.availability;
  return (
    <>
      <strong class={`tag s-${STATE_TAG[state]}`}>{A.state[state]}</strong>
      {since ? <span class="hint">{` ${A.since(view.fmt.dateTime(since))}`}</span> : null}
    </>
  );
};

const two = (view: View, n: number | null) => (n === null ? '' : view.fmt.text(n, { key: 'n', label: 'n', type: 'number', decimals: 2 }, 'display'));

function FigureCells({ p, view }: { p: PeriodAvailability; view: View }) {
  return (
    <>
      <td class="num">{p.availabilityPct === null ? view.L.availability.fact.noData : two(view, p.availabilityPct)}</td>
      <td class="num">{two(view, p.upMinutes)}</td>
      <td class="num">{two(view, p.downMinutes)}</td>
      <td class="num">{two(view, p.noDataMinutes)}</td>
    </>
  );
}

function FigureHeads({ view }: { view: View }) {
  const C = view.L.availability.col;
  return (
    <>
      <th scope="col">{C.pct}</th>
      <th scope="col">{C.up}</th>
      <th scope="col">{C.down}</th>
      <th scope="col">{C.noData}</th>
    </>
  );
}

function AvailabilityPage({ data, view }: { data: AvailabilityData; view: View }) {
  const A = view.P.remediation.availability;
  const C = view.L.availability.col;
  const scopeName = (s: LinkScope) => view.L.category[s] ?? s;
  const outages: Array<{ unit: string; scope: LinkScope; o: Outage }> = data.figures.flatMap((u) => LINK_SCOPES.flatMap((s) => u.scopes[s]!.outages.map((o) => ({ unit: u.name, scope: s, o }))));
  outages.sort((a, b) => b.o.start.localeCompare(a.o.start));
  const docQuery = queryWith({ unit: data.unit, period: 'month', asOf: data.to });
  const single = data.unit !== null ? data.figures.find((f) => f.unitId === data.unit) : data.figures.length === 1 ? data.figures[0] : undefined;
  return (
    <Layout view={view} title={A.title} active="availability">
      <h1>{A.title}</h1>
      <p class="lead">{A.lead}</p>
      <form class="panel" method="get" action="/availability" role="search">
        <Field name="unit" label={view.P.remediation.task.unit}>
          <Select name="unit" value={data.unit} options={unitOptions(data.units, view.L.meta.allUnits)} />
        </Field>
        <Field name="month" label={A.month}>
          <input type="month" id="month" name="month" value={data.month} />
        </Field>
        <button type="submit" class="secondary">
          {A.show}
        </button>
      </form>
      <p class="actions">
        <a href={`${documentHref('availability', 'html')}${docQuery}`} data-document="availability">
          {A.document}
        </a>
        {' · '}
        <a href={`${documentHref('availability', 'xlsx')}${docQuery}`}>{A.spreadsheet}</a>
      </p>
      <h2 id="units">{`${A.units} (${view.fmt.day(data.from)} – ${view.fmt.day(data.to)})`}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col" rowspan={2}>
                {view.L.col.unit}
              </th>
              <th scope="col" rowspan={2}>
                {C.scope}
              </th>
              <th scope="col" rowspan={2}>
                {A.live}
              </th>
              <FigureHeads view={view} />
              <th scope="col">{C.outages}</th>
            </tr>
          </thead>
          <tbody>
            {data.figures.flatMap((u) =>
              LINK_SCOPES.map((s) => {
                const f = u.scopes[s]!;
                return (
                  <tr data-unit={u.unitId} data-scope={s}>
                    <th scope="row">{u.name}</th>
                    <td>{scopeName(s)}</td>
                    <td>
                      <LiveTag state={f.status.state} since={f.status.since} view={view} />
                    </td>
                    <FigureCells p={f.period} view={view} />
                    <td class="num">{f.outages.length}</td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
      <p class="hint">{view.L.availability.note.pct}</p>
      <h2 id="outages">{A.outages}</h2>
      {outages.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{view.L.col.unit}</th>
                <th scope="col">{C.scope}</th>
                <th scope="col">{C.start}</th>
                <th scope="col">{C.end}</th>
                <th scope="col">{C.minutes}</th>
                <th scope="col">{C.targets}</th>
                <th scope="col">{C.machines}</th>
              </tr>
            </thead>
            <tbody>
              {outages.slice(0, OUTAGES_SHOWN).map(({ unit, scope, o }) => (
                <tr data-outage={o.start}>
                  <td>{unit}</td>
                  <td>{scopeName(scope)}</td>
                  <td class="nowrap">{view.fmt.dateTime(o.start)}</td>
                  <td class="nowrap">{o.end ? view.fmt.dateTime(o.end) : <strong class="tag s-fail">{A.ongoing}</strong>}</td>
                  <td class="num">{two(view, o.minutes)}</td>
                  <td class="mono">{o.targets.join(', ')}</td>
                  <td class="num">{o.machines}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {outages.length > OUTAGES_SHOWN ? <p class="hint">{A.moreOutages(outages.length - OUTAGES_SHOWN)}</p> : null}
        </div>
      ) : (
        <p class="none">{A.noOutages}</p>
      )}
      <h2 id="days">{A.days}</h2>
      {single ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{C.day}</th>
                <th scope="col">{C.scope}</th>
                <FigureHeads view={view} />
              </tr>
            </thead>
            <tbody>
              {single.scopes.wan!.days.flatMap((d, i) =>
                LINK_SCOPES.map((s) => (
                  <tr>
                    <td class="nowrap">{view.fmt.day(d.from)}</td>
                    <td>{scopeName(s)}</td>
                    <FigureCells p={single.scopes[s]!.days[i]!} view={view} />
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="none">{A.chooseUnitForDays}</p>
      )}
    </Layout>
  );
}

export const availabilityPage = definePage<AvailabilityData>({
  id: 'availability',
  path: '/availability',
  access: { action: 'read' },
  load: async ({ c, deps, readiness }) => {
    const q = Query.parse(c.req.query());
    // As GET /api/v1/availability?unit=: the reader's units only, a unit outside them refused.
    const scope = readScope(c, { unit: q.unit });
    const now = deps.now();
    const today = dayIn(now, deps.org.timeZone);
    const month = q.month && q.month <= today.slice(0, 7) ? q.month : today.slice(0, 7);
    const from = `${month}-01`;
    // The month asked for to its last day (the day before the next month's first), up to today for the current one.
    const to = month === today.slice(0, 7) ? today : addDays(`${addDays(`${month}-28`, 4).slice(0, 7)}-01`, -1);
    const listed = deps.org.listUnits(scope).units;
    const figures = availabilityOf({ series: deps.availability.series, status: (u) => deps.availability.tracker.status(u) }, listed, [...LINK_SCOPES], { from, to, timeZone: deps.org.timeZone, nowMs: now.getTime() });
    return { unit: q.unit ?? null, month, from, to, units: (await readiness.units(readScope(c, {}))).units, figures };
  },
  render: (data, view) => <AvailabilityPage data={data} view={view} />,
});
