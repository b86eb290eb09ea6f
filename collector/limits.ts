/**
 * The collector's rate limits (collector/rate-limit.ts), sized in the config (`limits`):
 * - failed credentials (wrong enroll secret, unknown agent key, wrong admin token) per source
 *   address: once spent, every request from that address that carries credentials gets 429
 *   until a token is back, so a guesser tries a few dozen secrets, not thousands;
 * - successful enrollments per source address: a whole unit behind one NAT address enrolls at
 *   once, a leaked secret cannot fill a unit with thousands of machines in a minute;
 * - reports per agent: a spool flushing after an outage goes through in minutes, one key
 *   cannot flood ingest.
 */
import type { MiddlewareHandler } from 'hono';
import { assertAllowed, createRateLimiter } from './rate-limit.js';
import type { RateLimiter } from './rate-limit.js';
import type { CollectorConfig } from './config.js';
import { clientAddress } from './client-address.js';

export interface CollectorLimits {
  failedCredentials: RateLimiter;
  enrollments: RateLimiter;
  reports: RateLimiter;
}

export const createLimits = (config: CollectorConfig, now?: () => number): CollectorLimits => ({
  failedCredentials: createRateLimiter({ ...config.limits.failedCredentials, ...(now ? { now } : {}) }),
  enrollments: createRateLimiter({ ...config.limits.enrollments, ...(now ? { now } : {}) }),
  reports: createRateLimiter({ ...config.limits.reports, ...(now ? { now } : {}) }),
});

export const FAILED_CREDENTIALS = 'too many failed credentials (wrong secrets, keys or tokens) from this address';

/**
 * Refuses every request of an address whose failed-credential tokens are spent, and spends one
 * for each 401 it gets. The check runs right before the route's credential check (nothing
 * asynchronous happens between them), so concurrent guesses cannot slip past an empty bucket;
 * `POST /enroll`, which reads its body first, checks again beside its comparison.
 */
export const guardCredentials =
  (limits: CollectorLimits): MiddlewareHandler =>
  async (c, next) => {
    const address = clientAddress(c);
    assertAllowed(limits.failedCredentials.peek(address), FAILED_CREDENTIALS);
    await next();
    if (c.res.status === 401) limits.failedCredentials.take(address);
  };
