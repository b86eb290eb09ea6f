/**
 * A store that keeps everything in memory and writes nothing: the "storage off" baseline of
 * `bench:ingest`, and a fast store for route tests that are not about durability.
 */
import { newHostRecord, withReport } from './host-record.js';
import type { AddReportOptions, HostRecord, HostSummary, NewAgent, Store } from './types.js';
import type { HostReport } from '../../schema/index.js';

export class MemoryStore implements Store {
  private readonly records = new Map<string, HostRecord>();

  get size(): number {
    return this.records.size;
  }

  async load(): Promise<void> {}

  async createAgent(agent: NewAgent): Promise<void> {
    this.records.set(agent.agentId, newHostRecord(agent));
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
    if (record.recentReportIds.includes(report.reportId)) return 'duplicate';
    this.records.set(report.agentId, withReport(record, record.recentReportIds, report, receivedAt, options));
    return 'stored';
  }

  async moveHost(agentId: string, to: { unit: string; room: string | null }): Promise<HostSummary | undefined> {
    const record = this.records.get(agentId);
    if (!record) return undefined;
    const moved = { ...record, unit: to.unit, room: to.room };
    this.records.set(agentId, moved);
    return moved;
  }
}
