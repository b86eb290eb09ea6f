/**
 * What readiness documents are made from: the evaluation at a date, completion over time from
 * the history, where the history starts, and who issues a unit's documents. Implemented by the
 * rule engine's service (collector/readiness.ts); report routes and the `report` command
 * depend only on this.
 */
import type { Issuer } from '../reports/index.js';
import type { CompletionPoint, EquipmentReview, Evaluation, HostReport, SheetBinding, TaskRecord, UnitsResponse } from '../schema/index.js';
import type { TaskCheck } from './remediation/tasks.js';
import type { AutoTaskCandidate } from './remediation/auto-tasks.js';
import type { AvailabilityFigures } from '../reports/index.js';
import type { AvailabilityRequest } from './availability-source.js';

export interface ReadinessSource {
  /**
   * The evaluation at `asOf` (a `YYYY-MM-DD` day, default today) for `unitId` and its
   * descendants, or (`recursive: false`) the unit's own rooms and machines alone. Routes pass
   * exactly the caller's scope (collector/access/scope.ts): nothing outside it is computed.
   */
  evaluate(opts: { unitId?: string | null; asOf?: string; recursive?: boolean }): Promise<Evaluation>;
  /**
   * Completion per unit and rule for each day from `from` to `to` inclusive, from the history;
   * with `roomId`, that room's own figures in each unit that has it.
   */
  completionSeries(opts: { unitId?: string | null; roomId?: string | null; from: string; to: string; recursive?: boolean }): Promise<CompletionPoint[]>;
  /** The first recorded day, or null when nothing is recorded yet (progress from the first day). */
  historyStart?(): Promise<string | null>;
  /** Who issues documents about the unit (the org file's `agency`); null: defaults from the unit's name. */
  issuer?(unitId: string | null): Issuer | null;
  /**
   * The hidden columns of a security sheet printed for `asOf`, per host id: the report on file
   * and its posture (collector/scans/binding.ts). Null for a past day: that sheet cannot be imported.
   */
  scanBindings?(asOf: string, hostIds: readonly string[]): ReadonlyMap<string, SheetBinding> | null;
  /**
   * The equipment review of the units in `evaluation` (today's), from the hosts' latest
   * reports, the asset register and the org file; absent where no register and policy are
   * wired (collector/assets/equipment-source.ts).
   */
  equipmentReview?(opts: { evaluation: Evaluation }): Promise<EquipmentReview>;
  /** A machine's latest report (the machines list's addresses and serials); absent where the hosts are not at hand. */
  latestReport?(agentId: string): HostReport | null;
  /** Which remediation tasks the data shows done (collector/readiness.ts); absent: none can be verified. */
  taskChecks?(tasks: ReadonlyArray<Pick<TaskRecord, 'id' | 'rule' | 'target' | 'createdAt'>>): Promise<TaskCheck[]>;
  /** The tasks the packs' `autoTasks` settings ask for today (collector/readiness.ts); absent: none. */
  autoTaskCandidates?(): Promise<AutoTaskCandidate[]>;
  /** LAN/WAN availability of units over a period, from their series (collector/availability-source.ts); absent: no availability document. */
  availability?(req: AvailabilityRequest): Promise<AvailabilityFigures['units']>;
  /** The units of a scope from the org directory (the availability document's frame), without evaluating a machine. */
  availabilityUnits?(scope: { unitId: string | null; recursive: boolean }): Promise<UnitsResponse['units']>;
}
