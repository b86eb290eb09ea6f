/**
 * Retiring a machine (`/admin/hosts/:id/retire`; admins, and unit managers within their scope):
 * say why, check, confirm. Through the API's own `retireHost` (collector/routes/host-lifecycle.ts,
 * `DELETE /api/v1/hosts/:id`): a retired machine no longer counts as expected, the documents
 * list it with who retired it, when and why, and the retirement is audited. A unit manager's
 * retirement of a machine of its own unit is marked self-certified, as through the API.
 */
import { fromHost } from '../../collector/access/authorize.js';
import { ApiError, notFound } from '../../collector/errors.js';
import { retireHost } from '../../collector/routes/host-lifecycle.js';
import { RetireHostRequest } from '../../schema/index.js';
import { CheckPage } from '../components/check.js';
import { ErrorSummary, Field } from '../components/forms.js';
import type { FieldErrors } from '../components/forms.js';
import { HostCrumbs } from '../components/host-crumbs.js';
import { Layout } from '../components/layout.js';
import { definePage } from '../page.js';
import type { DashboardContext, DashboardForm } from '../page.js';
import type { View } from '../view.js';

interface RetireData {
  host: { agentId: string; hostname: string };
  reason: string;
  errors: FieldErrors;
}

const retireHref = (id: string) => `/admin/hosts/${encodeURIComponent(id)}/retire`;

function RetirePage({ data, view }: { data: RetireData; view: View }) {
  const A = view.P.admin;
  const { host } = data;
  return (
    <Layout view={view} title={A.action.retireHost} active="hosts">
      <HostCrumbs host={host} view={view} />
      <ErrorSummary errors={data.errors} view={view} />
      <h1>{A.action.retireHost}</h1>
      <p>{A.retireLead}</p>
      <form method="post" action={retireHref(host.agentId)} class="panel">
        <Field name="reason" label={A.retireReason} hint={A.retireHint} errors={data.errors} wide>
          <input type="text" id="reason" name="reason" value={data.reason} maxlength={500} aria-describedby="reason-hint" />
        </Field>
        <button type="submit" class="warning">
          {A.retireSubmit}
        </button>
      </form>
    </Layout>
  );
}

/** The machine, if it is still active: a retired one is not retired again (409 page). */
function activeHost(ctx: DashboardContext) {
  const id = ctx.c.req.param('id')!;
  const host = ctx.deps.store.getHost(id);
  if (!host) throw notFound(`no host ${id}`);
  if (host.retired) throw new ApiError(409, 'conflict', `host ${host.agentId} was already retired on ${host.retired.at} (${host.retired.reason})`);
  return host;
}

function loadRetire(ctx: DashboardContext, reason = '', errors: FieldErrors = {}): RetireData {
  const host = activeHost(ctx);
  return { host: { agentId: host.agentId, hostname: host.latest?.os?.hostname || host.hostname }, reason, errors };
}

export const retirePage = definePage<RetireData>({
  id: 'admin-host-retire',
  path: '/admin/hosts/:id/retire',
  access: { action: 'hosts.retire', unit: fromHost },
  load: async (ctx) => loadRetire(ctx),
  render: (data, view) => <RetirePage data={data} view={view} />,
});

export const retireForm: DashboardForm = {
  id: 'admin-host-retire',
  path: '/admin/hosts/:id/retire',
  access: { action: 'hosts.retire', unit: fromHost },
  handle: async (ctx, fields) => {
    const { view } = ctx;
    const A = view.P.admin;
    const reason = fields.reason ?? '';
    const parsed = RetireHostRequest.safeParse({ reason });
    if (!parsed.success) return { page: <RetirePage data={loadRetire(ctx, reason, { reason: A.retireReasonMissing })} view={view} />, status: 400 };
    const host = activeHost(ctx);
    const data = loadRetire(ctx, parsed.data.reason);
    if (fields.step !== 'confirm') {
      return {
        page: (
          <CheckPage
            view={view}
            active="hosts"
            title={A.action.retireHost}
            rows={[
              [A.host, data.host.hostname],
              [A.retireReason, parsed.data.reason],
              [A.what, A.retireLead],
            ]}
            action={retireHref(host.agentId)}
            fields={{ reason: parsed.data.reason }}
            cancel={`/hosts/${encodeURIComponent(host.agentId)}`}
            destructive
          />
        ),
      };
    }
    await retireHost(ctx.c, ctx.deps, host, parsed.data.reason);
    // The figures change: the next page evaluates afresh. A retired machine has no page of its own any more.
    await ctx.readiness.clear();
    return { redirect: '/hosts?done=1' };
  },
};
