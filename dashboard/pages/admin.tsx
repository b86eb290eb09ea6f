/**
 * Administration (`/admin`: what the reader's role may do there) and the audit log
 * (`/admin/audit`, admins: the lines, newest page first, with the chain's head to note down).
 */
import { z } from 'zod';
import type { AuditEntry } from '../../schema/index.js';
import type { AuditHead } from '../../collector/access/audit-log.js';
import { Layout } from '../components/layout.js';
import { definePage } from '../page.js';
import type { View } from '../view.js';

const AUDIT_PAGE = 100;

interface Section {
  href: string;
  title: string;
  lead: string;
}

function AdminPage({ data, view }: { data: Section[]; view: View }) {
  const A = view.P.admin;
  return (
    <Layout view={view} title={A.title} active="admin">
      <h1>{A.title}</h1>
      <p class="lead">{A.lead}</p>
      <div class="cards">
        {data.map((s) => (
          <div class="card">
            <h2>
              <a href={s.href}>{s.title}</a>
            </h2>
            <p>{s.lead}</p>
          </div>
        ))}
      </div>
    </Layout>
  );
}

export const adminPage = definePage<Section[]>({
  id: 'admin',
  path: '/admin',
  access: { action: 'self' },
  load: async ({ view }) => {
    const A = view.P.admin;
    const all: Array<Section & { allowed: boolean }> = [
      { href: '/admin/users', title: A.users, lead: A.usersLead, allowed: view.may('users.manage') },
      { href: '/admin/tokens', title: A.tokens, lead: A.tokensLead, allowed: view.may('self') },
      { href: '/admin/enroll-secrets', title: A.secrets, lead: A.secretsLead, allowed: view.may('enroll-secrets.manage') },
      { href: '/hosts', title: A.hosts, lead: `${A.hostsLead} ${A.pickHost}`, allowed: view.may('hosts.move') },
      { href: '/admin/audit', title: A.audit, lead: A.auditLead, allowed: view.may('audit.read') },
    ];
    return all.filter((s) => s.allowed).map(({ allowed: _a, ...s }) => s);
  },
  render: (data, view) => <AdminPage data={data} view={view} />,
});

interface AuditData {
  entries: AuditEntry[];
  head: AuditHead;
  /** `after` of the older and newer pages, null where there is none. */
  older: number | null;
  newer: number | null;
}

const After = z.coerce.number().int().nonnegative().optional().catch(undefined);

function AuditPage({ data, view }: { data: AuditData; view: View }) {
  const A = view.P.admin;
  const { fmt } = view;
  return (
    <Layout view={view} title={A.audit} active="admin">
      <h1>{A.audit}</h1>
      <p class="lead">{A.auditLead}</p>
      <dl class="summary">
        <dt>{A.auditHead}</dt>
        <dd>
          <code>
            {fmt.number(data.head.seq)} · {data.head.hash}
          </code>
        </dd>
      </dl>
      <nav class="pager" aria-label={view.P.pager.label}>
        {data.older !== null ? <a href={`/admin/audit?after=${data.older}`}>← {A.older}</a> : null}
        {data.newer !== null ? <a href={data.newer < 0 ? '/admin/audit' : `/admin/audit?after=${data.newer}`}>{A.newer} →</a> : null}
      </nav>
      {data.entries.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col">{A.auditAt}</th>
                <th scope="col">{A.auditActor}</th>
                <th scope="col">{A.auditAction}</th>
                <th scope="col">{A.auditTarget}</th>
                <th scope="col">{A.auditAddress}</th>
                <th scope="col">{A.auditDetails}</th>
              </tr>
            </thead>
            <tbody>
              {[...data.entries].reverse().map((e) => (
                <tr>
                  <td class="num">{e.seq}</td>
                  <td class="nowrap">{fmt.dateTime(e.at)}</td>
                  <td>
                    {e.actor.name}
                    {e.actor.role ? ` (${view.P.role[e.actor.role]})` : ''}
                  </td>
                  <td class="mono">{e.action}</td>
                  <td class="mono">{e.target ?? ''}</td>
                  <td class="mono">{e.address}</td>
                  <td class="mono">{JSON.stringify(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{A.noRecords}</p>
      )}
    </Layout>
  );
}

export const auditPage = definePage<AuditData>({
  id: 'admin-audit',
  path: '/admin/audit',
  access: { action: 'audit.read' },
  load: async ({ c, deps }) => {
    const log = deps.access.store.audit;
    const after = After.parse(c.req.query('after'));
    const [entries, head] = await Promise.all([log.read({ afterSeq: after ?? null, limit: AUDIT_PAGE }), log.head()]);
    const first = entries[0]?.seq ?? head.seq + 1;
    const last = entries[entries.length - 1]?.seq ?? head.seq;
    return {
      entries,
      head,
      older: first > 1 ? Math.max(0, first - 1 - AUDIT_PAGE) : null,
      // -1: the newest page (no `after`).
      newer: last < head.seq ? (last + AUDIT_PAGE >= head.seq ? -1 : last) : null,
    };
  },
  render: (data, view) => <AuditPage data={data} view={view} />,
});
