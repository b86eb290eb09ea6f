/**
 * Documents (`/documents`): every report kind in every format for the reader's scope, with
 * pickers for the unit, the day and the period. The links are the API's own
 * (`/api/v1/readiness/<kind>.<format>`), which the session cookie authorizes, so a download
 * is the same file a script gets. Without JavaScript the pickers are a form that updates the
 * links; with it the links follow the pickers at once. Below them, the archive: the documents
 * kept (scheduled runs and "archive this") that the reader may read, newest first, with their
 * checksum and e-mail delivery, each downloaded through `/api/v1/archive/:id/file`.
 */
import { principalOf, readScope } from '../../collector/access/authorize.js';
import { readerOf, visibleEntries } from '../../collector/archive/scope.js';
import { Day, Lang, ReportFormat, ReportKind, ReportPeriod } from '../../schema/index.js';
import type { ArchiveListing, UnitsResponse } from '../../schema/index.js';
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
  /** The newest archived documents the reader may read; null: this collector keeps no archive. */
  archive: { entries: ArchiveListing[]; total: number } | null;
}

/** How many archived documents the page lists (the CLI and the API list them all). */
export const ARCHIVE_ROWS = 50;

function ArchiveTable({ archive, view }: { archive: DocumentsData['archive']; view: View }) {
  const D = view.P.documents;
  const { fmt } = view;
  if (!archive) return <p class="empty">{D.archiveOff}</p>;
  if (!archive.entries.length) return <p class="empty">{D.archiveNone}</p>;
  return (
    <>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{D.madeAt}</th>
              <th scope="col">{D.kind}</th>
              <th scope="col">{view.L.col.unit}</th>
              <th scope="col">{view.L.meta.asOf}</th>
              <th scope="col">{D.origin}</th>
              <th scope="col">{D.format}</th>
              <th scope="col">{D.sizeKb}</th>
              <th scope="col">{D.checksum}</th>
              <th scope="col">{D.delivery}</th>
              <th scope="col">{D.open}</th>
            </tr>
          </thead>
          <tbody>
            {archive.entries.map((e) => (
              <tr>
                <td class="nowrap">{fmt.dateTime(e.createdAt)}</td>
                <td>{e.title}</td>
                <td>{e.unitName}</td>
                <td class="nowrap">{fmt.day(e.asOf)}</td>
                <td>{e.origin.type === 'request' ? D.requested : D.scheduled(e.origin.scheduleId)}</td>
                <td>{e.format.toUpperCase()}</td>
                <td class="num">{fmt.number(Math.max(0.1, Math.round(e.sizeBytes / 102.4) / 10))}</td>
                <td>
                  <code title={e.sha256}>{e.sha256.slice(0, 12)}…</code>
                </td>
                <td>{e.delivery ? `${D.deliveryStatus[e.delivery.status] ?? e.delivery.status} (${D.attempts(e.delivery.attempts.length)})` : ''}</td>
                <td>
                  <a href={`/api/v1/archive/${e.id}/file`} aria-label={`${D.open}: ${e.fileName}`}>
                    {e.fileName}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {archive.total > archive.entries.length ? <p class="lead">{D.archiveShown(archive.entries.length, archive.total)}</p> : null}
    </>
  );
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
      <h2 id="archive">{D.archive}</h2>
      <p class="lead">{D.archiveLead}</p>
      <ArchiveTable archive={data.archive} view={view} />
    </Layout>
  );
}

export const documentsPage = definePage<DocumentsData>({
  id: 'documents',
  path: '/documents',
  access: { action: 'read' },
  load: async ({ c, deps, readiness, view }) => {
    const q = c.req.query();
    const unit = q.unit || null;
    // A unit outside the reader's scope is refused here, as the API would refuse its documents.
    if (unit) readScope(c, { unit });
    const units = await readiness.units(readScope(c, {}));
    // The archive as GET /api/v1/archive answers this reader (the picked unit's documents only).
    const kept = deps.archive ? visibleEntries(await deps.archive.list(unit ? { unitId: unit } : {}), readerOf(principalOf(c).grant, (u) => deps.org.unitChain(u))) : null;
    const newest = kept && [...kept].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return {
      units: units.units,
      archive: newest && { entries: newest.slice(0, ARCHIVE_ROWS), total: newest.length },
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
