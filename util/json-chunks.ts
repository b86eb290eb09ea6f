/**
 * JSON as a list of UTF-8 chunks, never one string: a whole-fleet evaluation of 100,000 hosts is
 * longer than V8's longest string (2^29 - 24 characters, ~512 MiB), so one `JSON.stringify`
 * fails. The containers near the top (an evaluation's object and its `hosts`, `units`...
 * arrays) are written here piece by piece, each value below them by `JSON.stringify`, and the
 * pieces gathered into chunks of about `chunkChars` characters, each encoded on its own. The
 * bytes, joined, are exactly those of `JSON.stringify(value, null, indent)` encoded as UTF-8.
 *
 * @example
 * const chunks = jsonChunks(evaluation); // Uint8Array[], each with its own ArrayBuffer
 */

const encoder = new TextEncoder();

export interface JsonChunkOptions {
  /**
   * How many levels of arrays and plain objects are opened here (default 2: the top object and
   * its fields, so each host of an evaluation is one `JSON.stringify`). Anything deeper, or not a
   * plain object or array (a Date, a value with `toJSON`), is written by `JSON.stringify` whole.
   */
  depth?: number;
  /** Characters gathered before they are encoded as one chunk (default 1 MiB); a longer single value is a chunk of its own. */
  chunkChars?: number;
  /** Spaces per level, as `JSON.stringify`'s third argument (default none). */
  indent?: number;
}

const opened = (v: unknown): v is Record<string, unknown> | unknown[] =>
  v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function' && (Array.isArray(v) || [Object.prototype, null].includes(Object.getPrototypeOf(v)));

export function jsonChunks(value: unknown, opts: JsonChunkOptions = {}): Uint8Array[] {
  const depth = opts.depth ?? 2;
  const bound = opts.chunkChars ?? 1 << 20;
  const gap = ' '.repeat(opts.indent ?? 0);
  const chunks: Uint8Array[] = [];
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (size) chunks.push(encoder.encode(pending.join('')));
    pending = [];
    size = 0;
  };
  const put = (s: string) => {
    if (s.length >= bound) {
      flush();
      chunks.push(encoder.encode(s));
      return;
    }
    pending.push(s);
    size += s.length;
    if (size >= bound) flush();
  };
  const pad = (level: number) => (gap ? `\n${gap.repeat(level)}` : '');
  // A value below the opened levels: JSON.stringify's text, its lines moved in to `level`; undefined where JSON leaves it out.
  const text = (v: unknown, level: number): string | undefined => {
    const s = JSON.stringify(v, null, gap) as string | undefined;
    return s !== undefined && gap && level ? s.replace(/\n/g, pad(level)) : s;
  };
  const write = (v: unknown, level: number, s?: string): void => {
    if (s !== undefined) return put(s);
    const items = v as Record<string, unknown> | unknown[];
    const array = Array.isArray(items);
    let first = true;
    const open = (prefix: string) => {
      put(`${first ? (array ? '[' : '{') : ','}${pad(level + 1)}${prefix}`);
      first = false;
    };
    if (array) {
      for (const item of items) {
        open('');
        const inner = level + 1 < depth && opened(item);
        write(item, level + 1, inner ? undefined : (text(item, level + 1) ?? 'null'));
      }
    } else {
      for (const [key, item] of Object.entries(items)) {
        const inner = level + 1 < depth && opened(item);
        const s = inner ? undefined : text(item, level + 1);
        if (!inner && s === undefined) continue;
        open(`${JSON.stringify(key)}:${gap ? ' ' : ''}`);
        write(item, level + 1, s);
      }
    }
    put(first ? (array ? '[]' : '{}') : `${pad(level)}${array ? ']' : '}'}`);
  };
  if (depth > 0 && opened(value)) write(value, 0);
  else {
    const s = text(value, 0);
    if (s !== undefined) put(s);
  }
  flush();
  return chunks;
}

/** The chunks' total length in bytes. */
export const chunksLength = (chunks: readonly Uint8Array[]): number => chunks.reduce((n, c) => n + c.byteLength, 0);

/** The chunks as one array of bytes (one copy; an array of bytes, unlike a string, may pass 512 MiB). */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunksLength(chunks));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The chunks as a stream, one chunk per read, each let go once it is read. */
export function chunksStream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) {
        controller.enqueue(chunks[next]!);
        chunks[next++] = new Uint8Array(0);
      } else controller.close();
    },
  });
}
