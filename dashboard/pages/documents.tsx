/**
 * Documents (`/documents`): every report kind in every format for the reader's scope, with
 * pickers for the unit, the day and the period. The links are the API's own
 * (`/api/v1/readiness/<kind>.<format>`), which the session cookie authorizes, so a download
 * is the same file a script gets. Without JavaScript the pickers are a form that updates the
 * links; with it the links follow the pickers at once.
 */
import { readScope } from '../../collector/access/authorize.js';
import { Day, Lang, ReportFormat, ReportKind, ReportPeriod } from '../../schema/index.js';
import type { UnitsResponse } from '../../schema/index.js';
import { Field, Select, unitOptions } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { queryWith } from '../components/pager.js';
import { definePage } from '../page.js';
import type { View } from '../view.js';

interface Pickers {
  unit: string | null;
  asOf: string | null;
  period: ReportPeriod;
  lang: Lang;
}

interface DocumentsData {
  units: UnitsResponse['units'];
  pickers: Pickers;
}

export const documentHref = (kind: ReportKind, format: ReportFormat) => `/api/v1/readiness/${kind}.${format}`;

function DocumentsPage({ data, view }: { data: DocumentsData; view: View }) {
  const D = view.P.documents;
  const { pickers } = data;
  const query = queryWith({ unit: pickers.unit, asOf: pickers.asOf, period: pickers.period, lang: pickers.lang });
  const title = (kind: ReportKind) => (kind === 'progress' ? view.L.progressTitle[pickers.period] : view.L.kind[kind]);
  return (
    <Layout view={view} title={D.title} active="documents">
      <h1>{D.title}</h1>
      <p class="lead">{D.lead}</p>
      <form class="panel" method="get" action="/documents" data-document-pickers>
        <h2 class="visually-hidden">{D.pickers}</h2>
        <div class="fields">
          <Field name="unit" label={view.L.col.unit}>
            <Select
              name="unit"
              value={pickers.unit}
              options={unitOptions(data.units, view.viewer?.scope ?? view.L.meta.allUnits)}
            />
          </Field>
          <Field name="asOf" label={view.L.meta.asOf} hint={D.asOfHint}>
            <input type="date" id="asOf" name="asOf" value={pickers.asOf ?? ''} aria-describedby="asOf-hint" />
          </Field>
          <Field name="period" label={view.L.meta.period}>
            <Select name="period" value={pickers.period} options={ReportPeriod.options.map((p) => ({ value: p, label: view.L.periodName[p] }))} />
          </Field>
          <Field name="lang" label={D.lang}>
            <Select name="lang" value={pickers.lang} options={Lang.options.map((l) => ({ value: l, label: D.langNames[l] ?? l }))} />
          </Field>
        </div>
        <button type="submit" class="secondary">
          {D.apply}
        </button>
      </form>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{D.kind}</th>
              {ReportFormat.options.map((f) => (
                <th scope="col">{D.formats[f] ?? f}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ReportKind.options.map((kind) => (
              <tr>
                <th scope="row">{title(kind)}</th>
                {ReportFormat.options.map((format) => (
                  <td>
                    <a href={`${documentHref(kind, format)}${query}`} data-document={documentHref(kind, format)} aria-label={D.download(title(kind), D.formats[format] ?? format)}>
                      {format.toUpperCase()}
                    </a>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export const documentsPage = definePage<DocumentsData>({
  id: 'documents',
  path: '/documents',
  access: { action: 'read' },
  load: async ({ c, readiness, view }) => {
    const q = c.req.query();
    const unit = q.unit || null;
    // A unit outside the reader's scope is refused here, as the API would refuse its documents.
    if (unit) readScope(c, { unit });
    const units = await readiness.units(readScope(c, {}));
    return {
      units: units.units,
      pickers: {
        unit,
        asOf: Day.safeParse(q.asOf).success ? q.asOf! : null,
        period: ReportPeriod.catch('day').parse(q.period),
        lang: Lang.catch(view.lang).parse(q.lang),
      },
    };
  },
  render: (data, view) => <DocumentsPage data={data} view={view} />,
});
