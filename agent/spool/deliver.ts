/**
 * Sends the spool, oldest first, until it is empty or the collector stops answering. A report
 * leaves the spool only once acknowledged (`stored` or `duplicate`: the collector deduplicates
 * by `reportId`, so a resend after a lost ack is harmless). A report the collector refuses for
 * good (4xx other than 401, 408, 429) is set aside under `rejected/` with the collector's
 * reason, so one bad report never blocks the others or loops forever.
 */
import type { HostReport, ReportAck } from '../../schema/index.js';
import { CollectorError } from '../client.js';
import type { Spool } from './spool.js';

export interface DeliveryResult {
  delivered: ReportAck[];
  /** Reports moved to `rejected/`, with the collector's refusal. */
  rejected: { reportId: string; error: CollectorError }[];
  /** Reports still waiting in the spool. */
  pending: number;
  /** Why delivery stopped early: the collector is unreachable, failing, or does not know this agent. */
  error: CollectorError | null;
}

/** 401 is about the agent, not the report: every report would fail the same way until it enrolls again. */
const isRefusedForGood = (err: CollectorError): boolean => err.status !== null && !err.retryable && err.status !== 401;

export async function deliverSpool(spool: Spool, send: (report: HostReport) => Promise<ReportAck>): Promise<DeliveryResult> {
  await spool.enforceLimits();
  const delivered: ReportAck[] = [];
  const rejected: DeliveryResult['rejected'] = [];
  let error: CollectorError | null = null;
  for (const entry of await spool.entries()) {
    const report = await spool.read(entry);
    if (!report) continue;
    try {
      delivered.push(await send(report));
      await spool.remove(entry);
    } catch (err) {
      if (!(err instanceof CollectorError)) throw err;
      if (isRefusedForGood(err)) {
        await spool.setAside(entry, 'rejected', `the collector refused it for good (HTTP ${err.status}): ${err.message}`);
        // It will not arrive: count it, and what it carried, as dropped.
        await spool.addDropped(1 + report.spoolDropped);
        rejected.push({ reportId: report.reportId, error: err });
        continue;
      }
      error = err;
      break;
    }
  }
  return { delivered, rejected, pending: (await spool.entries()).length, error };
}
