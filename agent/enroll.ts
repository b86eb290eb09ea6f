/** `readiness agent enroll`: trades the enroll secret for an id and key, saves them 0600. */
import { hostname } from 'node:os';
import { enroll } from './client.js';
import { existsSync } from 'node:fs';
import { assertStateWritable, loadAgentState, saveAgentState } from './state.js';
import type { AgentState } from './state.js';

export interface EnrollOptions {
  collectorUrl: string;
  secret: string;
  /** Required with the global secret; a per-unit secret places the machine by itself. */
  unit?: string | undefined;
  room: string | null;
  /** PEM of the CA that signed the collector's certificate (`--ca`), kept in the state. */
  ca?: string | undefined;
  insecureHttp?: boolean | undefined;
  deviceKind?: 'workstation' | 'laptop' | 'server';
  statePath: string;
  now?: () => Date;
}

/**
 * Enrolls this machine. When the state file already holds a key for the same collector, the
 * key is presented: the collector keeps this machine's host record and issues a new key
 * (`status: 're-enrolled'`) instead of registering a second host.
 */
export async function enrollAgent(opts: EnrollOptions): Promise<AgentState & { status: 'enrolled' | 're-enrolled' }> {
  await assertStateWritable(opts.statePath);
  const held = existsSync(opts.statePath) ? await loadAgentState(opts.statePath).catch(() => null) : null;
  const key = held && sameCollector(held.collectorUrl, opts.collectorUrl) ? held.agentKey : undefined;
  const transport = { ca: opts.ca, insecureHttp: opts.insecureHttp };
  const res = await enroll(
    opts.collectorUrl,
    { secret: opts.secret, ...(opts.unit ? { unit: opts.unit } : {}), room: opts.room, hostname: hostname(), deviceKind: opts.deviceKind ?? 'workstation' },
    key,
    transport,
  );
  const unit = res.unit ?? opts.unit;
  if (!unit) throw new Error('the collector did not say which unit this machine landed in; give --unit');
  const state: AgentState = {
    collectorUrl: opts.collectorUrl,
    agentId: res.agentId,
    agentKey: res.agentKey,
    unit,
    room: res.room !== undefined ? res.room : opts.room,
    enrolledAt: (opts.now ?? (() => new Date()))().toISOString(),
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.insecureHttp ? { insecureHttp: true } : {}),
  };
  await saveAgentState(opts.statePath, state);
  return { ...state, status: res.status };
}

const sameCollector = (a: string, b: string): boolean => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};
