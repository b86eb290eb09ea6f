/**
 * Agents' credentials: agent keys (`<agentId>.<secret>`, stored as sha256 of the secret).
 * People's credentials (sessions, personal tokens, the bootstrap token) are in access/.
 * Comparisons are constant-time.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { unauthorized } from './errors.js';
import type { HostSummary, Store } from './store/types.js';
import { decide } from './access/boundary.js';
import { assertCredentialBudget, credentialRefused } from './limits.js';
import type { CollectorLimits } from './limits.js';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A new key; for `agentId` when given (re-enrollment keeps the host's id). */
export function newAgentKey(agentId: string = randomUUID()): { agentId: string; agentKey: string; keyHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { agentId, agentKey: `${agentId}.${secret}`, keyHash: hashSecret(secret) };
}

export function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** Looks up the agent that owns `key`, or undefined when the key is malformed or wrong. */
export function agentForKey(store: Store, key: string): HostSummary | undefined {
  const dot = key.indexOf('.');
  if (dot <= 0) return undefined;
  const host = store.getHost(key.slice(0, dot).toLowerCase());
  if (!host) return undefined;
  return safeEqual(hashSecret(key.slice(dot + 1)), host.keyHash) ? host : undefined;
}

export type AgentVariables = { agent: HostSummary };

/** Agents' routes: the agent key in `Authorization: Bearer`; an unknown key counts as a refused credential (collector/limits.ts). */
export const requireAgent =
  (deps: { store: Store; limits: CollectorLimits }): MiddlewareHandler<{ Variables: AgentVariables }> =>
  async (c, next) => {
    const key = bearer(c.req.header('authorization'));
    if (!key) throw unauthorized('send the agent key as `Authorization: Bearer <key>`; enroll the agent to get one');
    assertCredentialBudget(c, deps.limits);
    const agent = agentForKey(deps.store, key);
    if (!agent) {
      credentialRefused(c, deps.limits);
      throw unauthorized('this agent key is not known to the collector; enroll the agent again');
    }
    c.set('agent', agent);
    decide(c, 'agent');
    await next();
  };
