/**
 * Moving a machine (`/admin/hosts/:id/move`; admins, and unit managers within their scope):
 * choose the unit, then the room, check, confirm. Through the API's own `moveHost`
 * (collector/routes/host-move.ts): the target must be in the reader's scope and the org file,
 * and the move is audited. Retiring a machine: dashboard/pages/admin-retire.tsx.
 */
import { assertUnitInScope, fromHost, readScope } from '../../collector/access/authorize.js';
import { ApiError, notFound } from '../../collector/errors.js';
import { moveHost } from '../../collector/routes/host-move.js';
import type { UnitsResponse } from '../../schema/index.js';
import { CheckPage } from '../components/check.js';
import { ErrorSummary, Field, Select, unitOptions } from '../components/forms.js';
import type { FieldErrors } from '../components/forms.js';
import { HostCrumbs } from '../components/host-crumbs.js';
import { Layout } from '../components/layout.js';
import { definePage } from '../page.js';
import type { DashboardContext, DashboardForm } from '../page.js';
import type { View } from '../view.js';

interface MoveData {
  host: { agentId: string; hostname: string; unit: string; room: string | null };
  units: UnitsResponse['units'];
  /** The unit chosen to move to (its rooms are offered next). */
  target: UnitsResponse['units'][number] | null;
  room: string;
  errors: FieldErrors;
}

const moveHref = (id: string) => `/admin/hosts/${encodeURIComponent(id)}/move`;

function place(units: UnitsResponse['units'], unit: string, room: string | null, view: View): string {
  const u = units.find((x) => x.id === unit);
  const r = room === null ? view.P.admin.noRoom : (u?.rooms.find((x) => x.id === room)?.name ?? room);
  return `${u?.name ?? unit} — ${r}`;
}

function MovePage({ data, view }: { data: MoveData; view: View }) {
  const A = view.P.admin;
  const { host } = data;
  return (
    <Layout view={view} title={A.action.moveHost} active="hosts">
      <HostCrumbs host={host} view={view} />
      <ErrorSummary errors={data.errors} view={view} />
      <h1>{A.action.moveHost}</h1>
      <dl class="summary">
        <dt>{A.host}</dt>
        <dd>{host.hostname}</dd>
        <dt>{A.from}</dt>
        <dd>{place(data.units, host.unit, host.room, view)}</dd>
      </dl>
      <form method="get" action={moveHref(host.agentId)} class="panel" data-autosubmit>
        <Field name="unit" label={A.chooseUnit} errors={data.errors}>
          <Select name="unit" options={unitOptions(data.units, A.chooseUnit)} value={data.target?.id} />
        </Field>
        <button type="submit" class="secondary">
          {A.chooseUnit}
        </button>
      </form>
      {data.target ? (
        <form method="post" action={moveHref(host.agentId)} class="panel">
          <input type="hidden" name="unit" value={data.target.id} />
          <p>
            <strong>{A.to}:</strong> {data.target.name}
          </p>
          <Field name="room" label={view.L.col.room} errors={data.errors}>
            <Select name="room" value={data.room} options={[{ value: '', label: A.noRoom }, ...data.target.rooms.map((r) => ({ value: r.id, label: r.name }))]} />
          </Field>
          <button type="submit">{A.moveSubmit}</button>
        </form>
      ) : null}
    </Layout>
  );
}

async function loadMove(ctx: DashboardContext, unit: string | undefined, room = '', errors: FieldErrors = {}): Promise<MoveData> {
  const id = ctx.c.req.param('id')!;
  const host = ctx.deps.store.getHost(id);
  if (!host) throw notFound(`no host ${id}`);
  const units = (await ctx.readiness.units(readScope(ctx.c, {}))).units;
  return {
    host: { agentId: host.agentId, hostname: host.latest?.os?.hostname || host.hostname, unit: host.unit, room: host.room },
    units,
    target: units.find((u) => u.id === unit) ?? null,
    room,
    errors,
  };
}

export const movePage = definePage<MoveData>({
  id: 'admin-host-move',
  path: '/admin/hosts/:id/move',
  access: { action: 'hosts.move', unit: fromHost },
  load: (ctx) => loadMove(ctx, ctx.c.req.query('unit') ?? ctx.deps.store.getHost(ctx.c.req.param('id') ?? '')?.unit),
  render: (data, view) => <MovePage data={data} view={view} />,
});

export const moveForm: DashboardForm = {
  id: 'admin-host-move',
  path: '/admin/hosts/:id/move',
  access: { action: 'hosts.move', unit: fromHost },
  handle: async (ctx, fields) => {
    const { view } = ctx;
    const A = view.P.admin;
    const unit = fields.unit ?? '';
    const room = fields.room ? fields.room : null;
    const data = await loadMove(ctx, unit, fields.room ?? '');
    const again = async (errors: FieldErrors) => ({ page: <MovePage data={await loadMove(ctx, unit, fields.room ?? '', errors)} view={view} />, status: 400 as const });
    // A unit outside the reader's scope is refused as the API refuses it; an unknown one is asked again.
    if (!data.target && unit) assertUnitInScope(ctx.c, unit, `unit ${unit}, where the host would go,`);
    if (!data.target) return again({ unit: A.chooseUnit });
    if (data.host.unit === unit && data.host.room === room) return again({ room: A.sameUnit });
    if (fields.step !== 'confirm') {
      return {
        page: (
          <CheckPage
            view={view}
            active="hosts"
            title={A.action.moveHost}
            rows={[
              [A.host, data.host.hostname],
              [A.from, place(data.units, data.host.unit, data.host.room, view)],
              [A.to, place(data.units, unit, room, view)],
            ]}
            action={moveHref(data.host.agentId)}
            fields={{ unit, room: fields.room ?? '' }}
            cancel={moveHref(data.host.agentId)}
          />
        ),
      };
    }
    try {
      await moveHost(ctx.c, ctx.deps, data.host.agentId, { unit, room });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 400) throw err;
      return again({ room: err.message });
    }
    // The figures change with the move: the next page evaluates afresh.
    await ctx.readiness.clear();
    return { redirect: `/hosts/${encodeURIComponent(data.host.agentId)}?done=1` };
  },
};
