/**
 * The agent's identity on disk: id, key and collector URL from enrollment. The file holds a
 * secret, so it is written with mode 0600 and refused if others can read it.
 */
import { access, constants, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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

/** Where the state file goes by default: agent/paths.ts. */
export { defaultStatePath } from './paths.js';

/**
 * Makes sure the state file can be written, before enrolling: a key the agent cannot keep would
 * cost one use of the unit's enrollment secret and leave a host on the collector nobody can run.
 */
export async function assertStateWritable(path: string): Promise<void> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await access(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(`cannot write the agent's state in ${dir} (${code}); run as administrator or root (the service's folder), or choose another file with --state`);
  }
}

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
