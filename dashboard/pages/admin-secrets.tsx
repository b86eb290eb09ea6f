/**
 * Enrollment secrets (`/admin/enroll-secrets`; admins, and unit managers for their units):
 * those of the reader's units, creating one for a unit (and room) of the scope (shown once),
 * revoking one after a check step. Through the API's functions (collector/routes/enroll-secrets.ts).
 */
import { callerSees, readScope } from '../../collector/access/authorize.js';
import { ApiError } from '../../collector/errors.js';
import { createEnrollSecretFor, fromSecret, revokeEnrollSecret } from '../../collector/routes/enroll-secrets.js';
import { NewEnrollSecretRequest } from '../../schema/index.js';
import type { EnrollSecretView, UnitsResponse } from '../../schema/index.js';
import { CheckPage, ShownOncePage } from '../components/check.js';
import { ErrorSummary, Field, Select, unitOptions } from '../components/forms.js';
import type { FieldErrors } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { definePage } from '../page.js';
import type { DashboardContext, DashboardForm } from '../page.js';
import type { View } from '../view.js';

interface SecretsData {
  secrets: EnrollSecretView[];
  units: UnitsResponse['units'];
  /** The unit a new secret is for (chosen first, so its rooms can be offered). */
  unit: UnitsResponse['units'][number] | null;
  now: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

function secretState(view: View, s: EnrollSecretView, now: string): string {
  const A = view.P.admin;
  if (s.revokedAt) return A.revoked;
  if (s.expiresAt && s.expiresAt <= now) return A.expired;
  if (s.maxUses !== null && s.uses >= s.maxUses) return A.usedUp;
  return A.active;
}

function SecretsPage({ data, view }: { data: SecretsData; view: View }) {
  const A = view.P.admin;
  const { fmt } = view;
  const name = (unit: string, room: string | null) => {
    const u = data.units.find((x) => x.id === unit);
    const r = room === null ? null : (u?.rooms.find((x) => x.id === room)?.name ?? room);
    return `${u?.name ?? unit}${r ? ` — ${r}` : ''}`;
  };
  return (
    <Layout view={view} title={A.secrets} active="admin">
      <ErrorSummary errors={data.errors} view={view} />
      <h1>{A.secrets}</h1>
      <p class="lead">{A.secretsLead}</p>
      {data.secrets.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">{view.L.col.unit}</th>
                <th scope="col">{A.createdAt}</th>
                <th scope="col">{A.expiresAt}</th>
                <th scope="col" class="num">{A.uses}</th>
                <th scope="col">{A.state}</th>
                <th scope="col">
                  <span class="visually-hidden">{A.revoke}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.secrets.map((s) => {
                const state = secretState(view, s, data.now);
                return (
                  <tr>
                    <td class="mono">{s.id}</td>
                    <td>{name(s.unit, s.room)}</td>
                    <td class="nowrap">
                      {fmt.dateTime(s.createdAt)} ({s.createdBy})
                    </td>
                    <td class="nowrap">{s.expiresAt ? fmt.dateTime(s.expiresAt) : A.never}</td>
                    <td class="num">
                      {fmt.number(s.uses)} / {s.maxUses === null ? A.unlimited : fmt.number(s.maxUses)}
                    </td>
                    <td>{state}</td>
                    <td>
                      {state === A.active ? (
                        <form method="post" action={`/admin/enroll-secrets/${encodeURIComponent(s.id)}/revoke`}>
                          <button type="submit" class="warning" aria-label={`${A.revoke} ${s.id}`}>
                            {A.revoke}
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{A.noRecords}</p>
      )}
      <h2 id="create">{A.createSecret}</h2>
      <form method="get" action="/admin/enroll-secrets#create" class="panel" data-autosubmit>
        <Field name="for-unit" label={A.chooseUnit} errors={data.errors}>
          <select id="for-unit" name="unit">
            {unitOptions(data.units, A.chooseUnit).map((o) => (
              <option value={o.value} selected={o.value === (data.unit?.id ?? '')}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="secondary">
          {A.chooseUnit}
        </button>
      </form>
      {data.unit ? (
        <form method="post" action="/admin/enroll-secrets" class="panel" novalidate>
          <input type="hidden" name="unit" value={data.unit.id} />
          <p>
            <strong>{view.L.col.unit}:</strong> {data.unit.name}
          </p>
          <div class="fields">
            <Field name="room" label={view.L.col.room} errors={data.errors}>
              <Select name="room" value={data.values.room} options={[{ value: '', label: A.noRoom }, ...data.unit.rooms.map((r) => ({ value: r.id, label: r.name }))]} />
            </Field>
            <Field name="expires" label={A.expires} hint={A.expiresHint} errors={data.errors}>
              <input type="text" id="expires" name="expires" value={data.values.expires ?? '14d'} aria-describedby="expires-hint" size={8} />
            </Field>
            <Field name="uses" label={A.maxUses} hint={A.usesHint} errors={data.errors}>
              <input type="number" id="uses" name="uses" value={data.values.uses ?? ''} min={1} aria-describedby="uses-hint" />
            </Field>
          </div>
          <button type="submit">{A.createSecret}</button>
        </form>
      ) : null}
    </Layout>
  );
}

async function loadSecrets(ctx: DashboardContext, unitId: string | undefined, values: Record<string, string> = {}, errors: FieldErrors = {}): Promise<SecretsData> {
  const sees = callerSees(ctx.c);
  const units = (await ctx.readiness.units(readScope(ctx.c, {}))).units;
  return {
    secrets: ctx.deps.access.store.listEnrollSecrets().filter((s) => sees(s.unit)).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    units,
    unit: units.find((u) => u.id === unitId) ?? null,
    now: ctx.deps.now().toISOString(),
    values,
    errors,
  };
}

export const secretsPage = definePage<SecretsData>({
  id: 'admin-enroll-secrets',
  path: '/admin/enroll-secrets',
  access: { action: 'enroll-secrets.manage' },
  load: (ctx) => loadSecrets(ctx, ctx.c.req.query('unit')),
  render: (data, view) => <SecretsPage data={data} view={view} />,
});

export const createSecretForm: DashboardForm = {
  id: 'admin-enroll-secrets-create',
  path: '/admin/enroll-secrets',
  access: { action: 'enroll-secrets.manage' },
  handle: async (ctx, fields) => {
    const { view } = ctx;
    const A = view.P.admin;
    const values = { room: fields.room ?? '', expires: fields.expires ?? '14d', uses: fields.uses ?? '' };
    const again = async (errors: FieldErrors) => ({ page: <SecretsPage data={await loadSecrets(ctx, fields.unit, values, errors)} view={view} />, status: 400 as const });
    const uses = values.uses.trim() ? Number(values.uses) : undefined;
    const parsed = NewEnrollSecretRequest.safeParse({ unit: fields.unit ?? '', room: values.room || null, expires: values.expires.trim() || '14d', ...(uses !== undefined ? { uses } : {}) });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        errors[field === 'unit' ? 'for-unit' : field] ??= field === 'expires' ? A.expiresInvalid : field === 'uses' ? A.usesInvalid : field === 'unit' ? A.chooseUnit : A.fieldRequired;
      }
      return again(errors);
    }
    let created;
    try {
      created = await createEnrollSecretFor(ctx.c, ctx.deps, parsed.data);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500 || err.status === 403) throw err;
      return again({ room: err.message });
    }
    return {
      page: (
        <ShownOncePage
          view={view}
          active="admin"
          title={A.secretCreated}
          secretLabel={A.secrets}
          secret={created.secret}
          rows={[
            ['ID', created.view.id],
            [view.L.col.unit, created.view.unit + (created.view.room ? ` / ${created.view.room}` : '')],
            [A.expiresAt, created.view.expiresAt ? view.fmt.dateTime(created.view.expiresAt) : A.never],
            [A.maxUses, created.view.maxUses === null ? A.unlimited : view.fmt.number(created.view.maxUses)],
          ]}
          back="/admin/enroll-secrets"
          backLabel={A.backToList}
        />
      ),
    };
  },
};

export const revokeSecretForm: DashboardForm = {
  id: 'admin-enroll-secrets-revoke',
  path: '/admin/enroll-secrets/:id/revoke',
  access: { action: 'enroll-secrets.manage', unit: fromSecret },
  handle: async (ctx, fields) => {
    const { view } = ctx;
    const A = view.P.admin;
    const id = ctx.c.req.param('id')!;
    const secret = ctx.deps.access.store.listEnrollSecrets().find((s) => s.id === id);
    if (!secret) throw new ApiError(404, 'not_found', `no enrollment secret ${id}`);
    if (fields.step !== 'confirm') {
      return {
        page: (
          <CheckPage
            view={view}
            active="admin"
            title={A.action.revokeSecret}
            rows={[
              ['ID', <span class="mono">{secret.id}</span>],
              [view.L.col.unit, secret.unit + (secret.room ? ` / ${secret.room}` : '')],
              [A.uses, `${view.fmt.number(secret.uses)} / ${secret.maxUses === null ? A.unlimited : view.fmt.number(secret.maxUses)}`],
            ]}
            action={`/admin/enroll-secrets/${encodeURIComponent(id)}/revoke`}
            fields={{}}
            cancel="/admin/enroll-secrets"
            destructive
          />
        ),
      };
    }
    await revokeEnrollSecret(ctx.c, ctx.deps, id);
    return { redirect: '/admin/enroll-secrets?done=1' };
  },
};
