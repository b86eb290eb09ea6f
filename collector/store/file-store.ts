/**
 * The embedded store: one lowdb document per host under `<dir>/hosts/<agentId>.json`, and the
 * host's installed-program list beside it in `<dir>/software/<agentId>.json`. Accepting a
 * report rewrites only that host's files, so its cost does not grow with the fleet; writes to
 * one host are queued so two reports never race on one file. Start-up reads only `hosts/`:
 * the program lists (the bulk of a report) are read per host, on demand.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DurableJSONFile } from './durable-file.js';
import { isTempFile } from '../../util/durable-write.js';
import { HostRecord } from './types.js';
import { isNewestReport, newHostRecord, withReport } from './host-record.js';
import type { AddReportOptions, HostSummary, NewAgent, Store } from './types.js';
import type { HostReport } from '../../schema/index.js';
import { describeIssues } from '../../schema/index.js';


/** The program list of one report, kept apart from the host document. */
interface SoftwareFile {
  reportId: string;
  programs: NonNullable<HostReport['software']>['programs'];
}

/** The host document and the in-memory copy hold the software section without its programs. */
function withoutPrograms(report: HostReport): HostReport {
  if (!report.software) return report;
  return { ...report, software: { ...report.software, programs: [] } };
}

function summarise(record: HostRecord): HostSummary {
  const { recentReportIds: _ids, ...rest } = record;
  return rest;
}

export class FileStore implements Store {
  private readonly hostsDir: string;
  private readonly softwareDir: string;
  private readonly summaries = new Map<string, HostSummary>();
  /** Report ids seen per host, for idempotency; kept beside the summary, bounded. */
  private readonly recentIds = new Map<string, Set<string>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Warnings from load (files set aside); the caller logs them. */
  readonly warnings: string[] = [];

  /**
   * `readOnly`: for readers beside a running collector (`readiness evaluate`): load deletes no
   * temporary file and sets no damaged file aside, since the collector may be writing them.
   */
  constructor(
    readonly dir: string,
    private readonly options: { readOnly?: boolean } = {},
  ) {
    this.hostsDir = join(dir, 'hosts');
    this.softwareDir = join(dir, 'software');
  }

  get size(): number {
    return this.summaries.size;
  }

  private fileOf(agentId: string): string {
    return join(this.hostsDir, `${agentId}.json`);
  }

  private lowOf(agentId: string): Low<HostRecord | null> {
    return new Low<HostRecord | null>(new DurableJSONFile<HostRecord | null>(this.fileOf(agentId)), null);
  }

  private softwareOf(agentId: string): Low<SoftwareFile | null> {
    return new Low<SoftwareFile | null>(new DurableJSONFile<SoftwareFile | null>(join(this.softwareDir, `${agentId}.json`)), null);
  }

  async load(): Promise<void> {
    if (this.options.readOnly) return this.loadFiles(await readdir(this.hostsDir).catch(() => []));
    await mkdir(this.hostsDir, { recursive: true });
    await mkdir(this.softwareDir, { recursive: true });
    const names = await readdir(this.hostsDir);
    await Promise.all(names.filter(isTempFile).map((n) => unlink(join(this.hostsDir, n)).catch(() => {})));
    await this.loadFiles(names);
  }

  /**
   * Reads host files synchronously: start-up serves nothing until the store is loaded, and one
   * `readFileSync` per small file is about four times faster than the promise API's four
   * thread-pool hops (measured: 20,000 hosts in ~0.9 s against ~3.2 s).
   */
  private async loadFiles(names: string[]): Promise<void> {
    for (const name of names) {
      if (name.endsWith('.json') && !name.startsWith('.')) await this.loadOne(name);
    }
  }

  private async loadOne(name: string): Promise<void> {
    const agentId = name.slice(0, -'.json'.length);
    let problem: string | null = null;
    try {
      const parsed = HostRecord.safeParse(JSON.parse(readFileSync(this.fileOf(agentId), 'utf8')));
      if (parsed.success && parsed.data.agentId === agentId) {
        this.remember(parsed.data);
        return;
      }
      problem = parsed.success ? 'its agentId does not match its file name' : describeIssues(parsed.error);
    } catch (err) {
      problem = (err as Error).message;
    }
    if (this.options.readOnly) {
      this.warnings.push(`skipped ${name}: ${problem}`);
      return;
    }
    // Atomic renames mean this should not happen; keep the file for inspection, start anyway.
    const corruptDir = join(this.dir, 'corrupt');
    await mkdir(corruptDir, { recursive: true });
    await rename(this.fileOf(agentId), join(corruptDir, name));
    this.warnings.push(`set aside ${name} in ${corruptDir}: ${problem}`);
  }

  private remember(record: HostRecord): void {
    this.summaries.set(record.agentId, summarise(record));
    this.recentIds.set(record.agentId, new Set(record.recentReportIds));
  }

  /** Runs `task` after every earlier task for the same host. */
  private serialise<T>(agentId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(agentId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => {});
    this.queues.set(agentId, tail);
    void tail.then(() => {
      if (this.queues.get(agentId) === tail) this.queues.delete(agentId);
    });
    return run;
  }

  async createAgent(agent: NewAgent): Promise<void> {
    const record = newHostRecord(agent);
    await this.serialise(agent.agentId, async () => {
      const db = this.lowOf(agent.agentId);
      db.data = record;
      await db.write();
      this.remember(record);
    });
  }

  getHost(agentId: string): HostSummary | undefined {
    return this.summaries.get(agentId);
  }

  async readHost(agentId: string): Promise<HostRecord | undefined> {
    if (!this.summaries.has(agentId)) return undefined;
    const db = this.lowOf(agentId);
    await db.read();
    const record = db.data;
    if (!record?.latest?.software) return record ?? undefined;
    const software = this.softwareOf(agentId);
    await software.read();
    // Programs belong to the latest report only if written for it (a crash can leave newer ones).
    const programs = software.data?.reportId === record.latest.reportId ? software.data.programs : [];
    return { ...record, latest: { ...record.latest, software: { ...record.latest.software, programs } } };
  }

  listHosts(): HostSummary[] {
    return [...this.summaries.values()];
  }

  addReport(report: HostReport, receivedAt: Date, options: AddReportOptions = {}): Promise<'stored' | 'duplicate'> {
    return this.serialise(report.agentId, async () => {
      const summary = this.summaries.get(report.agentId);
      if (!summary) throw new Error(`agent ${report.agentId} is not enrolled`);
      const ids = this.recentIds.get(report.agentId) ?? new Set<string>();
      if (ids.has(report.reportId)) return 'duplicate';

      if (isNewestReport(report, summary.latest) && report.software) {
        // Programs first: the host document that points at them is the commit point.
        const software = this.softwareOf(report.agentId);
        software.data = { reportId: report.reportId, programs: report.software.programs };
        await software.write();
      }
      const record = withReport(summary, ids, report, receivedAt, options, withoutPrograms);
      const db = this.lowOf(report.agentId);
      db.data = record;
      await db.write();
      this.remember(record);
      return 'stored';
    });
  }

  moveHost(agentId: string, to: { unit: string; room: string | null }): Promise<HostSummary | undefined> {
    return this.serialise(agentId, async () => {
      if (!this.summaries.has(agentId)) return undefined;
      const db = this.lowOf(agentId);
      await db.read();
      if (!db.data) return undefined;
      db.data = { ...db.data, unit: to.unit, room: to.room };
      await db.write();
      this.remember(db.data);
      return this.summaries.get(agentId);
    });
  }
}
