/**
 * What readiness documents are made from: the evaluation at a date, and completion over
 * time from the history. Implemented by the rule engine's service (collector/readiness.ts);
 * report routes and the `report` command depend only on this.
 */
import type { CompletionPoint, Evaluation, TaskRecord } from '../schema/index.js';
import type { TaskCheck } from './remediation/tasks.js';

export interface ReadinessSource {
  /**
   * The evaluation at `asOf` (a `YYYY-MM-DD` day, default today) for `unitId` and its
   * descendants, or (`recursive: false`) the unit's own rooms and machines alone. Routes pass
   * exactly the caller's scope (collector/access/scope.ts): nothing outside it is computed.
   */
  evaluate(opts: { unitId?: string | null; asOf?: string; recursive?: boolean }): Promise<Evaluation>;
  /** Completion per unit and rule for each day from `from` to `to` inclusive, from the history. */
  completionSeries(opts: { unitId?: string | null; from: string; to: string; recursive?: boolean }): Promise<CompletionPoint[]>;
  /** Which remediation tasks the data shows done (collector/readiness.ts); absent: none can be verified. */
  taskChecks?(tasks: ReadonlyArray<Pick<TaskRecord, 'id' | 'rule' | 'target' | 'createdAt'>>): Promise<TaskCheck[]>;
}
