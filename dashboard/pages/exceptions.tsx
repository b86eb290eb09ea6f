/**
 * Exceptions (docs/remediation.md) in the browser: `/exceptions` (those of the reader's scope,
 * valid, expired or revoked), `/exceptions/new` (an approver exempts a rule for a machine, room
 * or unit until a day, linked from the machine page's failing rules), and revoking one (a
 * check step first: the record stays, marked revoked). Through the API's own store
 * (collector/routes/exceptions.ts, collector/remediation/exceptions.ts): the role the pack's
 * `exceptionApprovers` names, the same scope, the same audit lines. While valid, the result
 * reads "Miễn trừ", counted apart from passing.
 */
import { z } from 'zod';
import { assertUnitInScope, changeBy, readScope, scopeFilter } from '../../collector/access/authorize.js';
import { ApiError, badRequest, notFound } from '../../collector/errors.js';
import { fromException } from '../../collector/routes/exceptions.js';
import { ExceptionState, NewExceptionRequest } from '../../schema/index.js';
import type { ExceptionView } from '../../schema/index.js';
import { CheckPage } from '../components/check.js';
import { ErrorSummary, Field, Select, unitOptions } from '../components/forms.js';
import type { FieldErrors, Option } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { queryWith } from '../components/pager.js';
import { definePage } from '../page.js';
import type { DashboardContext, DashboardForm } from '../page.js';
import { fieldErrors, namesOf, ruleTitleOf, TargetInputs, targetFields, targetHref, targetOfFields, targetText, unitOfFields } from '../remediation-view.js';
import type { Names, TargetFields } from '../remediation-view.js';
import type { View } from '../view.js';
import { sizeText } from './scan-part.js';

/** The approving decision attached to an exception (a PDF or photo), as the API serves it to the exception's readers. */
export const exceptionAttachmentHref = (id: string, sha256: string) => `/api/v1/exceptions/${encodeURIComponent(id)}/attachments/${sha256}`;

const STATE_TAG: Record<ExceptionState, string> = { active: 'on_track', expired: 'unknown', revoked: 'unknown' };

const ListQuery = z.object({
  unit: z.string().min(1).max(64).optional().catch(undefined),
  state: ExceptionState.optional().catch(undefined),
});
type ListQuery = z.infer<typeof ListQuery>;

interface ExceptionsData {
  query: ListQuery;
  names: Names;
  exceptions: ExceptionView[];
}

const revokeHref = (id: string) => `/exceptions/${encodeURIComponent(id)}/revoke`;

function ExceptionsPage({ data, view }: { data: ExceptionsData; view: View }) {
  const E = view.P.remediation.exception;
  const { query, names } = data;
  const stateOptions: Option[] = [{ value: '', label: E.anyState }, ...ExceptionState.options.map((s) => ({ value: s, label: E.state[s] }))];
  const approves = view.may('exceptions.approve');
  return (
    <Layout view={view} title={E.title} active="exceptions">
      <h1>{E.title}</h1>
      <p class="lead">{E.lead}</p>
      {approves ? (
        <p class="actions">
          <a class="button" href={`/exceptions/new${queryWith({ unit: query.unit })}`}>
            {E.create}
          </a>
        </p>
      ) : null}
      <form class="panel" method="get" action="/exceptions" role="search">
        <Field name="unit" label={view.P.remediation.task.unit}>
          <Select name="unit" value={query.unit} options={unitOptions(names.units, view.L.meta.allUnits)} />
        </Field>
        <Field name="state" label={E.col.state}>
          <Select name="state" value={query.state} options={stateOptions} />
        </Field>
        <button type="submit" class="secondary">
          {view.P.remediation.task.show}
        </button>
      </form>
      {data.exceptions.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{E.col.rule}</th>
                <th scope="col">{E.col.target}</th>
                <th scope="col">{E.col.reason}</th>
                <th scope="col">{E.col.reference}</th>
                <th scope="col">{E.col.approvedBy}</th>
                <th scope="col">{E.col.expires}</th>
                <th scope="col">{E.col.state}</th>
                {approves ? (
                  <th scope="col">
                    <span class="visually-hidden">{E.revoke}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {data.exceptions.map((e) => (
                <tr data-exception={e.id}>
                  <td>{ruleTitleOf(names, e.rule)}</td>
                  <td>
                    <a href={targetHref(e.target)}>{targetText(names, e.target, view)}</a>
                  </td>
                  <td>{e.reason}</td>
                  <td>
                    {e.reference ?? ''}
                    {e.attachments.map((a) => (
                      <>
                        <br />
                        <a href={exceptionAttachmentHref(e.id, a.sha256)} title={`SHA-256 ${a.sha256}`}>
                          {a.fileName || a.type.toUpperCase()}
                        </a>{' '}
                        ({sizeText(a.bytes, view)})
                      </>
                    ))}
                  </td>
                  <td>{`${e.approvedBy.name}, ${view.fmt.dateTime(e.createdAt)}`}</td>
                  <td class="nowrap">{view.fmt.day(e.expiresOn)}</td>
                  <td>
                    <strong class={`tag s-${STATE_TAG[e.state]}`}>{E.state[e.state]}</strong>
                    {e.revoked ? <span class="hint">{` ${e.revoked.by.name}, ${view.fmt.dateTime(e.revoked.at)}`}</span> : null}
                  </td>
                  {approves ? (
                    <td>
                      {e.state === 'active' ? (
                        <form method="post" action={revokeHref(e.id)}>
                          <button type="submit" class="warning" aria-label={`${E.revoke} ${ruleTitleOf(names, e.rule)}, ${targetText(names, e.target, view)}`}>
                            {E.revoke}
                          </button>
                        </form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="none">{E.none}</p>
      )}
    </Layout>
  );
}

export const exceptionsPage = definePage<ExceptionsData>({
  id: 'exceptions',
  path: '/exceptions',
  access: { action: 'read' },
  load: async ({ c, deps, readiness, view }) => {
    const query = ListQuery.parse(c.req.query());
    // As GET /api/v1/exceptions?unit=: a unit outside the reader's scope is refused.
    const sees = scopeFilter(readScope(c, { unit: query.unit }), deps.org);
    const exceptions = deps.remediation.exceptions
      .all()
      .filter((e) => sees(e.target.unit))
      .map((e) => deps.remediation.exceptions.view(e))
      .filter((e) => !query.state || e.state === query.state)
      // Valid first, then by last day.
      .sort((a, b) => Number(a.state !== 'active') - Number(b.state !== 'active') || a.expiresOn.localeCompare(b.expiresOn));
    return { query, names: await namesOf(deps, readiness, readScope(c, {}), view), exceptions };
  },
  render: (data, view) => <ExceptionsPage data={data} view={view} />,
});

// ---- a new exception

interface NewExceptionData {
  fields: TargetFields & { reason: string; reference: string; expires: string };
  names: Names;
  errors: FieldErrors;
}

function NewExceptionPage({ data, view }: { data: NewExceptionData; view: View }) {
  const E = view.P.remediation.exception;
  const T = view.P.remediation.task;
  const { fields, names } = data;
  const ruleOptions: Option[] = [{ value: '', label: T.chooseRule }, ...names.rules.map((r) => ({ value: r.id, label: r.title }))];
  return (
    <Layout view={view} title={E.create} active="exceptions">
      <ErrorSummary errors={data.errors} view={view} />
      <h1>{E.create}</h1>
      <p class="lead">{E.createLead}</p>
      <form method="post" action="/exceptions/new" class="panel">
        <Field name="rule" label={E.col.rule} errors={data.errors} wide>
          <Select name="rule" value={fields.rule} options={ruleOptions} />
        </Field>
        <TargetInputs fields={fields} names={names} errors={data.errors} view={view} />
        <Field name="reason" label={E.col.reason} hint={E.reasonHint} errors={data.errors} wide>
          <textarea id="reason" name="reason" rows={3} maxlength={1000} aria-describedby="reason-hint">
            {fields.reason}
          </textarea>
        </Field>
        <Field name="reference" label={E.col.reference} hint={E.referenceHint} errors={data.errors} wide>
          <input type="text" id="reference" name="reference" value={fields.reference} maxlength={300} aria-describedby="reference-hint" />
        </Field>
        <Field name="expires" label={E.col.expires} hint={E.expiresHint} errors={data.errors}>
          <input type="date" id="expires" name="expires" value={fields.expires} aria-describedby="expires-hint" />
        </Field>
        <button type="submit">{E.submit}</button>
      </form>
    </Layout>
  );
}

async function loadNewException(ctx: DashboardContext, q: Record<string, string | undefined>, errors: FieldErrors = {}): Promise<NewExceptionData> {
  const { c, deps, readiness, view } = ctx;
  const fields = { ...targetFields(q), reason: (q.reason ?? '').slice(0, 1000), reference: (q.reference ?? '').slice(0, 300), expires: (q.expires ?? '').slice(0, 10) };
  const unit = unitOfFields(deps, fields);
  if (unit) assertUnitInScope(c, unit);
  return { fields, names: await namesOf(deps, readiness, readScope(c, {}), view), errors };
}

export const newExceptionPage = definePage<NewExceptionData>({
  id: 'exception-new',
  path: '/exceptions/new',
  access: { action: 'exceptions.approve' },
  load: (ctx) => loadNewException(ctx, ctx.c.req.query()),
  render: (data, view) => <NewExceptionPage data={data} view={view} />,
});

export const newExceptionForm: DashboardForm = {
  id: 'exception-new',
  path: '/exceptions/new',
  access: { action: 'exceptions.approve' },
  handle: async (ctx, f) => {
    const E = ctx.view.P.remediation.exception;
    const T = ctx.view.P.remediation.task;
    const target = targetFields(f);
    const reference = (f.reference ?? '').trim();
    const parsed = NewExceptionRequest.safeParse({ rule: target.rule, ...targetOfFields(target), reason: f.reason ?? '', expires: f.expires ?? '', ...(reference ? { reference } : {}) });
    const again = async (errors: FieldErrors, status: 400 | 403 | 404 = 400) => ({ page: <NewExceptionPage data={await loadNewException(ctx, f, errors)} view={ctx.view} />, status });
    if (!parsed.success) {
      return again(fieldErrors(parsed.error.issues, { rule: T.chooseRule, unit: T.chooseUnit, room: T.chooseUnit, host: T.chooseUnit, reason: E.chooseReason, expires: E.chooseExpires, reference: E.referenceTooLong }, 'rule'));
    }
    const unit = unitOfFields(ctx.deps, target);
    if (unit) assertUnitInScope(ctx.c, unit);
    try {
      await ctx.deps.remediation.exceptions.add(parsed.data, changeBy(ctx.c));
      // The results change ("Miễn trừ"): the next page evaluates afresh.
      await ctx.readiness.clear();
    } catch (err) {
      if (!(err instanceof ApiError) || ![400, 403, 404].includes(err.status)) throw err;
      // The store's sentence (a role the pack does not allow, a past day, an unknown rule) beside its field.
      const field = /^expires /.test(err.message) ? 'expires' : /your role/.test(err.message) ? 'rule' : /host |unit|room/.test(err.message) ? 'unit' : 'rule';
      return again({ [field]: err.message }, err.status as 400 | 403 | 404);
    }
    return { redirect: `/exceptions${queryWith({ unit, done: 1 })}` };
  },
};

// ---- revoking one

function activeException(ctx: DashboardContext): ExceptionView {
  const id = ctx.c.req.param('id')!;
  const e = ctx.deps.remediation.exceptions.get(id);
  if (!e) throw notFound(`no exception ${id}`);
  const view = ctx.deps.remediation.exceptions.view(e);
  if (view.state === 'revoked') throw badRequest(`exception ${id} was already revoked on ${e.revoked!.at} by ${e.revoked!.by.name}`);
  return view;
}

export const revokeExceptionForm: DashboardForm = {
  id: 'exception-revoke',
  path: '/exceptions/:id/revoke',
  access: { action: 'exceptions.approve', unit: fromException },
  handle: async (ctx, f) => {
    const E = ctx.view.P.remediation.exception;
    const e = activeException(ctx);
    if (f.step !== 'confirm') {
      const names = await namesOf(ctx.deps, ctx.readiness, readScope(ctx.c, {}), ctx.view);
      return {
        page: (
          <CheckPage
            view={ctx.view}
            active="exceptions"
            title={E.revokeTitle}
            rows={[
              [E.col.rule, ruleTitleOf(names, e.rule)],
              [E.col.target, targetText(names, e.target, ctx.view)],
              [E.col.reason, e.reason],
              [E.col.expires, ctx.view.fmt.day(e.expiresOn)],
            ]}
            action={revokeHref(e.id)}
            fields={{}}
            cancel="/exceptions"
            destructive
          />
        ),
      };
    }
    // The store refuses a role the pack does not allow to approve (403 page), as DELETE /api/v1/exceptions/:id does.
    await ctx.deps.remediation.exceptions.revoke(e.id, changeBy(ctx.c));
    await ctx.readiness.clear();
    return { redirect: '/exceptions?done=1' };
  },
};
