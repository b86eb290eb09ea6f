/**
 * HTTP calls from the agent to the collector. Errors become sentences naming the collector.
 * HTTPS is verified against the system's CAs, or the internal CA of `--ca` (kept in the
 * agent's state); the key and secrets never go over plain HTTP to another machine unless the
 * operator said `--insecure-http`.
 */
import type { Agent } from 'undici';
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

/** How to reach the collector: the CA to trust (PEM), and whether plain HTTP off this machine is allowed. */
export interface Transport {
  ca?: string | null | undefined;
  insecureHttp?: boolean | undefined;
}

/** Refused before anything is sent: not worth retrying, the operator must change the setup. */
export class InsecureTransportError extends Error {}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function assertSafeTransport(url: URL, t: Transport): void {
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !t.insecureHttp) {
    throw new InsecureTransportError(
      `refusing to send the agent's key or secret to ${url.origin} over plain HTTP, where anyone on the network can read it; use https:// (with --ca FILE for an internal CA), or pass --insecure-http to accept the risk`,
    );
  }
}

// One connection pool per CA, for the life of the process. undici is loaded only here: it costs
// about 18 MB of memory, which an agent without --ca (and every --output run) need not pay.
const dispatchers = new Map<string, Promise<Agent>>();
const dispatcherFor = (ca: string): Promise<Agent> => {
  let d = dispatchers.get(ca);
  if (!d) dispatchers.set(ca, (d = import('undici').then(({ Agent }) => new Agent({ connect: { ca } }))));
  return d;
};

const UNTRUSTED = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'UNABLE_TO_GET_ISSUER_CERT']);

/** Why the connection failed, as a sentence when it is about the collector's certificate. */
function connectionProblem(url: URL, code: string, t: Transport): string {
  if (UNTRUSTED.has(code)) {
    return `the collector at ${url.origin} presented a certificate this agent does not trust (${code}); ${t.ca ? 'the CA given with --ca did not sign it: give the right one' : 'give the CA that signed it with --ca FILE'}`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the certificate of ${url.origin} is not for ${url.hostname} (${code}); use the name the certificate was issued for`;
  if (code === 'CERT_HAS_EXPIRED') return `the certificate of ${url.origin} has expired (${code}); the collector needs a new one`;
  return `cannot reach the collector at ${url.origin} (${code})`;
}

async function call<T extends z.ZodType>(
  base: string,
  path: string,
  init: RequestInit,
  schema: T,
  transport: Transport = {},
): Promise<z.infer<T>> {
  const url = new URL(`/api/v1${path}`, base);
  assertSafeTransport(url, transport);
  let res: Response;
  try {
    const dispatcher = transport.ca && url.protocol === 'https:' ? { dispatcher: await dispatcherFor(transport.ca) } : {};
    res = await fetch(url, { ...init, ...dispatcher, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) } as RequestInit);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new CollectorError(connectionProblem(url, cause, transport), null);
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
export const enroll = (base: string, req: EnrollRequest, key?: string, transport?: Transport) => call(base, '/enroll', json(req, key), EnrollResponse, transport);

/** The agent's clock at the moment of sending, so the collector can measure its skew (docs/api.md). */
export const SENT_AT_HEADER = 'x-readiness-sent-at';

export const sendReport = (base: string, key: string, report: HostReport, transport?: Transport) =>
  call(base, '/reports', json(report, key, { [SENT_AT_HEADER]: new Date().toISOString() }), ReportAck, transport);

export const fetchAgentConfig = (base: string, key: string, transport?: Transport) =>
  call(base, '/agent/config', { headers: { authorization: `Bearer ${key}` } }, AgentConfig, transport);
