/**
 * Personal tokens (`/admin/tokens`; every signed-in user for their own, an admin for
 * anyone's): the list, creating one (shown once), revoking one after a check step. Through the
 * API's own functions (collector/routes/tokens.ts).
 */
import { principalOf } from '../../collector/access/authorize.js';
import { ApiError } from '../../collector/errors.js';
import { createTokenFor, revokeTokenOf, tokenOfCaller } from '../../collector/routes/tokens.js';
import { NewTokenRequest } from '../../schema/index.js';
import type { TokenView, UserView } from '../../schema/index.js';
import { CheckPage, ShownOncePage } from '../components/check.js';
import { ErrorSummary, Field, Select } from '../components/forms.js';
import type { FieldErrors } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { definePage } from '../page.js';
import type { DashboardContext, DashboardForm } from '../page.js';
import type { View } from '../view.js';

/** The lifetimes offered; `never` only to admins (for automation), as the API allows. */
const LIFETIMES = ['30d', '90d', '180d', '365d'] as const;

interface TokensData {
  tokens: TokenView[];
  /** Whose token may be created: oneself, or (an admin) anyone. */
  users: UserView[] | null;
  now: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

export function tokenState(view: View, t: Pick<TokenView, 'revokedAt' | 'expiresAt'>, now: string): string {
  const A = view.P.admin;
  if (t.revokedAt) return A.revoked;
  if (t.expiresAt && t.expiresAt <= now) return A.expired;
  return A.active;
}

function TokensPage({ data, view }: { data: TokensData; view: View }) {
  const A = view.P.admin;
  const { fmt } = view;
  const isAdmin = data.users !== null;
  return (
    <Layout view={view} title={A.tokens} active={view.may('users.manage') || view.may('hosts.move') || view.may('enroll-secrets.manage') ? 'admin' : 'tokens'}>
      <ErrorSummary errors={data.errors} view={view} />
      <h1>{A.tokens}</h1>
      <p class="lead">{A.tokensLead}</p>
      {data.tokens.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">ID</th>
                {isAdmin ? <th scope="col">{A.owner}</th> : null}
                <th scope="col">{A.label}</th>
                <th scope="col">{A.createdAt}</th>
                <th scope="col">{A.expiresAt}</th>
                <th scope="col">{A.state}</th>
                <th scope="col">
                  <span class="visually-hidden">{A.revoke}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.tokens.map((t) => {
                const state = tokenState(view, t, data.now);
                return (
                  <tr>
                    <td class="mono">{t.id}</td>
                    {isAdmin ? <td>{t.user}</td> : null}
                    <td>{t.label}</td>
                    <td class="nowrap">{fmt.dateTime(t.createdAt)}</td>
                    <td class="nowrap">{t.expiresAt ? fmt.dateTime(t.expiresAt) : A.never}</td>
                    <td>{state}</td>
                    <td>
                      {state === A.active ? (
                        <form method="post" action={`/admin/tokens/${encodeURIComponent(t.id)}/revoke`}>
                          <button type="submit" class="warning" aria-label={`${A.revoke} ${t.id}`}>
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
      <h2 id="create">{A.createToken}</h2>
      <form method="post" action="/admin/tokens" class="panel" novalidate>
        <div class="fields">
          {data.users ? (
            <Field name="user" label={A.owner} errors={data.errors}>
              <Select name="user" value={data.values.user ?? view.viewer?.name} options={data.users.filter((u) => !u.disabled).map((u) => ({ value: u.name, label: u.name }))} />
            </Field>
          ) : null}
          <Field name="label" label={A.label} errors={data.errors}>
            <input type="text" id="label" name="label" value={data.values.label ?? ''} maxlength={100} />
          </Field>
          <Field name="expires" label={A.expires} errors={data.errors}>
            <Select
              name="expires"
              value={data.values.expires ?? '90d'}
              options={[...LIFETIMES.map((l) => ({ value: l, label: l })), ...(isAdmin ? [{ value: 'never', label: A.never }] : [])]}
            />
          </Field>
        </div>
        <button type="submit">{A.createToken}</button>
      </form>
    </Layout>
  );
}

function loadTokens(ctx: DashboardContext, values: Record<string, string> = {}, errors: FieldErrors = {}): TokensData {
  const p = principalOf(ctx.c);
  const isAdmin = p.grant.role === 'admin';
  return {
    tokens: ctx.deps.access.store.listTokens(isAdmin ? undefined : (p.user?.name ?? '')).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    users: isAdmin ? ctx.deps.access.store.listUsers() : null,
    now: ctx.deps.now().toISOString(),
    values,
    errors,
  };
}

export const tokensPage = definePage<TokensData>({
  id: 'admin-tokens',
  path: '/admin/tokens',
  access: { action: 'self' },
  load: async (ctx) => loadTokens(ctx),
  render: (data, view) => <TokensPage data={data} view={view} />,
});

export const createTokenForm: DashboardForm = {
  id: 'admin-tokens-create',
  path: '/admin/tokens',
  access: { action: 'self' },
  handle: async (ctx, fields) => {
    const { view } = ctx;
    const A = view.P.admin;
    const values = { label: fields.label ?? '', expires: fields.expires ?? '90d', ...(fields.user ? { user: fields.user } : {}) };
    const parsed = NewTokenRequest.safeParse(values);
    const again = (errors: FieldErrors) => ({ page: <TokensPage data={loadTokens(ctx, values, errors)} view={view} />, status: 400 as const });
    if (!parsed.success) return again({ expires: A.expiresInvalid });
    let created;
    try {
      created = await createTokenFor(ctx.c, ctx.deps, parsed.data);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      return again({ expires: err.message });
    }
    return {
      page: (
        <ShownOncePage
          view={view}
          active="tokens"
          title={A.tokenCreated}
          secretLabel={A.tokens}
          secret={created.token}
          rows={[
            ['ID', created.view.id],
            [A.owner, created.view.user],
            [A.expiresAt, created.view.expiresAt ? view.fmt.dateTime(created.view.expiresAt) : A.never],
          ]}
          back="/admin/tokens"
          backLabel={A.backToList}
        />
      ),
    };
  },
};

export const revokeTokenForm: DashboardForm = {
  id: 'admin-tokens-revoke',
  path: '/admin/tokens/:id/revoke',
  access: { action: 'self' },
  handle: async (ctx, fields) => {
    const { view } = ctx;
    const A = view.P.admin;
    const id = ctx.c.req.param('id')!;
    const token = tokenOfCaller(ctx.c, ctx.deps, id);
    if (!token) throw new ApiError(404, 'not_found', `no token ${id} of yours`);
    if (fields.step !== 'confirm') {
      return {
        page: (
          <CheckPage
            view={view}
            active="tokens"
            title={A.action.revokeToken}
            rows={[
              ['ID', <span class="mono">{token.id}</span>],
              [A.owner, token.user],
              [A.label, token.label],
              [A.createdAt, view.fmt.dateTime(token.createdAt)],
            ]}
            action={`/admin/tokens/${encodeURIComponent(id)}/revoke`}
            fields={{}}
            cancel="/admin/tokens"
            destructive
          />
        ),
      };
    }
    await revokeTokenOf(ctx.c, ctx.deps, id);
    return { redirect: '/admin/tokens?done=1' };
  },
};
