/**
 * The security team's scan queue: the devices of an evaluation that need a scan now, never
 * scanned, failed, conditions not met in time, expired, changed since the scan, or awaiting
 * acceptance, most urgent first (past their due day, then by due day). A pure function of the
 * evaluation of the caller's scope: the dashboard's queue page and `GET /api/v1/scans/queue`
 * read the same answer.
 */
import type { Evaluation, ScanQueueItem, ScanStatus } from '../../schema/index.js';
import type { ReadinessSource } from '../readiness-source.js';
import { addDays } from '../../rules/deadline.js';

const WAITING: ReadonlySet<ScanStatus> = new Set(['never', 'failed', 'lapsed', 'expired', 'changed', 'awaiting_acceptance']);
const ORDER: ScanStatus[] = ['changed', 'failed', 'lapsed', 'expired', 'never', 'awaiting_acceptance'];

/** @example scanQueue(await readiness.evaluate({ unitId: 'hp-kv1', recursive: false })) */
export function scanQueue(evaluation: Evaluation): ScanQueueItem[] {
  const rule = evaluation.rules.find((r) => r.category === 'scan' && r.graceDays !== undefined) ?? null;
  const items: ScanQueueItem[] = [];
  for (const h of evaluation.hosts) {
    const status = h.scan?.status ?? 'never';
    if (!WAITING.has(status)) continue;
    const dueOn = rule && h.inUseSince ? addDays(h.inUseSince, rule.graceDays!) : null;
    items.push({
      agentId: h.agentId,
      hostname: h.hostname,
      unitId: h.unitId,
      roomId: h.roomId,
      status: status as ScanQueueItem['status'],
      dueOn,
      overdue: dueOn !== null && dueOn < evaluation.asOf,
      scan: h.scan?.scan ?? null,
      changes: h.scan?.changes ?? null,
    });
  }
  const far = '9999-12-31';
  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.dueOn ?? far).localeCompare(b.dueOn ?? far) ||
      ORDER.indexOf(a.status) - ORDER.indexOf(b.status) ||
      a.unitId.localeCompare(b.unitId) ||
      a.hostname.localeCompare(b.hostname),
  );
}

/** `GET /api/v1/scans/queue`'s answer for a scope, made where evaluations are made (the worker, or in-process). */
export async function scanQueueAnswer(source: Pick<ReadinessSource, 'evaluate'>, scope: { unitId: string | null; recursive: boolean }) {
  const evaluation = await source.evaluate(scope);
  return { asOf: evaluation.asOf, items: scanQueue(evaluation) };
}
