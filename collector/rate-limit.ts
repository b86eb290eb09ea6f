/**
 * Rate limits for the collector: one keyed token bucket per purpose (failed enroll secrets per
 * source address, failed logins per address and per account, reports per agent). A bucket
 * holds `burst` tokens and refills `perMinute` a minute; a request that finds it empty is
 * answered 429 with `Retry-After` (the seconds until one token is back). Buckets that have
 * refilled completely are forgotten, so memory stays bounded by the keys active lately.
 *
 * @example
 * const failedSecrets = createRateLimiter({ burst: 20, perMinute: 10 });
 * const verdict = failedSecrets.take(address); // { ok: false, retryAfterSeconds: 6 } once spent
 */
import { ApiError } from './errors.js';

export interface RateLimitOptions {
  /** Tokens a fresh key starts with: how many requests may come at once. */
  burst: number;
  /** Tokens returned per minute once spent. */
  perMinute: number;
  /** The clock in milliseconds, injectable for tests. */
  now?: () => number;
  /** Keys tracked at most; past it the fullest buckets are dropped first (a flood of addresses). */
  maxKeys?: number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends one token of `key`, or says how long until one is back. */
  take(key: string): RateVerdict;
  /** Whether `key` has a token left, without spending it. */
  peek(key: string): RateVerdict;
  /** Forgets `key` (e.g. a successful login clears its failures). */
  reset(key: string): void;
  readonly size: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(opts: RateLimitOptions): RateLimiter {
  const now = opts.now ?? Date.now;
  const perMs = opts.perMinute / 60_000;
  const maxKeys = opts.maxKeys ?? 100_000;
  const buckets = new Map<string, Bucket>();

  const refill = (b: Bucket, t: number) => {
    b.tokens = Math.min(opts.burst, b.tokens + (t - b.at) * perMs);
    b.at = t;
  };
  const verdictOf = (b: Bucket): RateVerdict =>
    b.tokens >= 1 ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };

  const sweep = (t: number) => {
    for (const [key, b] of buckets) {
      refill(b, t);
      if (b.tokens >= opts.burst) buckets.delete(key);
    }
    // Still over: every key is busy. Drop the oldest entries rather than grow without bound.
    for (const key of buckets.keys()) {
      if (buckets.size <= maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) sweep(t);
        buckets.set(key, (b = { tokens: opts.burst, at: t }));
      } else refill(b, t);
      const verdict = verdictOf(b);
      if (verdict.ok) b.tokens -= 1;
      return verdict;
    },
    peek(key) {
      const b = buckets.get(key);
      if (!b) return { ok: true };
      refill(b, now());
      return verdictOf(b);
    },
    reset(key) {
      buckets.delete(key);
    },
    get size() {
      return buckets.size;
    },
  };
}

/** The 429 answer: the sentence says what was limited; `Retry-After` says when to come back. */
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new ApiError(429, 'too_many_requests', `${message}; try again in ${retryAfterSeconds} s`, undefined, { 'retry-after': String(retryAfterSeconds) });

/** Throws the 429 when `verdict` says no. */
export function assertAllowed(verdict: RateVerdict, message: string): void {
  if (!verdict.ok) throw tooManyRequests(message, verdict.retryAfterSeconds);
}
