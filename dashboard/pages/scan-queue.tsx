/**
 * The security team's scan queue (`/scans`): the devices of the reader's scope that need a
 * pre-use scan now (never scanned, failed, conditions not met in time, expired, changed since
 * the scan, awaiting acceptance), most urgent first, filtered by unit (and the units below it)
 * and by reason. The same answer as `GET /api/v1/scans/queue` (collector/scans/queue.ts), made
 * where evaluations are made (the evaluation worker). Readable by every reader of their
 * units, as the API's queue is; the security officers' link to the sheet upload beside it.
 */
import { z } from 'zod';
import { readScope } from '../../collector/access/authorize.js';
import { ScanStatus } from '../../schema/index.js';
import type { ScanQueueItem, UnitsResponse } from '../../schema/index.js';
import { Field, Select, unitOptions } from '../components/forms.js';
import type { Option } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { definePage } from '../page.js';
import type { View } from '../view.js';
import { changeLines, ScanStatusTag } from './scan-part.js';

/** The reasons a device is in the queue, in the order the filter offers them. */
export const QUEUE_REASONS = ['never', 'failed', 'lapsed', 'expired', 'changed', 'awaiting_acceptance'] as const satisfies ReadonlyArray<ScanQueueItem['status']>;

/** A value that is not one of the choices is ignored rather than refused, as on the machines list. */
const Query = z.object({
  unit: z.string().min(1).max(64).optional().catch(undefined),
  reason: ScanStatus.extract([...QUEUE_REASONS]).optional().catch(undefined),
});
type Query = z.infer<typeof Query>;

interface QueueData {
  query: Query;
  units: UnitsResponse['units'];
  /** The queue's devices for the reason chosen. */
  items: ScanQueueItem[];
  /** Whether the reader records verdicts (the sheet upload is theirs). */
  records: boolean;
}

/** The queue's devices for one reason, or all of them. */
export function filterQueue(items: readonly ScanQueueItem[], reason: Query['reason']): ScanQueueItem[] {
  return reason ? items.filter((i) => i.status === reason) : [...items];
}

function QueuePage({ data, view }: { data: QueueData; view: View }) {
  const Q = view.P.scans.queue;
  const { L, fmt } = view;
  const unitName = new Map(data.units.map((u) => [u.id, u.name]));
  const roomName = (unit: string, room: string | null) => (room ? (data.units.find((u) => u.id === unit)?.rooms.find((r) => r.id === room)?.name ?? room) : '');
  const reasons: Option[] = [{ value: '', label: Q.anyReason }, ...QUEUE_REASONS.map((r) => ({ value: r, label: L.scan.status[r] }))];
  return (
    <Layout view={view} title={Q.title} active="scans">
      <h1>{Q.title}</h1>
      <p>{Q.lead}</p>
      {data.records ? (
        <p class="actions">
          <a href="/scans/import">{Q.upload}</a>
        </p>
      ) : null}
      <form class="panel" method="get" action="/scans" role="search" data-autosubmit>
        <div class="fields">
          <Field name="unit" label={L.col.unit}>
            <Select name="unit" options={unitOptions(data.units, view.P.hosts.anyUnit)} value={data.query.unit} />
          </Field>
          <Field name="reason" label={Q.reason}>
            <Select name="reason" options={reasons} value={data.query.reason} />
          </Field>
        </div>
        <button type="submit">{view.P.hosts.apply}</button>
        <a class="button secondary" href="/scans">
          {view.P.hosts.clear}
        </a>
      </form>
      <p class="caption" role="status">
        {data.items.length ? Q.count(fmt.number(data.items.length)) : Q.empty}
      </p>
      {data.items.length ? (
        <div class="table-wrap">
          <table id="scan-queue">
            <thead>
              <tr>
                <th scope="col">{L.col.hostname}</th>
                <th scope="col">{L.col.unit}</th>
                <th scope="col">{L.col.room}</th>
                <th scope="col">{Q.reason}</th>
                <th scope="col">{L.scan.col.dueOn}</th>
                <th scope="col">{L.scan.col.lastScan}</th>
                <th scope="col">{L.scan.col.changesSince}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr data-host={i.agentId}>
                  <th scope="row">
                    <a href={`/hosts/${encodeURIComponent(i.agentId)}#scan`}>{i.hostname}</a>
                  </th>
                  <td>{unitName.get(i.unitId) ?? i.unitId}</td>
                  <td>{roomName(i.unitId, i.roomId)}</td>
                  <td>
                    <ScanStatusTag status={i.status} view={view} />
                  </td>
                  <td class="nowrap">
                    {i.dueOn ? fmt.day(i.dueOn) : Q.notDue}
                    {i.overdue ? (
                      <>
                        {' '}
                        <strong class="tag s-overdue">{L.scan.col.overdue}</strong>
                      </>
                    ) : null}
                  </td>
                  <td>{i.scan ? L.scan.byOn(L.scan.verdict[i.scan.verdict], i.scan.officer, fmt.day(i.scan.scannedOn)) : ''}</td>
                  <td>{(changeLines(i.changes, view) ?? []).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Layout>
  );
}

export const scanQueuePage = definePage<QueueData>({
  id: 'scan-queue',
  path: '/scans',
  access: { action: 'read' },
  load: async ({ c, deps, readiness, view }) => {
    const query = Query.parse(c.req.query());
    const whole = readScope(c, {});
    // A unit chosen is its own scope (403 if outside the reader's), never cut out of a wider one.
    const scope = query.unit ? readScope(c, { unit: query.unit }) : whole;
    const [queue, units] = await Promise.all([deps.readiness.scanQueueJson({ unitId: scope.unitId, recursive: scope.recursive }), readiness.units(whole)]);
    const answer = JSON.parse(new TextDecoder().decode(queue)) as { asOf: string; items: ScanQueueItem[] };
    return { query, units: units.units, items: filterQueue(answer.items, query.reason), records: view.may('scans.record') };
  },
  render: (data, view) => <QueuePage data={data} view={view} />,
});
