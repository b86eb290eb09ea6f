/**
 * The filled-in security sheet's upload (`/scans/import`; security officers): print the sheet
 * (XLSX, the documents' `security` kind), write the verdicts in it offline, upload it here.
 * The import is the API's (`POST /api/v1/scans/import`, collector/scans/sheet-import.ts): each
 * row is recorded through the scan service or refused with its reason (a stale or tampered
 * row, a device outside the officer's scope), and the page shows its per-row answer as it
 * stands. The body is multipart (the file) with the config's `scans.maxSheetBytes` limit.
 */
import { changeBy } from '../../collector/access/authorize.js';
import { ApiError } from '../../collector/errors.js';
import { officerOf } from '../../collector/routes/scans.js';
import { importScanSheet } from '../../collector/scans/sheet-import.js';
import type { ScanImportResult } from '../../schema/index.js';
import { ErrorSummary, Field } from '../components/forms.js';
import type { FieldErrors } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { definePage } from '../page.js';
import type { DashboardContext, DashboardForm } from '../page.js';
import type { View } from '../view.js';
import { documentHref } from './documents.js';
import { sizeText } from './scan-part.js';

/** Room for the multipart envelope around the file. */
export const SHEET_ENVELOPE_BYTES = 16 * 1024;

interface ImportData {
  maxBytes: number;
  /** The security sheet to print, for the reader's own unit. */
  sheetHref: string;
  errors: FieldErrors;
  result: ScanImportResult | null;
}

function ImportPage({ data, view }: { data: ImportData; view: View }) {
  const U = view.P.scans.upload;
  const { fmt, L } = view;
  const { result } = data;
  return (
    <Layout view={view} title={U.title} active="scans">
      <ol class="breadcrumbs">
        <li>
          <a href="/scans">{view.P.scans.queue.title}</a>
        </li>
        <li>{U.title}</li>
      </ol>
      <h1>{U.title}</h1>
      <ErrorSummary errors={data.errors} view={view} />
      {result ? (
        <section id="import-result" aria-labelledby="import-result-title">
          <h2 id="import-result-title">{U.result}</h2>
          <p class={`notice ${result.refused ? 'warn' : 'ok'}`} role="status">
            {U.summary(fmt.number(result.recorded), fmt.number(result.refused), fmt.number(result.skipped))}
          </p>
          <div class="table-wrap">
            <table id="import-rows">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {U.row}
                  </th>
                  <th scope="col">{L.col.hostname}</th>
                  <th scope="col">{L.col.verdict}</th>
                  <th scope="col">{U.outcome}</th>
                  <th scope="col">{L.col.reason}</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr data-outcome={r.outcome}>
                    <td class="num">{fmt.number(r.row)}</td>
                    <th scope="row">{r.hostId && r.outcome === 'recorded' ? <a href={`/hosts/${encodeURIComponent(r.hostId)}#scan`}>{r.hostname}</a> : r.hostname}</th>
                    <td>{r.verdict ? L.scan.verdict[r.verdict] : ''}</td>
                    <td>
                      <strong class={`tag s-${r.outcome === 'recorded' ? 'pass' : r.outcome === 'refused' ? 'fail' : 'unknown'}`}>{U.outcomes[r.outcome]}</strong>
                    </td>
                    <td>{r.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{U.again}</h2>
        </section>
      ) : (
        <>
          <p>{U.lead}</p>
          <p class="actions">
            <a href={data.sheetHref}>{U.print}</a>
          </p>
        </>
      )}
      <form method="post" action="/scans/import" enctype="multipart/form-data" class="panel" id="import-form">
        <Field name="sheet" label={U.file} hint={U.fileHint(sizeText(data.maxBytes, view))} errors={data.errors} wide>
          <input type="file" id="sheet" name="sheet" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="sheet-hint" />
        </Field>
        <button type="submit">{U.submit}</button>
      </form>
    </Layout>
  );
}

function importData(ctx: DashboardContext, errors: FieldErrors = {}, result: ScanImportResult | null = null): ImportData {
  const grant = ctx.view.viewer?.grant;
  const query = new URLSearchParams({ ...(grant?.unit ? { unit: grant.unit } : {}), lang: ctx.view.lang });
  return { maxBytes: ctx.deps.config.scans.maxSheetBytes, sheetHref: `${documentHref('security', 'xlsx')}?${query}`, errors, result };
}

export const scanImportPage = definePage<ImportData>({
  id: 'scan-import',
  path: '/scans/import',
  access: { action: 'scans.record' },
  load: async (ctx) => importData(ctx),
  render: (data, view) => <ImportPage data={data} view={view} />,
});

export const scanImportForm: DashboardForm = {
  id: 'scan-import',
  path: '/scans/import',
  // Rows are checked one by one against the officer's scope, as through the API.
  access: { action: 'scans.record' },
  body: { multipart: true, maxBytes: (config) => config.scans.maxSheetBytes + SHEET_ENVELOPE_BYTES, what: 'a security sheet' },
  handle: async (ctx, _fields, files) => {
    const { view, deps } = ctx;
    const U = view.P.scans.upload;
    const file = files.sheet;
    const refuse = (message: string) => ({ page: <ImportPage data={importData(ctx, { sheet: message })} view={view} />, status: 400 as const });
    if (!file || file.size === 0) return refuse(U.fileMissing);
    let result: ScanImportResult;
    try {
      result = await importScanSheet(deps.scans, new Uint8Array(await file.arrayBuffer()), officerOf(ctx.c), changeBy(ctx.c), { maxUnpackedBytes: deps.config.scans.maxSheetBytes * 16 });
    } catch (err) {
      // Not a workbook, no security sheet in it, or one that unpacks too large: nothing was recorded.
      if (err instanceof ApiError && (err.status === 400 || err.status === 413)) return refuse(U.refused(err.message));
      throw err;
    }
    if (result.recorded) await ctx.readiness.clear();
    return { page: <ImportPage data={importData(ctx, {}, result)} view={view} /> };
  },
};
