/** `readiness agent enroll`: trades the enroll secret for an id and key, saves them 0600. */
import { hostname } from 'node:os';
import { enroll } from './client.js';
import { saveAgentState } from './state.js';
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

export async function enrollAgent(opts: EnrollOptions): Promise<AgentState> {
  const transport = { ca: opts.ca, insecureHttp: opts.insecureHttp };
  const res = await enroll(
    opts.collectorUrl,
    { secret: opts.secret, ...(opts.unit ? { unit: opts.unit } : {}), room: opts.room, hostname: hostname(), deviceKind: opts.deviceKind ?? 'workstation' },
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
  return state;
}
