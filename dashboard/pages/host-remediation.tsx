/**
 * The machine page's "5 rõ" section (a `MACHINE_SECTIONS` entry, dashboard/pages/host.tsx): each
 * rule that fails, is unknown or is exempted on this machine, with its result, and for a unit
 * manager a link to assign it as a task (`/tasks/new?rule=&host=`), for an approver a link to
 * exempt it (`/exceptions/new?rule=&host=`); then the unit's tasks and exceptions.
 */
import { queryWith } from '../components/pager.js';
import { ResultTag } from '../components/figures.js';
import type { MachineSection } from './host.js';

type Props = Parameters<MachineSection['render']>[0];

/** Results that call for a task or an exception (an exempted one is listed so it can be seen, not acted on twice). */
const OPEN = new Set(['fail', 'unknown', 'exempted']);

export function RemediationSection({ data, view }: Props) {
  const { ix, host } = data;
  const R = view.P.remediation;
  const rows = host.results.filter((r) => OPEN.has(r.status));
  const assigns = view.may('tasks.manage');
  const exempts = view.may('exceptions.approve');
  const unitQuery = queryWith({ unit: host.unitId });
  return (
    <>
      {rows.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{R.task.col.rule}</th>
                <th scope="col">{view.L.col.result}</th>
                {assigns || exempts ? (
                  <th scope="col">
                    <span class="visually-hidden">{R.task.create}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const q = queryWith({ rule: r.ruleId, host: host.agentId });
                return (
                  <tr data-rule={r.ruleId}>
                    <td>{ix.ruleTitle(r.ruleId)}</td>
                    <td>
                      <ResultTag status={r.status} view={view} />
                    </td>
                    {assigns || exempts ? (
                      <td class="nowrap">
                        {assigns && r.status !== 'exempted' ? <a href={`/tasks/new${q}`}>{R.task.newFromRule}</a> : null}
                        {assigns && exempts && r.status !== 'exempted' ? ' · ' : null}
                        {exempts && r.status !== 'exempted' ? <a href={`/exceptions/new${q}`}>{R.exception.newFromRule}</a> : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="none">{R.task.none}</p>
      )}
      <p class="actions">
        <a href={`/tasks${unitQuery}`}>{R.nav.tasks}</a>
        {' · '}
        <a href={`/exceptions${unitQuery}`}>{R.nav.exceptions}</a>
      </p>
    </>
  );
}
