/**
 * The agent's identity on disk: id, key and collector URL from enrollment. The file holds a
 * secret, so it is written with mode 0600 and refused if others can read it.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { z } from 'zod';
import { AgentId, UnitId, describeIssues } from '../schema/index.js';

export const AgentState = z.object({
  collectorUrl: z.url(),
  agentId: AgentId,
  agentKey: z.string().min(40),
  unit: UnitId,
  room: z.string().nullable(),
  enrolledAt: z.iso.datetime({ offset: true }),
  /** The internal CA the collector's certificate is checked against (PEM, from `--ca`). */
  ca: z.string().includes('-----BEGIN CERTIFICATE-----', { message: 'holds no PEM certificate' }).optional(),
  /** `--insecure-http`: the operator accepted sending the key over plain HTTP off this machine. */
  insecureHttp: z.boolean().optional(),
});
export type AgentState = z.infer<typeof AgentState>;

export const defaultStatePath = (): string =>
  process.env.READINESS_AGENT_STATE ?? join(homedir(), '.config', 'readiness', 'agent.json');

export async function saveAgentState(path: string, state: AgentState): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, path);
}

export async function loadAgentState(path: string): Promise<AgentState> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`this agent is not enrolled (no ${path}); run \`readiness agent enroll\` first`);
    }
    throw err;
  }
  const mode = (await stat(path)).mode & 0o077;
  if (mode !== 0 && process.platform !== 'win32') {
    throw new Error(`${path} can be read by other users; run \`chmod 600 ${path}\` and try again`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${path} is not valid JSON; enroll again with \`readiness agent enroll\``);
  }
  const parsed = AgentState.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${path} is not a valid agent state (${describeIssues(parsed.error)}); enroll again`);
  }
  return parsed.data;
}
