/**
 * A store that keeps everything in memory and writes nothing: the "storage off" baseline of
 * `bench:ingest`, and a fast store for route tests that are not about durability.
 */
import { RECENT_REPORT_IDS } from './types.js';
import type { AddReportOptions, HostRecord, HostSummary, NewAgent, Store } from './types.js';
import type { HostReport } from '../../schema/index.js';

export class MemoryStore implements Store {
  private readonly records = new Map<string, HostRecord>();

  get size(): number {
    return this.records.size;
  }

  async load(): Promise<void> {}

  async createAgent(agent: NewAgent): Promise<void> {
    this.records.set(agent.agentId, {
      ...agent,
      firstSeen: null,
      lastSeen: null,
      reportCount: 0,
      recentReportIds: [],
      latest: null,
    });
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
    const at = receivedAt.toISOString();
    const isNewest = !record.latest || report.collectedAt >= record.latest.collectedAt;
    this.records.set(report.agentId, {
      ...record,
      firstSeen: record.firstSeen ?? at,
      lastSeen: at,
      reportCount: record.reportCount + 1,
      recentReportIds: [...record.recentReportIds, report.reportId].slice(-RECENT_REPORT_IDS),
      latest: isNewest ? report : record.latest,
      ...(isNewest && options.nextTrail ? { ruleTrail: options.nextTrail(record, report) } : {}),
    });
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
