/**
 * A stable id for an agent that is not enrolled (a device scanned offline with
 * `run --output`), so that importing its reports twice lands on the same host.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AgentId } from '../schema/index.js';

export async function loadOrCreateLocalId(path: string): Promise<string> {
  try {
    const parsed = AgentId.safeParse((await readFile(path, 'utf8')).trim());
    if (parsed.success) return parsed.data;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = randomUUID();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, id + '\n', { mode: 0o600 });
  return id;
}
