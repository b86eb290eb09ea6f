/**
 * Browser sessions: a random id in an HttpOnly, SameSite=Strict cookie (Secure under TLS),
 * kept in the collector's memory only (a restart signs everyone out; nothing secret is ever
 * written). A session ends after `idleMinutes` without a request, after `maxHours` in all,
 * on logout, when its user is disabled, and when its user's password changes.
 */
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'readiness_session';

export interface Session {
  user: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionOptions {
  idleMinutes: number;
  maxHours: number;
  /** Sessions kept at most; past it the oldest are ended (a flood of logins cannot grow memory). */
  maxSessions?: number;
}

// Keyed by the id's hash, so a heap dump holds no cookie a thief could replay.
const keyOf = (id: string) => createHash('sha256').update(id).digest('base64url');

export class Sessions {
  private readonly byKey = new Map<string, Session>();

  constructor(private readonly opts: SessionOptions) {}

  get idleMs(): number {
    return this.opts.idleMinutes * 60_000;
  }

  get maxMs(): number {
    return this.opts.maxHours * 3_600_000;
  }

  start(user: string, now: number): string {
    const id = randomBytes(32).toString('base64url');
    const max = this.opts.maxSessions ?? 10_000;
    for (const key of this.byKey.keys()) {
      if (this.byKey.size < max) break;
      this.byKey.delete(key);
    }
    this.byKey.set(keyOf(id), { user, createdAt: now, lastSeenAt: now });
    return id;
  }

  /** The live session of a cookie, touched; undefined when unknown or expired (then forgotten). */
  touch(id: string, now: number): Session | undefined {
    const key = keyOf(id);
    const s = this.byKey.get(key);
    if (!s) return undefined;
    if (now - s.lastSeenAt > this.idleMs || now - s.createdAt > this.maxMs) {
      this.byKey.delete(key);
      return undefined;
    }
    s.lastSeenAt = now;
    return s;
  }

  end(id: string): boolean {
    return this.byKey.delete(keyOf(id));
  }

  /** Ends every session of `user` (disabled, or a password changed elsewhere). */
  endAllOf(user: string): number {
    let n = 0;
    for (const [key, s] of this.byKey) if (s.user === user && this.byKey.delete(key)) n++;
    return n;
  }
}
