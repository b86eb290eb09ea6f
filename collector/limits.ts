/**
 * The collector's rate limits: one set, built on collector/rate-limit.ts and sized in the
 * config (`limits`, docs/architecture.md):
 * - failed credentials per source address: every refused credential, whatever it was (a wrong
 *   enroll secret, an unknown agent key, a wrong personal or bootstrap token, a wrong
 *   password). Once spent, every credential that address presents gets 429 until a token is
 *   back, right or wrong, so a guesser tries a few dozen secrets, not thousands;
 * - failed sign-ins per account name, from any address: a guesser spread over many addresses
 *   still gets a few passwords a minute for one account;
 * - successful enrollments per source address: a whole unit behind one NAT address enrolls at
 *   once, a leaked secret cannot fill a unit with thousands of machines in a minute;
 * - reports per agent: a spool flushing after an outage goes through in minutes, one key
 *   cannot flood ingest.
 *
 * How a credential check uses it, so that concurrent guesses stop at an empty bucket: look
 * (`assertCredentialBudget`) right before the comparison, with nothing asynchronous between
 * them (or again after anything asynchronous, such as reading the body), and spend
 * (`credentialRefused`) for each refusal.
 */
import type { Context } from 'hono';
import { assertAllowed, createRateLimiter } from './rate-limit.js';
import type { RateLimiter } from './rate-limit.js';
import type { CollectorConfig } from './config.js';
import { clientAddress } from './client-address.js';

export interface CollectorLimits {
  /** Per source address (collector/client-address.ts): every refused credential. */
  failedCredentials: RateLimiter;
  /** Per account name (lower-cased), from anywhere: wrong passwords. */
  failedLogins: RateLimiter;
  /** Per source address: new hosts enrolled. */
  enrollments: RateLimiter;
  /** Per agent id: reports sent. */
  reports: RateLimiter;
}

/** `now`: the clock in milliseconds, for tests that move time. */
export function createLimits(config: Pick<CollectorConfig, 'limits'>, now?: () => number): CollectorLimits {
  const clock = now ? { now } : {};
  return {
    failedCredentials: createRateLimiter({ ...config.limits.failedCredentials, ...clock }),
    failedLogins: createRateLimiter({ ...config.limits.failedLogins, ...clock }),
    enrollments: createRateLimiter({ ...config.limits.enrollments, ...clock }),
    reports: createRateLimiter({ ...config.limits.reports, ...clock }),
  };
}

const FAILED_CREDENTIALS = 'too many refused credentials (wrong secrets, keys, tokens or passwords) from this address';

/** Before checking a credential `c` presents: 429 with Retry-After once its address has spent its failures. */
export function assertCredentialBudget(c: Context, limits: CollectorLimits): void {
  assertAllowed(limits.failedCredentials.peek(clientAddress(c)), FAILED_CREDENTIALS);
}

/** A credential `c` presented was refused: spends one of its address's failures. */
export function credentialRefused(c: Context, limits: CollectorLimits): void {
  limits.failedCredentials.take(clientAddress(c));
}

/** Before checking a password of `name`: 429 once the account has had too many wrong ones. */
export function assertLoginBudget(limits: CollectorLimits, name: string): void {
  assertAllowed(limits.failedLogins.peek(name), `too many failed sign-ins for ${name}`);
}
