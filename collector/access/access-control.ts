/**
 * Everything the routes need to know about people: the access records and audit log, live
 * sessions and the bootstrap token. Wrong passwords and tokens are rate-limited with every
 * other refused credential (collector/limits.ts).
 */
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
}

export interface AccessControlOptions {
  store: AccessStore;
  bootstrapToken: string;
  keepBootstrapToken?: boolean;
  secureCookies?: boolean;
  sessions?: SessionOptions;
}

export const DEFAULT_SESSIONS: SessionOptions = { idleMinutes: 30, maxHours: 12 };

export function createAccessControl(opts: AccessControlOptions): AccessControl {
  return {
    store: opts.store,
    sessions: new Sessions(opts.sessions ?? DEFAULT_SESSIONS),
    bootstrapToken: opts.bootstrapToken,
    keepBootstrapToken: opts.keepBootstrapToken ?? false,
    secureCookies: opts.secureCookies ?? false,
  };
}
