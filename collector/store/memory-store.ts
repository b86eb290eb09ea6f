/**
 * A store that keeps everything in memory and writes nothing: the "storage off" baseline of
 * `bench:ingest`, and a fast store for route tests that are not about durability.
 */
import { randomBytes } from 'node:crypto';
import { newHostRecord, mergedRetirement, withMerge, withMove, withRekey, withReport, withRetirement } from './host-record.js';
import type { AddReportOptions, HostRecord, HostSummary, NewAgent, Rekey, Retirement, RetirementBy, Store } from './types.js';
import type { HostReport } from '../../schema/index.js';

export class MemoryStore implements Store {
  private readonly records = new Map<string, HostRecord>();
  private readonly listeners: Array<(host: HostSummary) => void> = [];

  get size(): number {
    return this.records.size;
  }

  async load(): Promise<void> {}

  private put(record: HostRecord): HostRecord {
    this.records.set(record.agentId, record);
    for (const listener of this.listeners) listener(record);
    return record;
  }

  onHostChange(listener: (host: HostSummary) => void): void {
    this.listeners.push(listener);
  }

  async createAgent(agent: NewAgent): Promise<void> {
    this.put(newHostRecord(agent));
  }

  getHost(agentId: string): HostSummary | undefined {
    return this.records.get(agentId);
  }

  async readHost(agentId: string): Promise<HostRecord | undefined> {
    return this.records.get(agentId);
  }

  listHosts(): HostSummary[] {
    return [...this.records.values()];
  }

  async addReport(report: HostReport, receivedAt: Date, options: AddReportOptions = {}): Promise<'stored' | 'duplicate'> {
    const record = this.records.get(report.agentId);
    if (!record) throw new Error(`agent ${report.agentId} is not enrolled`);
    if (record.retired) throw new Error(`agent ${report.agentId} is retired`);
    if (record.recentReportIds.includes(report.reportId)) return 'duplicate';
    this.put(withReport(record, record.recentReportIds, report, receivedAt, options));
    return 'stored';
  }

  private change(agentId: string, update: (record: HostRecord) => HostRecord): Promise<HostSummary | undefined> {
    const record = this.records.get(agentId);
    return Promise.resolve(record ? this.put(update(record)) : undefined);
  }

  moveHost(agentId: string, to: { unit: string; room: string | null }): Promise<HostSummary | undefined> {
    return this.change(agentId, (r) => withMove(r, to, new Date().toISOString()));
  }

  rekeyHost(agentId: string, rekey: Rekey): Promise<HostSummary | undefined> {
    return this.change(agentId, (r) => withRekey(r, rekey));
  }

  retireHost(agentId: string, retirement: Retirement): Promise<HostSummary | undefined> {
    return this.change(agentId, (r) => withRetirement(r, retirement, randomBytes(32).toString('hex')));
  }

  async mergeHosts(fromId: string, intoId: string, by: RetirementBy): Promise<HostSummary | undefined> {
    const from = this.records.get(fromId);
    const into = this.records.get(intoId);
    if (!from || !into) return undefined;
    this.put(withRetirement(from, mergedRetirement(intoId, by), randomBytes(32).toString('hex')));
    return this.put(withMerge(into, from, by.at));
  }
}
