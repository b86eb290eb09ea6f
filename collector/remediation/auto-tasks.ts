/**
 * Automatic remediation tasks (docs/remediation.md "Automatic tasks"): the packs' `autoTasks`
 * setting asks a task for each (rule, target) the whole-fleet evaluation finds failing past the
 * deadline status it names (`Readiness.autoTaskCandidates`, run on the evaluation worker); this
 * file chooses the assignee and says which candidates already have an open task. Creation is
 * `TaskStore.addAuto` (one write for the run, then one `task.create` audit line per task).
 */
import type { DeadlineStatus, RemediationTarget, Role, TaskRecord, UserView } from '../../schema/index.js';
import type { AutoTasks } from '../../schema/index.js';
import { grantOf } from '../access/access-store.js';
import { grantCovers } from '../access/scope.js';

/** One task the data asks for: made on the evaluation worker, created on the main thread. */
export interface AutoTaskCandidate {
  rule: string;
  target: RemediationTarget;
  /** The rule's `owner.role`. */
  role: Role;
  dueInDays: number;
  /** The rule's deadline status over the unit's own rooms and machines. */
  status: DeadlineStatus;
  /** What the data showed, kept in the task's history. */
  evidence: string;
}

/** Whether a deadline status meets the setting's `when` (failing machines are checked apart). */
export function triggers(when: AutoTasks['when'], status: DeadlineStatus): boolean {
  if (when === 'failing') return status !== 'not_applicable';
  if (when === 'at_risk') return status === 'at_risk' || status === 'overdue';
  return status === 'overdue';
}

/** The one key of a (rule, target): a second task is not made while one with the same key is open. */
export const taskKey = (t: Pick<TaskRecord, 'rule' | 'target'>) => `${t.rule}|${t.target.unit}|${t.target.room ?? ''}|${t.target.host ?? ''}`;

/** What the choice reads of a user. */
export type AssignableUser = Pick<UserView, 'name' | 'role' | 'unit' | 'recursive' | 'disabled'>;

export interface Assignee {
  name: string;
  /** Null: a user of the owner role; else the role it went to because none covers the unit. */
  fallback: 'unit_manager' | 'admin' | null;
}

/**
 * Who gets a task for `unit`: an enabled user with `role` whose scope covers the unit, the
 * narrowest scope first (a grant on the unit itself before one on a unit above it, the whole
 * organisation last), then by name. None: the unit's manager chosen the same way, else an admin
 * by name; null when there is nobody at all.
 */
export function chooseAssignee(users: readonly AssignableUser[], role: Role, chain: readonly string[]): Assignee | null {
  const pick = (r: Role) => {
    const width = (u: AssignableUser) => {
      const g = grantOf(u);
      return g.unit === null ? chain.length : chain.indexOf(g.unit);
    };
    const fit = users.filter((u) => u.role === r && !u.disabled && grantCovers(grantOf(u), chain));
    fit.sort((a, b) => width(a) - width(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return fit[0]?.name ?? null;
  };
  const own = pick(role);
  if (own) return { name: own, fallback: null };
  for (const fallback of ['unit_manager', 'admin'] as const) {
    if (fallback === role) continue;
    const name = pick(fallback);
    if (name) return { name, fallback };
  }
  return null;
}
