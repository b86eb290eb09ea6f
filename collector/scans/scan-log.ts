/**
 * The scan log: `<data>/scans/scans.log`, one JSON line per scan event (a verdict, an
 * attachment, an acceptance), appended and fsynced before the event is answered, never
 * rewritten. Append-only suits records that are never changed (a correction is a new verdict).
 *
 * The collector and `readiness scan` on the same data directory append under one lock
 * (`<data>/scans.lock`); readers notice another process's appends by the file's size and read
 * only the new lines. A crash mid-append can leave a last line without its newline: it was
 * never acknowledged, readers ignore it and the next writer cuts it off. Any other line that
 * does not parse stops the reader with a sentence naming the line: verdicts must never vanish.
 */
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, statSync, writeSync, ftruncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { ScanEvent } from '../../schema/index.js';
import { describeIssues } from '../../schema/index.js';
import { syncDirectory } from '../../util/durable-write.js';

export class DamagedScanLog extends Error {}

export class ScanLog {
  /** Bytes of whole lines read so far, and the file they were read from. */
  private offset = 0;
  private ino: number | null = null;
  private lineNo = 0;

  /** `onEvent` receives every event in file order, those of other processes included. */
  constructor(
    readonly file: string,
    private readonly onEvent: (event: ScanEvent) => void,
    private readonly onReset: () => void,
  ) {}

  /** Reads whatever was appended since the last call (everything, the first time). Synchronous: one stat when nothing changed. */
  refresh(): void {
    let st;
    try {
      st = statSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (this.ino !== null) this.reset();
      return;
    }
    if (this.ino !== null && (st.ino !== this.ino || st.size < this.offset)) this.reset();
    if (st.size === this.offset && this.ino === st.ino) return;
    const fd = openSync(this.file, 'r');
    try {
      this.ino = fstatSync(fd).ino;
      this.readFrom(fd, st.size);
    } finally {
      closeSync(fd);
    }
  }

  private reset(): void {
    this.offset = 0;
    this.ino = null;
    this.lineNo = 0;
    this.onReset();
  }

  private readFrom(fd: number, size: number): void {
    const length = size - this.offset;
    if (length <= 0) return;
    const buf = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buf, read, length - read, this.offset + read);
      if (n === 0) break;
      read += n;
    }
    // Only whole lines: bytes after the last newline are a write still in flight, or torn.
    const end = buf.lastIndexOf(0x0a, read - 1);
    if (end < 0) return;
    let start = 0;
    while (start <= end) {
      const nl = buf.indexOf(0x0a, start);
      const line = buf.subarray(start, nl).toString('utf8');
      this.lineNo++;
      if (line.trim()) this.onEvent(this.parse(line));
      start = nl + 1;
    }
    this.offset += end + 1;
  }

  private parse(line: string): ScanEvent {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new DamagedScanLog(`${this.file} line ${this.lineNo} is damaged (${(err as Error).message}); restore the file from a backup (nothing was changed)`);
    }
    const parsed = ScanEvent.safeParse(json);
    if (!parsed.success) throw new DamagedScanLog(`${this.file} line ${this.lineNo} is not a scan record (${describeIssues(parsed.error)}); restore the file from a backup (nothing was changed)`);
    return parsed.data;
  }

  /**
   * Appends one event; the caller holds the scans lock. Reads what others appended first, cuts
   * off a torn last line, and resolves once the line is on disk. Returns the line written.
   */
  async appendLocked(event: ScanEvent): Promise<string> {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    this.refresh();
    const line = JSON.stringify(ScanEvent.parse(event));
    const fd = openSync(this.file, 'a+', 0o600);
    let created = false;
    try {
      const size = fstatSync(fd).size;
      created = size === 0;
      // A torn fragment after the last whole line was never acknowledged.
      if (size > this.offset) ftruncateSync(fd, this.offset);
      writeSync(fd, line + '\n');
      fsyncSync(fd);
      this.ino = fstatSync(fd).ino;
    } finally {
      closeSync(fd);
    }
    // A new file's name is durable once its directory is.
    if (created) await syncDirectory(dirname(this.file));
    this.offset += Buffer.byteLength(line) + 1;
    this.lineNo++;
    this.onEvent(event);
    return line;
  }
}
