/**
 * Everything the routes need to know about people: the access records and audit log, live
 * sessions, the bootstrap token, and the rate limits on wrong passwords and wrong tokens.
 */
import { createRateLimiter } from '../rate-limit.js';
import type { RateLimiter } from '../rate-limit.js';
import { AccessStore } from './access-store.js';
import { Sessions } from './sessions.js';
import type { SessionOptions } from './sessions.js';

export interface AccessControl {
  store: AccessStore;
  sessions: Sessions;
  /** The admin token of the first start (config, environment or generated). */
  bootstrapToken: string;
  /** The config keeps the bootstrap token working beside admin users (automation). */
  keepBootstrapToken: boolean;
  /** Cookies get `Secure` when the collector serves TLS. */
  secureCookies: boolean;
  limits: {
    /** Failed logins per source address. */
    loginsByAddress: RateLimiter;
    /** Failed logins per account name, from anywhere. */
    loginsByName: RateLimiter;
    /** Wrong bearer tokens per source address. */
    failedTokens: RateLimiter;
  };
}

export interface AccessControlOptions {
  store: AccessStore;
  bootstrapToken: string;
  keepBootstrapToken?: boolean;
  secureCookies?: boolean;
  sessions?: SessionOptions;
  /** The clock of the rate limiters, in milliseconds (tests). */
  nowMs?: () => number;
}

export const DEFAULT_SESSIONS: SessionOptions = { idleMinutes: 30, maxHours: 12 };

export function createAccessControl(opts: AccessControlOptions): AccessControl {
  const clock = opts.nowMs ? { now: opts.nowMs } : {};
  return {
    store: opts.store,
    sessions: new Sessions(opts.sessions ?? DEFAULT_SESSIONS),
    bootstrapToken: opts.bootstrapToken,
    keepBootstrapToken: opts.keepBootstrapToken ?? false,
    secureCookies: opts.secureCookies ?? false,
    limits: {
      // A person mistyping gets several tries; a guesser gets 5 a minute per address and per account.
      loginsByAddress: createRateLimiter({ burst: 10, perMinute: 5, ...clock }),
      loginsByName: createRateLimiter({ burst: 10, perMinute: 5, ...clock }),
      failedTokens: createRateLimiter({ burst: 20, perMinute: 10, ...clock }),
    },
  };
}
