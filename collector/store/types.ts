/**
 * The store interface: what the routes need, nothing about how it is kept. The embedded
 * implementation is one lowdb document per host; a PostgreSQL one can take over behind the
 * same interface when one collector is not enough.
 */
import { z } from 'zod';
import { AgentId, HostReport, ImportOrigin, Role, RoomId, RuleTrail, SoftwareMatches, Timestamp, UnitId } from '../../schema/index.js';

/** Enough report ids per host to recognise an agent resending what its spool already sent. */
export const RECENT_REPORT_IDS = 500;
/** Lifecycle events kept per host (enrolled, re-enrolled, moved, merged, retired). */
export const HOST_EVENTS = 50;

export const DeviceKind = z.enum(['workstation', 'laptop', 'server']);

/** The machine's clock against the collector's, measured when the agent sent a report. */
export const ClockReading = z.object({
  /** Agent clock minus collector clock at the moment of sending: positive when the machine is ahead. */
  skewSeconds: z.number(),
  measuredAt: Timestamp,
});
export type ClockReading = z.infer<typeof ClockReading>;

export const HostEvent = z.object({
  at: Timestamp,
  kind: z.enum(['enrolled', 're-enrolled', 'moved', 'merged', 'retired']),
  detail: z.string().max(500),
});
export type HostEvent = z.infer<typeof HostEvent>;

export const Retirement = z.object({
  at: Timestamp,
  reason: z.string().min(1).max(500),
  /** Set when the host was folded into another one by a merge. */
  mergedInto: AgentId.nullable().default(null),
  /** Who retired it: a user's name or `bootstrap-token` (absent on records written before accounts). */
  by: z.string().max(200).optional(),
  role: Role.nullable().optional(),
  /**
   * Retired by a manager of the unit: the unit taking its own machines out of its count, shown
   * as such in its documents beside self-certified imports (docs/access.md).
   */
  selfCertified: z.boolean().optional(),
});
export type Retirement = z.infer<typeof Retirement>;

/** Who retires or merges, and when: the part of a retirement the caller gives a merge. */
export type RetirementBy = Pick<Retirement, 'at' | 'by' | 'role' | 'selfCertified'>;

export const HostRecord = z.object({
  agentId: AgentId,
  /** sha256 of the agent key's secret part: keys are random, so a fast hash is enough. */
  keyHash: z.string().length(64),
  unit: UnitId,
  room: RoomId.nullable(),
  hostname: z.string().max(255),
  deviceKind: DeviceKind,
  enrolledAt: Timestamp,
  firstSeen: Timestamp.nullable(),
  lastSeen: Timestamp.nullable(),
  reportCount: z.number().int().nonnegative(),
  recentReportIds: z.array(z.string()).max(RECENT_REPORT_IDS),
  latest: HostReport.nullable(),
  /**
   * The instant the latest report describes, on the collector's clock: its `collectedAt`
   * corrected by the clock skew measured when it was sent, never later than its receipt. Reports
   * are ordered by it, so a machine whose clock says 2099 cannot pin its report as the latest.
   */
  reportAt: Timestamp.nullable().optional(),
  /** The latest clock measurement (stored reports that said when they were sent). */
  clock: ClockReading.nullable().optional(),
  /** Recent probe-rule outcomes (hysteresis), written with the report that advanced them. */
  ruleTrail: RuleTrail.optional(),
  /** Set once the host is retired: it no longer counts, takes no report, stays in history. */
  retired: Retirement.nullable().optional(),
  events: z.array(HostEvent).max(HOST_EVENTS).optional(),
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
  /** Agent clock minus collector clock when this report was sent, if the agent said (docs/api.md). */
  clockSkewSeconds?: number | null;
  /** An imported report (`POST /import`): who imported it; absent for an agent's own report. */
  origin?: ImportOrigin;
  /**
   * Matches the report's installed programs against the software policy; called, like
   * `nextTrail`, only when the report is stored and is the host's newest, in the same write.
   */
  softwareMatches?: (host: HostSummary, report: HostReport) => SoftwareMatches;
}

/** A new key and enrollment details for a host that proved it holds its current key. */
export interface Rekey {
  keyHash: string;
  unit: string;
  room: string | null;
  hostname: string;
  deviceKind: HostRecord['deviceKind'];
  at: string;
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
  /** Replaces a host's key (re-enrollment by its own agent); the old key stops working. */
  rekeyHost(agentId: string, rekey: Rekey): Promise<HostSummary | undefined>;
  /** Retires a host: its key stops working, it no longer counts, its record stays. */
  retireHost(agentId: string, retirement: Retirement): Promise<HostSummary | undefined>;
  /**
   * Folds `fromId` into `intoId`: `into` keeps its key, latest report and everything judged
   * about it, and gains `from`'s enrollment date, first sighting, report count and ids; `from`
   * is retired as merged. Nothing judged about `from` (its trail, and scan verdicts once they
   * exist) crosses over: the machine answering now must earn its own.
   */
  mergeHosts(fromId: string, intoId: string, by: RetirementBy): Promise<HostSummary | undefined>;
  /** Called after every committed change of a host (the evaluation worker keeps its mirror with it). */
  onHostChange(listener: (host: HostSummary) => void): void;
  readonly size: number;
  /** Releases what the store holds open (the PostgreSQL store's connections); absent where there is nothing. */
  close?(): Promise<void>;
}
