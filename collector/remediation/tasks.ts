/**
 * Remediation tasks (docs/remediation.md): `data/tasks.json`, one crash-safe file of records
 * (record-file.ts), each change followed by its audit line before it is answered. A task is
 * closed only by the data: `verify` marks it verified when the evaluation shows its rule passing
 * for its target (collector/remediation/verify.ts asks the evaluation worker). Set to `done` by
 * hand while the rule still fails, it reads "reported done, not verified".
 */
import { join } from 'node:path';
import { TaskRecord, taskState } from '../../schema/index.js';
import type { NewTaskRequest, TaskChangeRequest, TaskEvent, TaskView } from '../../schema/index.js';
import type { ChangeBy } from '../access/access-store.js';
import { grantOf } from '../access/access-store.js';
import { grantCovers } from '../access/scope.js';
import { badRequest, forbidden } from '../errors.js';
import { RecordStore } from './record-file.js';
import { assertRule, auditOf, newId, resolveTarget, todayOf } from './context.js';
import type { RemediationContext } from './context.js';

/** What the verification found for a task whose rule now passes. */
export interface TaskCheck {
  id: string;
  evidence: string;
}

/** The actor of the audit lines the collector writes itself. */
export const COLLECTOR_ACTOR = { actor: { kind: 'collector' as const, name: 'collector', role: null, via: 'task verification' }, address: 'local' };

export class TaskStore extends RecordStore<TaskRecord> {
  constructor(
    dataDir: string | null,
    private readonly ctx: RemediationContext,
  ) {
    super(dataDir === null ? null : join(dataDir, 'tasks.json'), TaskRecord);
  }

  /** Tasks the data has not verified yet: those the verification looks at. */
  open(): TaskRecord[] {
    return this.file.all().filter((t) => !t.verified);
  }

  view(t: TaskRecord, day = todayOf(this.ctx)): TaskView {
    return { ...t, state: taskState(t), overdue: !t.verified && t.due < day };
  }

  /** The assignee must be an enabled user whose scope covers the task's unit. */
  private assertAssignee(name: string, unit: string): void {
    const user = this.ctx.user(name);
    if (!user || user.disabled) throw badRequest(`no enabled user "${name}" to assign the task to; list the users with GET /api/v1/users`);
    if (!grantCovers(grantOf(user), this.ctx.unitChain(unit))) throw badRequest(`user "${name}" cannot see unit ${unit}, so cannot be assigned a task there; choose someone whose scope covers it`);
  }

  async add(body: NewTaskRequest, by: ChangeBy, origin: TaskRecord['origin'] = 'manual'): Promise<TaskView> {
    assertRule(this.ctx, body.rule);
    const target = resolveTarget(this.ctx, body);
    this.assertAssignee(body.assignee, target.unit);
    const at = this.ctx.now().toISOString();
    const today = todayOf(this.ctx);
    if (body.due < today) throw badRequest(`due ${body.due} is already past (today is ${today} in ${this.ctx.timeZone}); give the day the work must be done by`);
    const record: TaskRecord = {
      id: newId('t'),
      rule: body.rule,
      target,
      assignee: body.assignee,
      due: body.due,
      status: 'open',
      verified: null,
      createdAt: at,
      createdBy: by.actor.name,
      origin,
      notes: body.note ? [{ at, by: by.actor.name, text: body.note }] : [],
      history: [{ at, by: by.actor.name, what: 'created', value: `${body.rule} → ${body.assignee} by ${body.due}` }],
    };
    await this.file.change((all) => ({ records: [...all, record], value: null }));
    await this.ctx.audit(auditOf(by, 'task.create', record.id, { rule: record.rule, target, assignee: record.assignee, due: record.due, origin }));
    this.changed();
    return this.view(record, today);
  }

  /**
   * A change by hand. `manages`: the caller holds `tasks.manage` over the task's unit; otherwise
   * only the assignee may change the task, and only its status and notes.
   */
  async change(id: string, body: TaskChangeRequest, by: ChangeBy, manages: boolean): Promise<TaskView> {
    const current = this.get(id)!;
    if (!manages) {
      if (by.actor.name !== current.assignee || by.actor.kind !== 'user') throw forbidden(`task ${id} is assigned to ${current.assignee}: only they, an admin or the unit's manager may change it`);
      if (body.assignee !== undefined || body.due !== undefined) throw forbidden('only an admin or the unit\'s manager may reassign a task or move its due date');
    }
    if (body.assignee !== undefined) this.assertAssignee(body.assignee, current.target.unit);
    if (current.verified && (body.status !== undefined || body.assignee !== undefined || body.due !== undefined)) {
      throw badRequest(`task ${id} was verified by the data on ${current.verified.at}; it is closed (add a note, or open a new task if the rule fails again)`);
    }
    const at = this.ctx.now().toISOString();
    const name = by.actor.name;
    const events: TaskEvent[] = [];
    if (body.status !== undefined && body.status !== current.status) events.push({ at, by: name, what: 'status', value: body.status });
    if (body.assignee !== undefined && body.assignee !== current.assignee) events.push({ at, by: name, what: 'assignee', value: body.assignee });
    if (body.due !== undefined && body.due !== current.due) events.push({ at, by: name, what: 'due', value: body.due });
    if (body.note !== undefined) events.push({ at, by: name, what: 'note', value: body.note });
    const next = await this.file.change((all) => {
      const i = all.findIndex((t) => t.id === id);
      const t = all[i]!;
      const changed: TaskRecord = {
        ...t,
        status: body.status ?? t.status,
        assignee: body.assignee ?? t.assignee,
        due: body.due ?? t.due,
        notes: body.note ? [...t.notes, { at, by: name, text: body.note }].slice(-200) : t.notes,
        history: [...t.history, ...events].slice(-500),
      };
      const records = [...all];
      records[i] = changed;
      return { records, value: changed };
    });
    await this.ctx.audit(auditOf(by, 'task.change', id, { changes: events.map((e) => ({ what: e.what, value: e.value })) }));
    this.changed();
    return this.view(next);
  }

  /** Marks verified the tasks whose rule the data shows passing; one audit line each. */
  async verify(checks: readonly TaskCheck[]): Promise<string[]> {
    const open = new Map(checks.filter((c) => this.get(c.id) && !this.get(c.id)!.verified).map((c) => [c.id, c]));
    if (!open.size) return [];
    const at = this.ctx.now().toISOString();
    const verified = await this.file.change((all) => {
      const done: string[] = [];
      const records = all.map((t) => {
        const check = open.get(t.id);
        if (!check || t.verified) return t;
        done.push(t.id);
        return { ...t, verified: { at, evidence: check.evidence.slice(0, 500) }, history: [...t.history, { at, by: 'collector', what: 'verified' as const, value: check.evidence.slice(0, 2000) }].slice(-500) };
      });
      return { records, value: done };
    });
    for (const id of verified) await this.ctx.audit(auditOf(COLLECTOR_ACTOR, 'task.verify', id, { evidence: open.get(id)!.evidence }));
    this.changed();
    return verified;
  }
}
