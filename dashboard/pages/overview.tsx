/**
 * Overview (`/`): each unit of the reader's scope as a row, the rollout's categories side by
 * side (completion with its denominator, deadline, days left or overdue, status in words and
 * colour), machines expected / reporting / not reporting, tiles and completion-over-time
 * charts for the scope's top unit. Prints on A4 landscape.
 */
import { readScope } from '../../collector/access/authorize.js';
import { topUnitIds } from '../../reports/document.js';
import type { EvaluationIndex } from '../../reports/evaluation-index.js';
import type { UnitEvaluation } from '../../schema/index.js';
import { Charts } from '../components/charts.js';
import type { Series } from '../components/charts.js';
import { Layout } from '../components/layout.js';
import { UnitName } from '../components/unit-name.js';
import { Pager, queryWith } from '../components/pager.js';
import { categoriesOf, CategoryCell, CategoryHeads, CategoryTiles, depthsOf, MachineCells, MachineHeads } from '../components/progress.js';
import { indexOf } from '../index-cache.js';
import { definePage } from '../page.js';
import type { View } from '../view.js';

/** Units per page: a national scope (273 units) pages; a city's fits on one. */
export const UNITS_PER_PAGE = 50;
/** Days of history the charts show. */
export const CHART_DAYS = 30;

interface OverviewData {
  ix: EvaluationIndex;
  categories: string[];
  units: UnitEvaluation[];
  depth: Map<string, number>;
  page: number;
  pages: number;
  /** The scope's single top unit, for tiles and charts; null when the scope has several. */
  top: UnitEvaluation | null;
  series: Series | null;
}

function Overview({ data, view }: { data: OverviewData; view: View }) {
  const { ix, categories } = data;
  const O = view.P.overview;
  return (
    <Layout view={view} title={O.title} active="overview">
      <h1>{O.title}</h1>
      <p class="lead">{O.lead}</p>
      <p class="no-print">
        <button type="button" class="secondary" data-print hidden>
          {O.print}
        </button>
      </p>
      {data.top ? (
        <section aria-labelledby="top-unit">
          <h2 id="top-unit">
            <UnitName unit={data.top} ix={ix} view={view} />
            {ix.evaluation.ownOnly ? ` (${view.L.meta.ownOnly})` : ''}
          </h2>
          <CategoryTiles ix={ix} view={view} unit={data.top} categories={categories} />
        </section>
      ) : null}
      {data.units.length ? (
        <div class="table-wrap">
          <table>
            <caption>
              {view.L.part.summary} · {O.categoryNote}
            </caption>
            <thead>
              <tr>
                <th scope="col">{view.L.col.unit}</th>
                <MachineHeads view={view} />
                <CategoryHeads view={view} categories={categories} />
              </tr>
            </thead>
            <tbody>
              {data.units.map((u) => (
                <tr class={`depth-${Math.min(3, data.depth.get(u.unitId) ?? 0)}`}>
                  <th scope="row" class="unit">
                    <UnitName unit={u} ix={ix} view={view} />
                  </th>
                  <MachineCells view={view} progress={u.rules} />
                  {categories.map((c) => (
                    <CategoryCell ix={ix} view={view} category={c} progress={u.rules} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{O.noUnits}</p>
      )}
      <Pager view={view} page={data.page} pages={data.pages} href={(p) => `/${queryWith({ page: p })}`} />
      {data.series ? <Charts ix={ix} view={view} series={data.series} /> : <p class="hint">{O.chartsChooseUnit}</p>}
    </Layout>
  );
}

export const overviewPage = definePage<OverviewData>({
  id: 'overview',
  path: '/',
  access: { action: 'read' },
  load: async ({ c, readiness, view }) => {
    const scope = readScope(c, {});
    // The scope's figures without its machines, made in the worker (dashboard/page-models.ts).
    const evaluation = await readiness.summary(scope);
    const ix = indexOf(evaluation, view.lang);
    const tops = topUnitIds(ix);
    const top = tops.length === 1 ? (evaluation.units.find((u) => u.unitId === tops[0]) ?? null) : null;
    const pages = Math.max(1, Math.ceil(ix.unitsInOrder.length / UNITS_PER_PAGE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    return {
      ix,
      categories: categoriesOf(evaluation),
      units: ix.unitsInOrder.slice((page - 1) * UNITS_PER_PAGE, page * UNITS_PER_PAGE),
      depth: depthsOf(ix),
      page,
      pages,
      top,
      series: top ? await readiness.completionSeries(scope, CHART_DAYS, top.unitId, evaluation) : null,
    };
  },
  render: (data, view) => <Overview data={data} view={view} />,
  dataAt: (data) => data.ix.evaluation.generatedAt,
});
