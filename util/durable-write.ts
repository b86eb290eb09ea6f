/**
 * Crash-safe file writes, shared by the agent (spool, config cache) and the collector (store,
 * history): write a temporary file, fsync it, rename it over the target, fsync the directory.
 * After a `kill -9` or a power cut the target holds either the old or the new content, never a
 * half-written one; temporary leftovers are recognised by `isTempFile`.
 */
import { open, readdir, rename, unlink } from 'node:fs/promises';
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
  await syncDirectory(dirname(path));
}

/**
 * Group commit for directory fsyncs. A rename is durable once its directory is fsynced by a
 * sync that *started after* the rename. Callers that arrive while a sync runs share the next
 * one, so 50 concurrent reports cost a handful of directory fsyncs instead of 50.
 */
interface DirectorySync {
  running: Promise<void> | null;
  next: Promise<void> | null;
}
const directorySyncs = new Map<string, DirectorySync>();

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function startSync(state: DirectorySync, dir: string): Promise<void> {
  const run: Promise<void> = fsyncDirectory(dir).finally(() => {
    if (state.running === run) state.running = null;
  });
  state.running = run;
  return run;
}

/** Makes renames and new names in `dir` durable (group-committed, see above). */
export function syncDirectory(dir: string): Promise<void> {
  let state = directorySyncs.get(dir);
  if (!state) directorySyncs.set(dir, (state = { running: null, next: null }));
  const current = state;
  if (!current.running) return startSync(current, dir);
  const after = () => {
    current.next = null;
    return startSync(current, dir);
  };
  current.next ??= current.running.then(after, after);
  return current.next;
}

/** Leftovers of writes cut short by a crash: never valid documents, safe to delete. */
export const isTempFile = (name: string): boolean => name.startsWith('.') && name.endsWith('.tmp');

/**
 * True when the temporary file's writer (the pid in its name) is another process still alive:
 * a directory that CLI commands write while the collector runs (the access files) keeps those.
 */
function writtenByLiveProcess(name: string): boolean {
  const pid = Number(/\.(\d+)\.\d+\.tmp$/.exec(name)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the leftovers of writes cut short in `dir` (not below it); a missing directory has
 * none. Returns how many were removed. Run by every store at start, before it reads. With
 * `sharedWithLiveProcesses`, a file another live process is writing is left to it.
 */
export async function removeTempFiles(dir: string, opts: { sharedWithLiveProcesses?: boolean } = {}): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const temps = names.filter((n) => isTempFile(n) && !(opts.sharedWithLiveProcesses && writtenByLiveProcess(n)));
  await Promise.all(temps.map((n) => unlink(join(dir, n)).catch(() => {})));
  return temps.length;
}
