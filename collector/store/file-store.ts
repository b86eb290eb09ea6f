/**
 * The embedded store: one lowdb document per host under `<dir>/hosts/<agentId>.json`.
 * Accepting a report rewrites only that host's file, so its cost does not grow with the
 * fleet; writes to one host are queued so two reports never race on one file.
 */
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DurableJSONFile, isTempFile } from './durable-file.js';
import { HostRecord, RECENT_REPORT_IDS } from './types.js';
import type { HostSummary, NewAgent, Store } from './types.js';
import type { HostReport } from '../../schema/index.js';
import { describeIssues } from '../../schema/index.js';

const LOAD_CONCURRENCY = 64;

/** The in-memory copy drops the program list: it is the bulk of a report and read only per host. */
function summarise(record: HostRecord): HostSummary {
  const { recentReportIds: _ids, latest, ...rest } = record;
  if (!latest?.software) return { ...rest, latest };
  return { ...rest, latest: { ...latest, software: { ...latest.software, programs: [] } } };
}

export class FileStore implements Store {
  private readonly hostsDir: string;
  private readonly summaries = new Map<string, HostSummary>();
  /** Report ids seen per host, for idempotency; kept beside the summary, bounded. */
  private readonly recentIds = new Map<string, Set<string>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Warnings from load (files set aside); the caller logs them. */
  readonly warnings: string[] = [];

  constructor(readonly dir: string) {
    this.hostsDir = join(dir, 'hosts');
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

  async load(): Promise<void> {
    await mkdir(this.hostsDir, { recursive: true });
    const names = await readdir(this.hostsDir);
    const files = names.filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    await Promise.all(names.filter(isTempFile).map((n) => unlink(join(this.hostsDir, n)).catch(() => {})));
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const name = files[next++]!;
        await this.loadOne(name);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOAD_CONCURRENCY, files.length) }, worker));
  }

  private async loadOne(name: string): Promise<void> {
    const agentId = name.slice(0, -'.json'.length);
    const db = this.lowOf(agentId);
    let problem: string | null = null;
    try {
      await db.read();
      const parsed = HostRecord.safeParse(db.data);
      if (parsed.success && parsed.data.agentId === agentId) {
        this.remember(parsed.data);
        return;
      }
      problem = parsed.success ? 'its agentId does not match its file name' : describeIssues(parsed.error);
    } catch (err) {
      problem = (err as Error).message;
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
    const record: HostRecord = {
      ...agent,
      firstSeen: null,
      lastSeen: null,
      reportCount: 0,
      recentReportIds: [],
      latest: null,
    };
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
    return db.data ?? undefined;
  }

  listHosts(): HostSummary[] {
    return [...this.summaries.values()];
  }

  addReport(report: HostReport, receivedAt: Date): Promise<'stored' | 'duplicate'> {
    return this.serialise(report.agentId, async () => {
      const summary = this.summaries.get(report.agentId);
      if (!summary) throw new Error(`agent ${report.agentId} is not enrolled`);
      const ids = this.recentIds.get(report.agentId) ?? new Set<string>();
      if (ids.has(report.reportId)) return 'duplicate';

      const { latest: previousLatest, ...meta } = summary;
      const at = receivedAt.toISOString();
      // A resent old report (from the agent's spool) is recorded but does not replace a newer one.
      const isNewest = !previousLatest || report.collectedAt >= previousLatest.collectedAt;
      const recent = [...ids, report.reportId].slice(-RECENT_REPORT_IDS);
      const db = this.lowOf(report.agentId);
      let latest: HostReport | null = report;
      if (!isNewest) {
        await db.read();
        latest = db.data?.latest ?? report;
      }
      const record: HostRecord = {
        ...meta,
        firstSeen: meta.firstSeen ?? at,
        lastSeen: at,
        reportCount: meta.reportCount + 1,
        recentReportIds: recent,
        latest,
      };
      db.data = record;
      await db.write();
      this.remember(record);
      return 'stored';
    });
  }
}
