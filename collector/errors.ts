/**
 * One error type for every route, and the central handler that turns it (or anything else)
 * into `{error: {code, message, issues?}}` with the right status.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { formatIssues } from '../schema/index.js';
import type { ApiErrorBody, ApiIssue } from '../schema/index.js';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: ApiIssue[],
    /** Extra response headers, e.g. `Retry-After` on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, issues?: ApiIssue[]) => new ApiError(400, 'bad_request', message, issues);
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);

/** Validates `value` against `schema`, or throws a 400 that lists every issue with its path. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = formatIssues(parsed.error);
  const count = parsed.error.issues.length;
  throw badRequest(`the ${what} is invalid (${count} problem${count === 1 ? '' : 's'} found); nothing was stored`, issues);
}

/**
 * A write the disk refused: full (507) or not writable (503). Nothing was acknowledged, so the
 * agent keeps the report in its spool and tries again later.
 */
export function storageError(err: Error): ApiError | null {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ApiError(507, 'insufficient_storage', "the collector's disk is full, so nothing was stored; free space in its data directory (the agent keeps the report and sends it again)", undefined, { 'retry-after': '300' });
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new ApiError(503, 'storage_unavailable', "the collector cannot write to its data directory, so nothing was stored; make it writable again (the agent keeps the report and sends it again)", undefined, { 'retry-after': '300' });
  }
  return null;
}

export function errorResponse(c: Context, err: Error): Response {
  const stored = storageError(err);
  if (stored) console.error(`collector: ${c.req.method} ${c.req.path} could not be stored: ${err.message}`);
  err = stored ?? err;
  if (err instanceof ApiError) {
    const body: ApiErrorBody = {
      error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) },
    };
    return c.json(body, err.status, err.headers);
  }
  console.error(`collector: unexpected error on ${c.req.method} ${c.req.path}:`, err);
  const body: ApiErrorBody = {
    error: { code: 'internal', message: 'the collector failed to handle this request; see its log' },
  };
  return c.json(body, 500);
}
