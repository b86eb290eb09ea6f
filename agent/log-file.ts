/**
 * `--log-file FILE`: a copy of everything the agent prints, for runs nobody watches (the
 * Windows scheduled task has no console; systemd has the journal and needs none). Each line is
 * prefixed with the time. The file is bounded: once it passes `maxBytes` it is renamed to
 * `FILE.1` (one older generation is kept) and a new one begins. A log that cannot be written
 * never stops a run: the agent says so once on stderr and carries on.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;

type Write = typeof process.stdout.write;

/** Starts copying stdout and stderr to `path`; returns a function that stops it. */
export function copyOutputToFile(path: string, opts: { maxBytes?: number; now?: () => Date } = {}): () => void {
  const now = opts.now ?? (() => new Date());
  const maxBytes = opts.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const savedOut = process.stdout.write;
  const savedErr = process.stderr.write;
  const warn = (what: string, err: unknown) =>
    savedErr.call(process.stderr, `readiness: warning: cannot ${what} the log ${path} (${(err as Error).message}); logging to the console only\n`);

  let broken = false;
  let size = 0;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  } catch (err) {
    broken = true;
    warn('prepare', err);
  }
  const append = (text: string) => {
    if (broken) return;
    try {
      if (size > 0 && size + Buffer.byteLength(text) > maxBytes) {
        renameSync(path, `${path}.1`);
        size = 0;
      }
      appendFileSync(path, text, { mode: 0o600 });
      size += Buffer.byteLength(text);
    } catch (err) {
      broken = true;
      warn('write', err);
    }
  };

  // Lines are stamped as they complete, so a message written in pieces stays one line.
  const pending = { out: '', err: '' };
  const tee = (stream: 'out' | 'err', original: Write, target: NodeJS.WriteStream): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      pending[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const lines = pending[stream].split('\n');
      pending[stream] = lines.pop()!;
      if (lines.length) append(lines.map((l) => `${now().toISOString()} ${l}\n`).join(''));
      return (original as (...a: unknown[]) => boolean).call(target, chunk, ...rest);
    }) as Write;
  process.stdout.write = tee('out', savedOut, process.stdout);
  process.stderr.write = tee('err', savedErr, process.stderr);
  return () => {
    for (const s of ['out', 'err'] as const) if (pending[s]) append(`${now().toISOString()} ${pending[s]}\n`);
    pending.out = pending.err = '';
    process.stdout.write = savedOut;
    process.stderr.write = savedErr;
  };
}
