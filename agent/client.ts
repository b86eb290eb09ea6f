/** HTTP calls from the agent to the collector. Errors become sentences naming the collector. */
import { AgentConfig, ApiErrorBody, EnrollResponse, ReportAck } from '../schema/index.js';
import type { EnrollRequest, HostReport } from '../schema/index.js';
import type { z } from 'zod';

export class CollectorError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null when the collector could not be reached at all. */
    readonly status: number | null,
    /** The collector's `Retry-After` (429, 503, 507): no new attempt before this many seconds. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
  /** Worth retrying later: network failure, 5xx, 429. A 4xx will fail the same way again. */
  get retryable(): boolean {
    return this.status === null || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

const REQUEST_TIMEOUT_MS = 30_000;

async function call<T extends z.ZodType>(
  base: string,
  path: string,
  init: RequestInit,
  schema: T,
): Promise<z.infer<T>> {
  const url = new URL(`/api/v1${path}`, base);
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new CollectorError(`cannot reach the collector at ${url.origin} (${cause})`, null);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ApiErrorBody.safeParse(body);
    const detail = parsed.success
      ? parsed.data.error.message +
        (parsed.data.error.issues?.length
          ? ': ' + parsed.data.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')
          : '')
      : `HTTP ${res.status}`;
    throw new CollectorError(`the collector refused ${init.method ?? 'GET'} ${path}: ${detail}`, res.status, retryAfter(res.headers.get('retry-after')));
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new CollectorError(`the collector answered ${path} with an unexpected body`, res.status);
  return parsed.data;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), capped at a day. */
export function retryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - now) / 1000;
  return Number.isFinite(seconds) ? Math.min(86_400, Math.max(0, Math.ceil(seconds))) : null;
}

const json = (body: unknown, key?: string, extra: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra },
  body: JSON.stringify(body),
});

/** `key`: the agent's current key, to re-enroll as the same host (a new key replaces it). */
export const enroll = (base: string, req: EnrollRequest, key?: string) => call(base, '/enroll', json(req, key), EnrollResponse);

/** The agent's clock at the moment of sending, so the collector can measure its skew (docs/api.md). */
export const SENT_AT_HEADER = 'x-readiness-sent-at';

export const sendReport = (base: string, key: string, report: HostReport) =>
  call(base, '/reports', json(report, key, { [SENT_AT_HEADER]: new Date().toISOString() }), ReportAck);

export const fetchAgentConfig = (base: string, key: string) =>
  call(base, '/agent/config', { headers: { authorization: `Bearer ${key}` } }, AgentConfig);
