/**
 * The store interface: what the routes need, nothing about how it is kept. The embedded
 * implementation is one lowdb document per host; a PostgreSQL one can take over behind the
 * same interface when one collector is not enough.
 */
import { z } from 'zod';
import { AgentId, HostReport, ImportOrigin, RoomId, RuleTrail, SoftwareMatches, Timestamp, UnitId } from '../../schema/index.js';

/** Enough report ids per host to recognise an agent resending what its spool already sent. */
export const RECENT_REPORT_IDS = 500;

export const HostRecord = z.object({
  agentId: AgentId,
  /** sha256 of the agent key's secret part: keys are random, so a fast hash is enough. */
  keyHash: z.string().length(64),
  unit: UnitId,
  room: RoomId.nullable(),
  hostname: z.string(),
  deviceKind: z.enum(['workstation', 'laptop', 'server']),
  enrolledAt: Timestamp,
  firstSeen: Timestamp.nullable(),
  lastSeen: Timestamp.nullable(),
  reportCount: z.number().int().nonnegative(),
  recentReportIds: z.array(z.string()),
  latest: HostReport.nullable(),
  /** Recent probe-rule outcomes (hysteresis), written with the report that advanced them. */
  ruleTrail: RuleTrail.optional(),
  /** Set while the latest report is one that was imported, not sent by the agent. */
  latestOrigin: ImportOrigin.optional(),
  /**
   * What the latest report's programs matched in the software policy (kept because the program
   * list itself stays out of memory), written with the report that produced it.
   */
  softwareMatches: SoftwareMatches.optional(),
});
export type HostRecord = z.infer<typeof HostRecord>;

/** What the store keeps in memory per host: the record without the long software list. */
export type HostSummary = Omit<HostRecord, 'latest' | 'recentReportIds'> & {
  latest: HostReport | null;
};

export type NewAgent = Pick<HostRecord, 'agentId' | 'keyHash' | 'unit' | 'room' | 'hostname' | 'deviceKind' | 'enrolledAt'>;

export interface AddReportOptions {
  /**
   * Derives the host's new probe-rule trail from the stored host and the report; called only
   * when the report is stored and is the host's newest, inside the same single write.
   */
  nextTrail?: (host: HostSummary, report: HostReport) => RuleTrail;
  /** An imported report (`POST /import`): who imported it; absent for an agent's own report. */
  origin?: ImportOrigin;
  /**
   * Matches the report's installed programs against the software policy; called, like
   * `nextTrail`, only when the report is stored and is the host's newest, in the same write.
   */
  softwareMatches?: (host: HostSummary, report: HostReport) => SoftwareMatches;
}

export interface Store {
  /** Reads everything from disk; call once before use. */
  load(): Promise<void>;
  createAgent(agent: NewAgent): Promise<void>;
  /** The in-memory view (software list trimmed); undefined for an unknown agent. */
  getHost(agentId: string): HostSummary | undefined;
  /** The full record as stored, software list included; reads from disk. */
  readHost(agentId: string): Promise<HostRecord | undefined>;
  listHosts(): HostSummary[];
  /** Resolves once the report is on disk; `duplicate` when this reportId was stored before. */
  addReport(report: HostReport, receivedAt: Date, options?: AddReportOptions): Promise<'stored' | 'duplicate'>;
  /** Moves a host to another unit and room; undefined for an unknown agent. */
  moveHost(agentId: string, to: { unit: string; room: string | null }): Promise<HostSummary | undefined>;
  readonly size: number;
}
