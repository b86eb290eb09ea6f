/** `readiness agent enroll`: trades the enroll secret for an id and key, saves them 0600. */
import { hostname } from 'node:os';
import { enroll } from './client.js';
import { assertStateWritable, saveAgentState } from './state.js';
import type { AgentState } from './state.js';

export interface EnrollOptions {
  collectorUrl: string;
  secret: string;
  unit: string;
  room: string | null;
  deviceKind?: 'workstation' | 'laptop' | 'server';
  statePath: string;
  now?: () => Date;
}

export async function enrollAgent(opts: EnrollOptions): Promise<AgentState> {
  await assertStateWritable(opts.statePath);
  const res = await enroll(opts.collectorUrl, {
    secret: opts.secret,
    unit: opts.unit,
    room: opts.room,
    hostname: hostname(),
    deviceKind: opts.deviceKind ?? 'workstation',
  });
  const state: AgentState = {
    collectorUrl: opts.collectorUrl,
    agentId: res.agentId,
    agentKey: res.agentKey,
    unit: opts.unit,
    room: opts.room,
    enrolledAt: (opts.now ?? (() => new Date()))().toISOString(),
  };
  await saveAgentState(opts.statePath, state);
  return state;
}
