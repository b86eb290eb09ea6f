/**
 * Unit page (`/units/:id`): the unit's tiles, its rules × rooms (the whole unit first), the
 * units below it, the machines holding each rule back (linked), its probe targets with the
 * latest results its machines reported, and completion over time.
 */
import { readScope, unitOf } from '../../collector/access/authorize.js';
import { notFound } from '../../collector/errors.js';
import { dueHere } from '../../reports/document.js';
import type { EvaluationIndex } from '../../reports/evaluation-index.js';
import type { RuleProgress, UnitEvaluation } from '../../schema/index.js';
import { Charts } from '../components/charts.js';
import type { Series } from '../components/charts.js';
import { ProgressCell } from '../components/figures.js';
import { dueText } from '../contract.js';
import { remoteAsOfLabel } from '../../reports/i18n.js';
import { Layout } from '../components/layout.js';
import { UnitName } from '../components/unit-name.js';
import { queryWith } from '../components/pager.js';
import { categoriesOf, CategoryCell, CategoryHeads, CategoryTiles, MachineCells, MachineHeads } from '../components/progress.js';
import { indexOf } from '../index-cache.js';
import { definePage } from '../page.js';
import { summariseTargets } from '../probe-summary.js';
import type { TargetSummary } from '../probe-summary.js';
import type { View } from '../view.js';
import { CHART_DAYS } from './overview.js';

/** The unit named by `:id`: always checked against the caller's scope (an unknown unit is refused like another's). */
const fromUnitParam = unitOf('this unit', (c) => c.req.param('id'));

interface UnitData {
  ix: EvaluationIndex;
  unit: UnitEvaluation;
  /** Per rule, the machines holding it back; the unit's `blockingHosts` name the first `BLOCKING_SHOWN` of them, by name. */
  blockingCounts: Record<string, number>;
  children: UnitEvaluation[];
  categories: string[];
  targets: TargetSummary[];
  series: Series;
}

const hostHref = (agentId: string) => `/hosts/${encodeURIComponent(agentId)}`;

/** A rule's deadline, or for a rule due per device the earliest device due there (null: none yet). */
const dueIn = (ix: EvaluationIndex, p: RuleProgress): string | null => {
  const rule = ix.rule(p.ruleId);
  return rule ? dueHere(rule, p) : null;
};

function RoomsTable({ data, view }: { data: UnitData; view: View }) {
  const { ix, unit } = data;
  const byRoom = unit.rooms.map((room) => new Map(room.rules.map((p) => [p.ruleId, p])));
  // The deadline is the rule's, the same in every room: said once, in the row's heading.
  const cell = (p: RuleProgress | undefined) => (p ? <ProgressCell view={view} shown={p} due={p} deadline={dueIn(ix, p)} compact /> : <td></td>);
  return (
    <div class="table-wrap">
      <table>
        <caption>{view.P.unit.roomsLead}</caption>
        <thead>
          <tr>
            <th scope="col">{view.L.col.rule}</th>
            <th scope="col">{view.L.meta.wholeUnit}</th>
            {unit.rooms.map((r) => (
              <th scope="col">{ix.roomName(unit.unitId, r.roomId)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {unit.rules.map((p) => (
            <tr>
              <th scope="row">
                {ix.ruleTitle(p.ruleId)}
                <span class="hint">
                  <br />
                  {dueIn(ix, p) === null ? null : <>{view.P.figure.deadline(view.fmt.day(dueIn(ix, p)!))} · </>}
                  {dueText(p, view.fmt)}
                </span>
              </th>
              {cell(p)}
              {byRoom.map((room) => cell(room.get(p.ruleId)))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Blocking({ data, view }: { data: UnitData; view: View }) {
  const { ix, unit } = data;
  const U = view.P.unit;
  const held = unit.rules.filter((p) => (data.blockingCounts[p.ruleId] ?? 0) || p.missingMachines);
  // A child collector's machines (docs/rollup.md, `parent.includeHosts`) have no page here: named, not linked.
  const own = new Set(ix.evaluation.hosts.map((h) => h.agentId));
  const remote = new Set((ix.evaluation.remoteHosts ?? []).map((h) => h.agentId).filter((id) => !own.has(id)));
  if (!held.length) return <p>{U.noBlocking}</p>;
  return (
    <>
      <p>{U.blockingLead}</p>
      {held.map((p) => {
        const ids = p.blockingHosts;
        const total = data.blockingCounts[p.ruleId] ?? ids.length;
        const count = view.fmt.number(total);
        return (
          <details>
            <summary>
              {ix.ruleTitle(p.ruleId)} — {view.P.hosts.count(count)}
              {p.missingMachines ? `; ${U.missing(view.fmt.number(p.missingMachines))}` : ''}
            </summary>
            {ids.length ? (
              <ol class="hosts">
                {ids.map((id) => (
                  <li>{remote.has(id) ? <span class="remote-host">{ix.hostname(id)}</span> : <a href={hostHref(id)}>{ix.hostname(id)}</a>}</li>
                ))}
              </ol>
            ) : null}
            {total > ids.length ? (
              <p>
                <a href={`/hosts${queryWith({ unit: unit.unitId, rule: p.ruleId })}`}>{U.allBlocking(count)}</a>
              </p>
            ) : null}
          </details>
        );
      })}
    </>
  );
}

function Targets({ data, view }: { data: UnitData; view: View }) {
  const R = view.P.probe;
  const { fmt } = view;
  if (!data.targets.length) return <p>{view.P.unit.noTargets}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>{view.P.unit.targetsLead}</caption>
        <thead>
          <tr>
            <th scope="col">{R.role}</th>
            <th scope="col">{R.target}</th>
            <th scope="col">{R.kind}</th>
            <th scope="col" class="num">{R.probed}</th>
            <th scope="col" class="num">{R.ok}</th>
            <th scope="col" class="num">{R.partial}</th>
            <th scope="col" class="num">{R.down}</th>
            <th scope="col" class="num">{R.medianRtt}</th>
            <th scope="col">{R.lastProbe}</th>
          </tr>
        </thead>
        <tbody>
          {data.targets.map((t) => (
            <tr>
              <td>
                {R.roles[t.target.role] ?? t.target.role} ({t.target.scope.toUpperCase()})
              </td>
              <td class="mono">
                {t.target.target}
                {t.target.port ? `:${t.target.port}` : ''}
              </td>
              <td>{t.target.kind.toUpperCase()}</td>
              <td class="num">{fmt.number(t.probed)}</td>
              <td class="num">{fmt.number(t.clear)}</td>
              <td class="num">{fmt.number(t.partial)}</td>
              <td class="num">{fmt.number(t.down)}</td>
              <td class="num">{t.medianRttMs === null ? '' : `${fmt.number(t.medianRttMs)} ms`}</td>
              <td class="nowrap">{t.lastProbe ? fmt.dateTime(t.lastProbe) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UnitPage({ data, view }: { data: UnitData; view: View }) {
  const { ix, unit, categories } = data;
  const U = view.P.unit;
  const name = `${ix.unitName(unit.unitId)}${ix.evaluation.ownOnly ? ` (${view.L.meta.ownOnly})` : ''}`;
  return (
    <Layout view={view} title={name} active="overview">
      <ol class="breadcrumbs">
        <li>
          <a href="/">{view.P.nav.overview}</a>
        </li>
        <li>{ix.unitName(unit.unitId)}</li>
      </ol>
      <h1>{name}</h1>
      {unit.remote ? <p class={unit.remote.stale ? 'remote-as-of stale' : 'remote-as-of'}>{remoteAsOfLabel(view.lang, unit.remote, view.timeZone)}</p> : null}
      {unit.responsible ? (
        <p class="lead">
          {view.L.col.owner}: {unit.responsible}
        </p>
      ) : null}
      <p>
        <a href={`/hosts${queryWith({ unit: unit.unitId })}`}>{U.seeMachines}</a>
      </p>
      <CategoryTiles ix={ix} view={view} unit={unit} categories={categories} />
      <h2>{U.rooms}</h2>
      <RoomsTable data={data} view={view} />
      {data.children.length ? (
        <>
          <h2>{U.children}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{view.L.col.unit}</th>
                  <MachineHeads view={view} />
                  <CategoryHeads view={view} categories={categories} />
                </tr>
              </thead>
              <tbody>
                {data.children.map((child) => (
                  <tr>
                    <th scope="row" class="unit">
                      <UnitName unit={child} ix={ix} view={view} />
                    </th>
                    <MachineCells view={view} progress={child.rules} />
                    {categories.map((c) => (
                      <CategoryCell ix={ix} view={view} category={c} progress={child.rules} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <h2>{U.blocking}</h2>
      <Blocking data={data} view={view} />
      <h2>{U.targets}</h2>
      <Targets data={data} view={view} />
      <Charts ix={ix} view={view} series={data.series} />
    </Layout>
  );
}

export const unitPage = definePage<UnitData>({
  id: 'unit',
  path: '/units/:id',
  access: { action: 'read', unit: fromUnitParam },
  load: async ({ c, deps, readiness, view }) => {
    const id = c.req.param('id')!;
    const scope = readScope(c, { unit: id });
    // The unit, its children's figures and the machines it names, made in the worker (dashboard/page-models.ts).
    const model = await readiness.unit({ ...scope, unitId: id }, view.lang);
    const evaluation = model.evaluation;
    const unit = evaluation.units.find((u) => u.unitId === id);
    if (!unit) throw notFound(`no unit ${id}`);
    const ix = indexOf(evaluation, view.lang);
    const listed = (await readiness.units(scope)).units.find((u) => u.id === id);
    const results = model.ownHosts.map((agentId) => deps.store.getHost(agentId)?.latest?.probes?.results ?? []);
    return {
      ix,
      unit,
      blockingCounts: model.blockingCounts,
      children: ix.unitsInOrder.filter((u) => u.parentId === id),
      categories: categoriesOf(evaluation),
      targets: summariseTargets(listed?.targets ?? [], results),
      series: await readiness.completionSeries(scope, CHART_DAYS, id, evaluation),
    };
  },
  render: (data, view) => <UnitPage data={data} view={view} />,
  dataAt: (data) => data.ix.evaluation.generatedAt,
});
