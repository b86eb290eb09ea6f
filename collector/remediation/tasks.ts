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
import { addDays } from '../../rules/deadline.js';
import { chooseAssignee, taskKey } from './auto-tasks.js';
import type { Assignee, AutoTaskCandidate } from './auto-tasks.js';
import type { RemediationContext } from './context.js';

/** What the verification found for a task whose rule now passes. */
export interface TaskCheck {
  id: string;
  evidence: string;
}

/** The actor of the audit lines the collector writes itself. */
export const COLLECTOR_ACTOR = { actor: { kind: 'collector' as const, name: 'collector', role: null, via: 'task verification' }, address: 'local' };

/** The actor of the automatic tasks' audit lines. */
export const PACK_ACTOR = { actor: { kind: 'collector' as const, name: 'collector', role: null, via: 'pack autoTasks' }, address: 'local' };

export class TaskStore extends RecordStore<TaskRecord> {
  /** Automatic tasks nobody could be assigned, already warned of (once per run of the collector). */
  private readonly unassignable = new Set<string>();

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

  /**
   * Creates the automatic tasks the data asks for (auto-tasks.ts), once per (rule, target):
   * a candidate whose key already has an open (unverified) task, by hand or by the pack, is
   * skipped, checked inside the one write so two runs never both add it. One `task.create`
   * audit line each, origin `pack`. `warn`: a candidate nobody can be assigned (no user at all).
   */
  async addAuto(candidates: readonly AutoTaskCandidate[], warn: (line: string) => void): Promise<TaskView[]> {
    // Most runs find every candidate already has its task: nothing is written then.
    const openKeys = new Set(this.open().map(taskKey));
    const users = this.ctx.users();
    const todo: Array<{ c: AutoTaskCandidate; who: Assignee }> = [];
    for (const c of candidates) {
      const key = taskKey(c);
      if (openKeys.has(key) || !this.ctx.ruleIds.has(c.rule)) continue;
      openKeys.add(key);
      const who = chooseAssignee(users, c.role, this.ctx.unitChain(c.target.unit));
      if (who) todo.push({ c, who });
      else if (!this.unassignable.has(key)) {
        this.unassignable.add(key);
        warn(`collector: warning: no enabled user to assign the automatic task for rule ${c.rule} in unit ${c.target.unit}${c.target.host ? ` (host ${c.target.host})` : ''} to: add a user with the role ${c.role} over the unit, or an admin (readiness user add)`);
      }
    }
    if (!todo.length) return [];
    const at = this.ctx.now().toISOString();
    const today = todayOf(this.ctx);
    const made = await this.file.change((all) => {
      const open = new Set(all.filter((t) => !t.verified).map(taskKey));
      const records: TaskRecord[] = [];
      for (const { c, who } of todo) {
        if (open.has(taskKey(c))) continue;
        const due = addDays(today, c.dueInDays);
        const note = who.fallback
          ? [{ at, by: 'collector', text: `No enabled ${c.role} covers unit ${c.target.unit}: assigned to ${who.name} (${who.fallback === 'unit_manager' ? "the unit's manager" : 'an admin'}) instead; reassign it when one is added.` }]
          : [];
        records.push({
          id: newId('t'),
          rule: c.rule,
          target: c.target,
          assignee: who.name,
          due,
          status: 'open',
          verified: null,
          createdAt: at,
          createdBy: 'collector',
          origin: 'pack',
          assignment: { role: c.role, fallback: who.fallback },
          notes: note,
          history: [{ at, by: 'collector', what: 'created', value: `${c.rule} → ${who.name} by ${due} (pack autoTasks: ${c.evidence})`.slice(0, 2000) }],
        });
      }
      return { records: [...all, ...records], value: records };
    });
    for (const r of made) {
      await this.ctx.audit(auditOf(PACK_ACTOR, 'task.create', r.id, { rule: r.rule, target: r.target, assignee: r.assignee, due: r.due, origin: 'pack', assignment: r.assignment }));
    }
    if (made.length) this.changed();
    return made.map((r) => this.view(r, today));
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
