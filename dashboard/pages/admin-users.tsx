/**
 * Users (`/admin/users`, `/admin/users/:name`; admins): the list, adding a user (a generated
 * password shown once), changing role and unit, disabling and enabling, a new password. Every
 * change goes through the API's own functions (collector/routes/users.ts), so it is validated
 * against the org file, audited, and ends the user's sessions where it must.
 */
import { ApiError, badRequest } from '../../collector/errors.js';
import { generatePassword } from '../../collector/access/password.js';
import { addUserBy, changeUserBy } from '../../collector/routes/users.js';
import { NewUserRequest, Role, UserChangeRequest } from '../../schema/index.js';
import type { UnitsResponse, UserView } from '../../schema/index.js';
import { CheckPage, ShownOncePage } from '../components/check.js';
import { ErrorSummary, Field, Select, unitOptions } from '../components/forms.js';
import type { FieldErrors, Option } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { definePage } from '../page.js';
import type { DashboardContext, DashboardForm, FormOutcome } from '../page.js';
import type { View } from '../view.js';
import { readScope } from '../../collector/access/authorize.js';

type Values = Record<string, string>;

interface UsersData {
  users: UserView[];
  units: UnitsResponse['units'];
  values: Values;
  errors: FieldErrors;
}

interface UserData {
  user: UserView;
  units: UnitsResponse['units'];
  values: Values;
  errors: FieldErrors;
}

const userHref = (name: string) => `/admin/users/${encodeURIComponent(name)}`;

const roleOptions = (view: View): Option[] => Role.options.map((r) => ({ value: r, label: view.P.role[r] }));

function unitName(units: UnitsResponse['units'], id: string | null): string {
  return id === null ? '' : (units.find((u) => u.id === id)?.name ?? id);
}

/** Role, unit and "with the units below" fields, shared by the add and change forms. */
function GrantFields({ view, units, values, errors }: { view: View; units: UnitsResponse['units']; values: Values; errors: FieldErrors }) {
  const A = view.P.admin;
  return (
    <>
      <Field name="role" label={A.role} errors={errors}>
        <Select name="role" options={roleOptions(view)} value={values.role ?? 'viewer'} />
      </Field>
      <Field name="unit" label={view.L.col.unit} errors={errors}>
        <Select name="unit" options={unitOptions(units, view.P.scope.every)} value={values.unit} />
      </Field>
      <div class="field">
        <label>
          <input type="checkbox" name="recursive" value="on" checked={values.recursive === 'on'} />
          {A.recursive}
        </label>
      </div>
    </>
  );
}

function UsersPage({ data, view }: { data: UsersData; view: View }) {
  const A = view.P.admin;
  const { fmt } = view;
  return (
    <Layout view={view} title={A.users} active="admin">
      <ErrorSummary errors={data.errors} view={view} />
      <h1>{A.users}</h1>
      <p class="lead">{A.usersLead}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{A.name}</th>
              <th scope="col">{A.role}</th>
              <th scope="col">{view.L.col.unit}</th>
              <th scope="col">{A.state}</th>
              <th scope="col">{A.createdAt}</th>
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) => (
              <tr>
                <th scope="row">
                  <a href={userHref(u.name)}>{u.name}</a>
                  {view.viewer?.name === u.name ? ` ${A.you}` : ''}
                </th>
                <td>{view.P.role[u.role]}</td>
                <td>{u.unit === null ? view.P.scope.every : u.recursive ? view.P.scope.withBelow(unitName(data.units, u.unit)) : view.P.scope.only(unitName(data.units, u.unit))}</td>
                <td>{u.disabled ? A.disabled : A.active}</td>
                <td class="nowrap">{fmt.dateTime(u.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="add">{A.add}</h2>
      <form method="post" action="/admin/users" class="panel" novalidate>
        <Field name="name" label={A.name} hint={view.P.signIn.nameHint} errors={data.errors}>
          <input type="text" id="name" name="name" value={data.values.name ?? ''} autocomplete="off" spellcheck={false} />
        </Field>
        <GrantFields view={view} units={data.units} values={data.values} errors={data.errors} />
        <Field name="password" label={A.password} hint={A.passwordHint} errors={data.errors} wide>
          <input type="password" id="password" name="password" value={data.values.password ?? ''} autocomplete="new-password" class="wide" />
        </Field>
        <button type="submit">{A.add}</button>
      </form>
    </Layout>
  );
}

function UserPage({ data, view }: { data: UserData; view: View }) {
  const A = view.P.admin;
  const { user } = data;
  return (
    <Layout view={view} title={user.name} active="admin">
      <ol class="breadcrumbs">
        <li>
          <a href="/admin">{A.title}</a>
        </li>
        <li>
          <a href="/admin/users">{A.users}</a>
        </li>
        <li>{user.name}</li>
      </ol>
      <ErrorSummary errors={data.errors} view={view} />
      <h1>{user.name}</h1>
      <dl class="summary">
        <dt>{A.role}</dt>
        <dd>{view.P.role[user.role]}</dd>
        <dt>{view.L.col.unit}</dt>
        <dd>{user.unit === null ? view.P.scope.every : user.recursive ? view.P.scope.withBelow(unitName(data.units, user.unit)) : view.P.scope.only(unitName(data.units, user.unit))}</dd>
        <dt>{A.state}</dt>
        <dd>{user.disabled ? A.disabled : A.active}</dd>
        <dt>{A.createdAt}</dt>
        <dd>
          {view.fmt.dateTime(user.createdAt)} ({user.createdBy})
        </dd>
      </dl>
      <h2>{A.action.changeUser}</h2>
      <form method="post" action={`${userHref(user.name)}/change`} class="panel" novalidate>
        <GrantFields view={view} units={data.units} values={data.values} errors={data.errors} />
        <button type="submit">{A.change}</button>
      </form>
      <h2>{user.disabled ? A.action.enableUser : A.action.disableUser}</h2>
      {!user.disabled ? <p>{A.disableLead}</p> : null}
      <form method="post" action={`${userHref(user.name)}/state`}>
        <input type="hidden" name="disabled" value={user.disabled ? 'false' : 'true'} />
        <button type="submit" class={user.disabled ? undefined : 'warning'}>
          {user.disabled ? A.enable : A.disable}
        </button>
      </form>
      <h2>{A.action.passwordUser}</h2>
      <p>{A.newPasswordLead}</p>
      <form method="post" action={`${userHref(user.name)}/password`}>
        <button type="submit" class="secondary">
          {A.resetPassword}
        </button>
      </form>
    </Layout>
  );
}

/** Users are an admin's: every unit is in the scope. */
const allUnits = async (ctx: DashboardContext) => (await ctx.readiness.units(readScope(ctx.c, {}))).units;

async function loadUsers(ctx: DashboardContext, values: Values = {}, errors: FieldErrors = {}): Promise<UsersData> {
  return { users: ctx.deps.access.store.listUsers(), units: await allUnits(ctx), values, errors };
}

async function loadUser(ctx: DashboardContext, name: string, values?: Values, errors: FieldErrors = {}): Promise<UserData> {
  const user = ctx.deps.access.store.listUsers().find((u) => u.name === name);
  if (!user) throw new ApiError(404, 'not_found', `no user named ${name}`);
  return { user, units: await allUnits(ctx), values: values ?? { role: user.role, unit: user.unit ?? '', recursive: user.recursive ? 'on' : '' }, errors };
}

export const usersPage = definePage<UsersData>({
  id: 'admin-users',
  path: '/admin/users',
  access: { action: 'users.manage' },
  load: (ctx) => loadUsers(ctx),
  render: (data, view) => <UsersPage data={data} view={view} />,
});

export const userPage = definePage<UserData>({
  id: 'admin-user',
  path: '/admin/users/:name',
  access: { action: 'users.manage' },
  load: (ctx) => loadUser(ctx, ctx.c.req.param('name')!),
  render: (data, view) => <UserPage data={data} view={view} />,
});

/** The form's fields as the API's body; zod's issues become sentences next to their fields. */
function grantOf(fields: Values) {
  return { role: fields.role, unit: fields.unit ? fields.unit : null, recursive: fields.recursive === 'on' };
}

function fieldErrors(view: View, issues: ReadonlyArray<{ path: PropertyKey[] }>): FieldErrors {
  const A = view.P.admin;
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'name');
    out[field] ??= field === 'name' ? A.nameInvalid : field === 'password' ? A.passwordShort : field === 'unit' ? A.unitNeeded : A.fieldRequired;
  }
  return out;
}

/** A refusal of the access layer as a field error: an unknown unit, a name taken, the last admin. */
function refusal(view: View, err: unknown, field: string): FieldErrors {
  if (!(err instanceof ApiError) || err.status >= 500) throw err;
  return { [field]: err.status === 409 ? view.P.admin.userExists : err.message };
}

export const addUserForm: DashboardForm = {
  id: 'admin-users-add',
  path: '/admin/users',
  access: { action: 'users.manage' },
  handle: async (ctx, fields): Promise<FormOutcome> => {
    const { view } = ctx;
    const A = view.P.admin;
    const values = { name: fields.name ?? '', role: fields.role ?? '', unit: fields.unit ?? '', recursive: fields.recursive ?? '', password: fields.password ?? '' };
    const parsed = NewUserRequest.safeParse({ name: values.name.trim(), ...grantOf(values), ...(values.password ? { password: values.password } : {}) });
    const again = async (errors: FieldErrors) => ({ page: <UsersPage data={await loadUsers(ctx, values, errors)} view={view} />, status: 400 as const });
    if (!parsed.success) return again(fieldErrors(view, parsed.error.issues));
    const body = parsed.data;
    if (body.role !== 'admin' && body.unit === null) return again({ unit: A.unitNeeded });
    const units = await allUnits(ctx);
    if (fields.step !== 'confirm') {
      return {
        page: (
          <CheckPage
            view={view}
            active="admin"
            title={A.action.addUser}
            rows={[
              [A.name, body.name],
              [A.role, view.P.role[body.role]],
              [view.L.col.unit, body.role === 'admin' ? view.P.scope.every : body.recursive ? view.P.scope.withBelow(unitName(units, body.unit)) : view.P.scope.only(unitName(units, body.unit))],
              [A.password, body.password ? '••••••••••••' : A.generatedPassword],
            ]}
            action="/admin/users"
            fields={values}
            cancel="/admin/users"
          />
        ),
      };
    }
    let created;
    try {
      created = await addUserBy(ctx.c, ctx.deps, body);
    } catch (err) {
      return again(refusal(view, err, 'name'));
    }
    if (!created.password) return { redirect: `${userHref(created.user.name)}?done=1` };
    return {
      page: (
        <ShownOncePage
          view={view}
          active="admin"
          title={A.userCreated}
          secretLabel={A.generatedPassword}
          secret={created.password}
          rows={[
            [A.name, created.user.name],
            [A.role, view.P.role[created.user.role]],
          ]}
          back="/admin/users"
          backLabel={A.backToList}
        />
      ),
    };
  },
};

export const changeUserForm: DashboardForm = {
  id: 'admin-users-change',
  path: '/admin/users/:name/change',
  access: { action: 'users.manage' },
  handle: async (ctx, fields) => {
    const name = ctx.c.req.param('name')!;
    const values = { role: fields.role ?? '', unit: fields.unit ?? '', recursive: fields.recursive ?? '' };
    const parsed = UserChangeRequest.safeParse(grantOf(values));
    const again = async (errors: FieldErrors) => ({ page: <UserPage data={await loadUser(ctx, name, values, errors)} view={ctx.view} />, status: 400 as const });
    if (!parsed.success) return again(fieldErrors(ctx.view, parsed.error.issues));
    try {
      await changeUserBy(ctx.c, ctx.deps, name, parsed.data);
    } catch (err) {
      return again(refusal(ctx.view, err, 'role'));
    }
    return { redirect: `${userHref(name)}?done=1` };
  },
};

export const userStateForm: DashboardForm = {
  id: 'admin-users-state',
  path: '/admin/users/:name/state',
  access: { action: 'users.manage' },
  handle: async (ctx, fields) => {
    const { view } = ctx;
    const A = view.P.admin;
    const name = ctx.c.req.param('name')!;
    // The page's buttons always say which; a form without it changes nothing.
    if (fields.disabled !== 'true' && fields.disabled !== 'false') throw badRequest('the form says neither to disable nor to enable the user; use the buttons of the user\'s page');
    const disabled = fields.disabled === 'true';
    // Disabling ends the user's sessions at once: checked first. Enabling can be taken back.
    if (disabled && fields.step !== 'confirm') {
      await loadUser(ctx, name);
      return {
        page: (
          <CheckPage
            view={view}
            active="admin"
            title={A.action.disableUser}
            rows={[
              [A.name, name],
              [A.what, A.disableLead],
            ]}
            action={`${userHref(name)}/state`}
            fields={{ disabled: 'true' }}
            cancel={userHref(name)}
            destructive
          />
        ),
      };
    }
    try {
      await changeUserBy(ctx.c, ctx.deps, name, { disabled });
    } catch (err) {
      return { page: <UserPage data={await loadUser(ctx, name, undefined, refusal(view, err, 'role'))} view={view} />, status: 400 };
    }
    return { redirect: `${userHref(name)}?done=1` };
  },
};

export const userPasswordForm: DashboardForm = {
  id: 'admin-users-password',
  path: '/admin/users/:name/password',
  access: { action: 'users.manage' },
  handle: async (ctx, fields) => {
    const { view } = ctx;
    const A = view.P.admin;
    const name = ctx.c.req.param('name')!;
    await loadUser(ctx, name);
    if (fields.step !== 'confirm') {
      return {
        page: (
          <CheckPage
            view={view}
            active="admin"
            title={A.action.passwordUser}
            rows={[
              [A.name, name],
              [A.what, A.newPasswordLead],
            ]}
            action={`${userHref(name)}/password`}
            fields={{}}
            cancel={userHref(name)}
            destructive
          />
        ),
      };
    }
    const password = generatePassword();
    await changeUserBy(ctx.c, ctx.deps, name, { password });
    return {
      page: <ShownOncePage view={view} active="admin" title={A.action.passwordUser} secretLabel={A.generatedPassword} secret={password} rows={[[A.name, name]]} back={userHref(name)} backLabel={A.backToList} />,
    };
  },
};
