/**
 * The document archive under `<dataDir>/archive/`: `files/<id>.<format>` holds the bytes,
 * `entries/<id>.json` what they are, `deliveries/<runId>.json` a scheduled run's e-mail
 * attempts. The file is written first and the entry last, each by durable rename, so an entry
 * exists only for a whole file: the entry is the commit point, and a crash at any moment
 * leaves either no entry or a complete one. Nothing is ever overwritten but a delivery
 * record, which is replaced whole at each attempt. Readers beside a running collector (the
 * CLI) see every entry committed so far, since the directory is the index.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArchiveEntry, DeliveryRecord, describeIssues } from '../../schema/index.js';
import type { ArchiveListing, ArchiveOrigin, ReportFormat, ReportPeriod } from '../../schema/index.js';
import { isTempFile, removeTempFiles, writeFileDurably } from '../../util/durable-write.js';
import type { RenderedDocument } from '../readiness-jobs.js';

export interface ArchiveFilter {
  kind?: string;
  unitId?: string;
  scheduleId?: string;
  /** Entries whose as-of day is on or after / on or before these days. */
  from?: string;
  to?: string;
}

export interface PutOptions {
  format: ReportFormat;
  origin: ArchiveOrigin;
  runId?: string | null;
  period?: ReportPeriod | null;
  /** The document covers the units below its unit (the default). */
  recursive?: boolean;
}

const ENTRY_FILE = /^(\d{8}-\d{6}-[0-9a-f]{8})\.json$/;

/** Sortable and unique: the UTC second it was made, then 32 random bits. */
export function newArchiveId(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${randomBytes(4).toString('hex')}`;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export class ArchiveStore {
  readonly dir: string;
  private readonly entriesDir: string;
  private readonly filesDir: string;
  private readonly deliveriesDir: string;
  /** Entries never change once written: each is read from disk once. */
  private readonly cache = new Map<string, ArchiveEntry>();
  /** Ids given out whose entry is not written yet. */
  private readonly reserved = new Set<string>();
  /** The greatest id given out or read, for ids that keep their order within a second. */
  private lastId = '';
  /** Entry files that did not parse, by name, so each is warned about once. */
  private readonly damaged = new Map<string, string>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'archive');
    this.entriesDir = join(this.dir, 'entries');
    this.filesDir = join(this.dir, 'files');
    this.deliveriesDir = join(this.dir, 'deliveries');
  }

  private fileOf(entry: Pick<ArchiveEntry, 'id' | 'format'>): string {
    return join(this.filesDir, `${entry.id}.${entry.format}`);
  }

  /**
   * A new id, reserved at once (before any await) so concurrent puts never share one. Within
   * one second ids still sort in the order they were given (a run's formats, a burst of requests).
   */
  private allocateId(now: Date): string {
    let id = newArchiveId(now);
    const last = this.lastId;
    if (last.slice(0, 15) === id.slice(0, 15) && id <= last && last.slice(16) !== 'ffffffff') {
      id = `${last.slice(0, 16)}${(parseInt(last.slice(16), 16) + 1).toString(16).padStart(8, '0')}`;
    }
    while (this.cache.has(id) || this.reserved.has(id) || existsSync(join(this.entriesDir, `${id}.json`))) id = newArchiveId(now);
    this.reserved.add(id);
    if (id > this.lastId) this.lastId = id;
    return id;
  }

  /**
   * Deletes what writes cut short by a crash left (temporary files never renamed into place),
   * but not those of a live process (`readiness schedule run` beside the collector). Run at start-up.
   */
  async removeLeftovers(): Promise<number> {
    let removed = 0;
    for (const dir of [this.filesDir, this.entriesDir, this.deliveriesDir]) removed += await removeTempFiles(dir, { sharedWithLiveProcesses: true });
    return removed;
  }

  /** Keeps a produced document; resolves once its file and entry are both on disk. */
  async put(doc: RenderedDocument, opts: PutOptions, now: Date): Promise<ArchiveEntry> {
    const id = this.allocateId(now);
    try {
      return await this.write(id, doc, opts, now);
    } finally {
      this.reserved.delete(id);
    }
  }

  private async write(id: string, doc: RenderedDocument, opts: PutOptions, now: Date): Promise<ArchiveEntry> {
    await mkdir(this.filesDir, { recursive: true, mode: 0o700 });
    await mkdir(this.entriesDir, { recursive: true, mode: 0o700 });
    const d = doc.about;
    const entry = ArchiveEntry.parse({
      id,
      runId: opts.runId ?? null,
      kind: d.kind,
      format: opts.format,
      lang: d.lang,
      period: opts.period ?? d.period,
      unitId: d.unit.id,
      recursive: opts.recursive ?? true,
      unitName: d.unit.name,
      asOf: d.asOf,
      title: d.title,
      fileName: doc.fileName,
      contentType: doc.contentType,
      sizeBytes: doc.body.byteLength,
      sha256: sha256(doc.body),
      createdAt: now.toISOString(),
      origin: opts.origin,
    });
    await writeFileDurably(this.fileOf(entry), doc.body);
    await writeFileDurably(join(this.entriesDir, `${id}.json`), JSON.stringify(entry, null, 1));
    this.cache.set(id, entry);
    return entry;
  }

  /** Every committed entry, oldest first; entry files that do not parse are reported in `warnings`. */
  async entries(): Promise<ArchiveEntry[]> {
    const names = await readdir(this.entriesDir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    for (const name of names) {
      const id = ENTRY_FILE.exec(name)?.[1];
      if (!id || this.cache.has(id) || this.damaged.has(name)) continue;
      const file = join(this.entriesDir, name);
      try {
        const parsed = ArchiveEntry.safeParse(JSON.parse(await readFile(file, 'utf8')));
        if (!parsed.success) throw new Error(describeIssues(parsed.error));
        this.cache.set(id, parsed.data);
        if (id > this.lastId) this.lastId = id;
      } catch (err) {
        this.damaged.set(name, `the archive entry ${file} is damaged (${(err as Error).message}); it is not listed`);
      }
    }
    return [...this.cache.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Sentences about entry files that could not be read (damage: restore them from a backup). */
  async warnings(): Promise<string[]> {
    await this.entries();
    return [...this.damaged.values()];
  }

  /**
   * Document files without an entry: written by an archiving a crash cut short before its
   * entry, the commit point, so never acknowledged and never listed. Kept, not deleted: a
   * `readiness schedule run` beside the collector may be between its two writes.
   */
  async unfinished(): Promise<string[]> {
    const entries = await this.entries();
    const files = await readdir(this.filesDir).catch(() => [] as string[]);
    const known = new Set(entries.map((e) => `${e.id}.${e.format}`));
    return files.filter((f) => !isTempFile(f) && !known.has(f));
  }

  async get(id: string): Promise<ArchiveEntry | undefined> {
    if (!this.cache.has(id)) await this.entries();
    return this.cache.get(id);
  }

  /** The archived bytes, checked against the entry's SHA-256 so a damaged file is never served as the document. */
  async read(entry: ArchiveEntry): Promise<Uint8Array> {
    const bytes = await readFile(this.fileOf(entry));
    if (bytes.byteLength !== entry.sizeBytes || sha256(bytes) !== entry.sha256) {
      throw new Error(`the archived file ${this.fileOf(entry)} does not match its entry (size or SHA-256 differs); restore it from a backup`);
    }
    return bytes;
  }

  async list(filter: ArchiveFilter = {}): Promise<ArchiveListing[]> {
    const entries = (await this.entries()).filter(
      (e) =>
        (filter.kind === undefined || e.kind === filter.kind) &&
        (filter.unitId === undefined || e.unitId === filter.unitId) &&
        (filter.scheduleId === undefined || (e.origin.type !== 'request' && e.origin.scheduleId === filter.scheduleId)) &&
        (filter.from === undefined || e.asOf >= filter.from) &&
        (filter.to === undefined || e.asOf <= filter.to),
    );
    const deliveries = new Map<string, DeliveryRecord | null>();
    const out: ArchiveListing[] = [];
    for (const e of entries) {
      let delivery: DeliveryRecord | null = null;
      if (e.runId) {
        if (!deliveries.has(e.runId)) deliveries.set(e.runId, await this.delivery(e.runId));
        delivery = deliveries.get(e.runId)!;
      }
      out.push({ ...e, delivery: delivery && { status: delivery.status, attempts: delivery.attempts, to: delivery.to, cc: delivery.cc } });
    }
    return out;
  }

  async delivery(runId: string): Promise<DeliveryRecord | null> {
    const file = join(this.deliveriesDir, `${runId}.json`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const parsed = DeliveryRecord.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`the delivery record ${file} is damaged (${describeIssues(parsed.error)}); delete it to forget that delivery`);
    return parsed.data;
  }

  /** Replaces a run's delivery record whole (written durably before the caller goes on). */
  async writeDelivery(record: DeliveryRecord): Promise<void> {
    await mkdir(this.deliveriesDir, { recursive: true, mode: 0o700 });
    await writeFileDurably(join(this.deliveriesDir, `${record.runId}.json`), JSON.stringify(DeliveryRecord.parse(record), null, 1));
  }

  /** Deliveries still pending (a collector stopped between attempts resumes them). */
  async pendingDeliveries(): Promise<DeliveryRecord[]> {
    const names = await readdir(this.deliveriesDir).catch(() => [] as string[]);
    const out: DeliveryRecord[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || isTempFile(name)) continue;
      const record = await this.delivery(name.slice(0, -5)).catch(() => null);
      if (record?.status === 'pending') out.push(record);
    }
    return out;
  }
}
