/**
 * Crash-safe file writes, shared by the agent (spool, config cache) and the collector (store,
 * history): write a temporary file, fsync it, rename it over the target, fsync the directory.
 * After a `kill -9` or a power cut the target holds either the old or the new content, never a
 * half-written one; temporary leftovers are recognised by `isTempFile`.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let tmpCounter = 0;

export async function writeFileDurably(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++tmpCounter}.tmp`);
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await handle.close();
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Leftovers of writes cut short by a crash: never valid documents, safe to delete. */
export const isTempFile = (name: string): boolean => name.startsWith('.') && name.endsWith('.tmp');
