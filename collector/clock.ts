/**
 * The machine's clock against the collector's, read when a report arrives: the agent says when
 * it sends (`X-Readiness-Sent-At`, an ISO 8601 time; a plain HTTP `Date` header is taken too)
 * and the collector compares it with its own clock at receipt. Measured at send time, never
 * from `collectedAt`: a report that waited in the spool is late, not wrong.
 */
import type { Context } from 'hono';
import { badRequest } from './errors.js';
import { Timestamp } from '../schema/index.js';

export const SENT_AT_HEADER = 'x-readiness-sent-at';

/** Agent clock minus collector clock in seconds (one decimal), or null when the agent did not say. */
export function clockSkewSeconds(c: Context, receivedAt: Date): number | null {
  const sentAt = c.req.header(SENT_AT_HEADER);
  const date = c.req.header('date');
  let ms: number;
  if (sentAt !== undefined) {
    if (!Timestamp.safeParse(sentAt).success) {
      throw badRequest(`the ${SENT_AT_HEADER} header must be an ISO 8601 time with an offset (e.g. 2025-12-10T08:00:00.000Z), not "${sentAt.slice(0, 64)}"; nothing was stored`);
    }
    ms = Date.parse(sentAt);
  } else if (date !== undefined) {
    ms = Date.parse(date);
    if (!Number.isFinite(ms)) throw badRequest(`the Date header is not an HTTP date ("${date.slice(0, 64)}"); nothing was stored`);
  } else return null;
  return Math.round((ms - receivedAt.getTime()) / 100) / 10;
}
