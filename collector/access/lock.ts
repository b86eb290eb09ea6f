/**
 * One writer at a time for the access records and the audit log, across processes: the
 * collector and `readiness user|token|enroll-secret` on the same data directory both take
 * `<data>/access.lock` (proper-lockfile: an atomic mkdir, refreshed while held, taken over
 * once stale after a crash). Within one process, writers queue first, so the file lock is
 * asked for by one of them at a time.
 */
import { lock } from 'proper-lockfile';

export interface Mutex {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** In one process only: the memory store and tests. */
export function processMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const next = tail.then(fn, fn);
      tail = next.catch(() => {});
      return next;
    },
  };
}

export function fileMutex(dir: string, lockfilePath: string, log: (line: string) => void): Mutex {
  const queue = processMutex();
  return {
    run: (fn) =>
      queue.run(async () => {
        const release = await lock(dir, {
          lockfilePath,
          realpath: false,
          // Held for milliseconds; a holder that died is taken over after 10 s.
          stale: 10_000,
          update: 2_000,
          retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 100 },
          onCompromised: (err) => log(`access: warning: the lock ${lockfilePath} was taken over while held (${err.message})`),
        }).catch((err: Error & { code?: string }) => {
          throw new Error(
            err.code === 'ELOCKED'
              ? `${lockfilePath} is held by another readiness process for too long; try again, or remove it if no readiness process runs`
              : `cannot lock ${lockfilePath}: ${err.message}`,
          );
        });
        try {
          return await fn();
        } finally {
          await release().catch(() => {});
        }
      }),
  };
}
