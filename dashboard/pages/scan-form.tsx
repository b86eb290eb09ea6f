/**
 * The machine page's scan forms (docs/scans.md): recording a verdict with the signed minutes
 * (`POST /hosts/:id/scans`, multipart: the minutes are a file) and a second officer's
 * acceptance (`POST /hosts/:id/scans/:scanId/accept`). Both go through the scan service the
 * API uses (collector/scans/service.ts), with the API's authorization line, so the dashboard
 * validates, stores and audits a verdict exactly as `POST /api/v1/hosts/:id/scans` does; a
 * refused verdict answers the machine page again with each problem beside its field, and
 * stores nothing. The minutes are checked (PDF, JPEG or PNG by their first bytes) before the
 * verdict is recorded, then attached to it with their SHA-256. No check step: a verdict is
 * append-only and corrected by a new one, and a check step would send the file twice.
 */
import { changeBy, fromHost } from '../../collector/access/authorize.js';
import { ApiError, notFound } from '../../collector/errors.js';
import { officerOf, VERDICT_BODY_BYTES } from '../../collector/routes/scans.js';
import { attachmentType } from '../../collector/scans/attachment.js';
import { dayInZone } from '../../rules/per-device.js';
import type { ApiIssue } from '../../schema/index.js';
import type { FieldErrors } from '../components/forms.js';
import type { DashboardContext, DashboardForm, FormOutcome } from '../page.js';
import type { View } from '../view.js';
import { loadHost, renderHost } from './host.js';

/** The verdict form's fields as the API's request body (NewScanRequest), before validation. */
export function verdictBody(fields: Record<string, string>, items: readonly string[]): Record<string, unknown> {
  const text = (name: string) => (fields[name] ?? '').trim();
  const [repName, repTitle] = [text('repName'), text('repTitle')];
  return {
    ...(text('verdict') ? { verdict: text('verdict') } : {}),
    ...(text('reportId') ? { reportId: text('reportId') } : {}),
    // A note without a mark is a mark missing (the item's `mark` is required): it is refused, never dropped.
    items: items.flatMap((id) => (text(`mark-${id}`) || text(`note-${id}`) ? [{ id, mark: text(`mark-${id}`), note: text(`note-${id}`) }] : [])),
    note: text('note'),
    conditions: text('conditions')
      .split(/\r?\n/)
      .map((c) => c.trim())
      .filter(Boolean),
    ...(text('dueDate') ? { dueDate: text('dueDate') } : {}),
    ...(text('scannedOn') ? { scannedOn: text('scannedOn') } : {}),
    ...(repName || repTitle ? { representative: { name: repName, title: repTitle } } : {}),
  };
}

/** Where the form shows each problem the API's validation names (by its path), in the reader's words. */
export function verdictErrors(issues: readonly ApiIssue[], body: Record<string, unknown>, view: View, days: { today: string; reportDay: string }): FieldErrors {
  const E = view.P.scans.err;
  const conditional = body.verdict === 'conditional';
  const day = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
  const items = (body.items ?? []) as Array<{ id: string }>;
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [head, index] = issue.path.split('.');
    let field: string;
    let message: string;
    if (head === 'verdict') [field, message] = ['verdict', E.verdict];
    else if (head === 'conditions') [field, message] = ['conditions', !conditional ? E.conditionsNotAllowed : (body.conditions as unknown[]).length ? E.conditionsInvalid : E.conditionsMissing];
    else if (head === 'dueDate') [field, message] = ['dueDate', !conditional ? E.dueDateNotAllowed : !body.dueDate ? E.dueDateMissing : !day(body.dueDate) ? E.dayInvalid : E.dueDateBeforeScan];
    else if (head === 'scannedOn') [field, message] = ['scannedOn', day(body.scannedOn) ? E.scannedOn(view.fmt.day(days.today), view.fmt.day(days.reportDay)) : E.dayInvalid];
    else if (head === 'representative') [field, message] = ['repName', E.representative];
    else if (head === 'items' && items[Number(index)]) [field, message] = [`mark-${items[Number(index)]!.id}`, E.mark];
    else if (head === 'note') [field, message] = ['note', E.tooLong(view.fmt.number(2000))];
    else [field, message] = ['verdict', E.other(`${issue.path} ${issue.message}`)];
    errors[field] ??= message;
  }
  return errors;
}

const hostIdOf = (ctx: DashboardContext) => {
  const id = ctx.c.req.param('id')!;
  if (!ctx.deps.store.getHost(id)) throw notFound(`no host ${id}`);
  return id;
};

export const verdictForm: DashboardForm = {
  id: 'host-scan-verdict',
  path: '/hosts/:id/scans',
  access: { action: 'scans.record', unit: fromHost },
  body: { multipart: true, maxBytes: (config) => config.scans.maxAttachmentBytes + VERDICT_BODY_BYTES, what: 'a scan verdict with its signed minutes' },
  handle: async (ctx, fields, files): Promise<FormOutcome> => {
    const { deps, view, c } = ctx;
    const E = view.P.scans.err;
    const id = hostIdOf(ctx);
    const refuse = async (errors: FieldErrors, status: 400 | 409 = 400): Promise<FormOutcome> => ({ page: renderHost(await loadHost(ctx, { values: fields, errors }), view), status });
    const body = verdictBody(
      fields,
      deps.scans.sheetItems().map((r) => r.id),
    );
    const file = files.minutes && files.minutes.size > 0 ? files.minutes : null;
    const bytes = file ? new Uint8Array(await file.arrayBuffer()) : null;
    const minutes: FieldErrors = bytes && !attachmentType(bytes) ? { minutes: E.minutesType } : {};
    const collectedAt = deps.store.getHost(id)?.latest?.collectedAt;
    const days = { today: deps.scans.today(), reportDay: collectedAt ? dayInZone(collectedAt, deps.scans.timeZone) : deps.scans.today() };
    const officer = officerOf(c);
    let scanId: string;
    try {
      const req = deps.scans.parseRequest(body);
      if (minutes.minutes) return refuse(minutes);
      scanId = (await deps.scans.record(id, req, officer, changeBy(c), { via: 'dashboard' })).id;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 400) return refuse({ ...verdictErrors(err.issues ?? [{ path: '(root)', message: err.message }], body, view, days), ...minutes });
      // The device reported again since the page was shown: the verdict would judge a report nobody looked at.
      if (err.status === 409) return refuse({ verdict: deps.store.getHost(id)?.latest ? E.reportedAgain : E.other(err.message) }, 409);
      throw err;
    }
    if (file && bytes) await deps.scans.attach(id, scanId, bytes, file.name, officer, changeBy(c));
    // The rule and the queue change: the next page evaluates afresh.
    await ctx.readiness.clear();
    return { redirect: `/hosts/${encodeURIComponent(id)}?done=1#scan` };
  },
};

export const acceptForm: DashboardForm = {
  id: 'host-scan-accept',
  path: '/hosts/:id/scans/:scanId/accept',
  access: { action: 'scans.record', unit: fromHost },
  handle: async (ctx, fields) => {
    const id = hostIdOf(ctx);
    // A refusal (the recorder accepting their own verdict, acceptance off, accepted already) is the service's, as through the API.
    await ctx.deps.scans.accept(id, ctx.c.req.param('scanId')!, { note: fields.note ?? '' }, officerOf(ctx.c), changeBy(ctx.c));
    await ctx.readiness.clear();
    return { redirect: `/hosts/${encodeURIComponent(id)}?done=1#scan` };
  },
};
