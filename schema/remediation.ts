/**
 * The "5 rõ" follow-through (docs/remediation.md): remediation tasks (a failing or unknown rule
 * on a machine, a room or a unit, with an assignee and a due date) and exceptions (a rule that
 * does not apply to a machine, room or unit, approved by someone the pack allows, until a day).
 * Both are durable records of the collector (`data/tasks.json`, `data/exceptions.json`), and
 * both are inputs of the evaluation (exceptions make results read `exempted`; tasks are printed
 * as "who does what by when").
 */
import { z } from 'zod';
import { Day, RuleId, Timestamp, Uuid } from './common.js';
import { RoomId, UnitId } from './enrollment.js';
import { Role, UserName } from './access.js';
import { ATTACHMENT_FILE } from './scan.js';

/** What a task or an exception is about: a machine (`host`), a room, or a unit's own rooms and machines. */
export const RemediationTarget = z
  .object({
    unit: UnitId,
    room: RoomId.nullable(),
    /** The machine's agent id; null for a room or a unit. */
    host: Uuid.nullable(),
  })
  .strict();
export type RemediationTarget = z.infer<typeof RemediationTarget>;

const Reason = z.string().trim().min(10, 'say why in a sentence (at least 10 characters)').max(1000);
const Note = z.string().trim().min(1).max(2000);

/** Who did something, as the audit log names them. */
export const RemediationActor = z.object({ name: z.string(), role: Role.nullable() }).strict();
export type RemediationActor = z.infer<typeof RemediationActor>;

// ---- exceptions

/**
 * The approving decision on paper, as a PDF or a photo, added to an exception after it was
 * stored (`POST /exceptions/:id/attachments`); the bytes are kept by SHA-256 beside the file.
 */
export const ExceptionAttachment = z
  .object({
    ...ATTACHMENT_FILE,
    by: RemediationActor,
    at: Timestamp,
  })
  .strict();
export type ExceptionAttachment = z.infer<typeof ExceptionAttachment>;

export const ExceptionRecord = z
  .object({
    id: z.string().regex(/^ex-[a-z0-9]{10}$/),
    rule: RuleId,
    target: RemediationTarget,
    reason: Reason,
    /** The approving decision (its number and date), when there is one on paper. */
    reference: z.string().max(300).nullable(),
    /** The approver: the user who recorded it, holding a role the pack allows to approve. */
    approvedBy: RemediationActor,
    createdAt: Timestamp,
    /** The last day it holds: it ends at midnight after this day in the org's time zone. */
    expiresOn: Day,
    revoked: z.object({ at: Timestamp, by: RemediationActor }).strict().nullable(),
    /** The approving decision's files, oldest first; absent in records older than attachments. */
    attachments: z.array(ExceptionAttachment).optional(),
  })
  .strict();
export type ExceptionRecord = z.infer<typeof ExceptionRecord>;

export const ExceptionState = z.enum(['active', 'expired', 'revoked']);
export type ExceptionState = z.infer<typeof ExceptionState>;

/** `POST /api/v1/exceptions`: a machine (`host`), else a room (`unit` + `room`), else a unit. */
export const NewExceptionRequest = z
  .object({
    rule: RuleId,
    unit: UnitId.optional(),
    room: RoomId.nullable().optional(),
    host: Uuid.optional(),
    reason: Reason,
    reference: z.string().trim().max(300).optional(),
    /** The last day the exception holds (YYYY-MM-DD, the org's calendar). */
    expires: Day,
  })
  .strict()
  .refine((b) => b.unit !== undefined || b.host !== undefined, { message: 'name the machine (host) or the unit (with a room, or without for the whole unit)', path: ['unit'] });
export type NewExceptionRequest = z.infer<typeof NewExceptionRequest>;

/** An exception as lists and documents show it: its state at the moment asked. */
export const ExceptionView = ExceptionRecord.extend({ state: ExceptionState, attachments: z.array(ExceptionAttachment) });
export type ExceptionView = z.infer<typeof ExceptionView>;

// ---- tasks

/** Set by hand. `done` by hand while the data still shows the rule failing reads "reported done, not verified". */
export const TaskStatus = z.enum(['open', 'in_progress', 'done']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** What a reader is told: `verified` only when the data showed the rule passing. */
export const TaskState = z.enum(['open', 'in_progress', 'reported_done', 'verified']);
export type TaskState = z.infer<typeof TaskState>;

export const TaskEvent = z
  .object({
    at: Timestamp,
    /** The user, or `collector` for the verification by data. */
    by: z.string(),
    /** created, status, assignee, due, note, verified. */
    what: z.enum(['created', 'status', 'assignee', 'due', 'note', 'verified']),
    /** The new value, the note's text, or for `verified` what showed it. */
    value: z.string().max(2000),
  })
  .strict();
export type TaskEvent = z.infer<typeof TaskEvent>;

export const TaskRecord = z
  .object({
    id: z.string().regex(/^t-[a-z0-9]{10}$/),
    rule: RuleId,
    target: RemediationTarget,
    assignee: UserName,
    due: Day,
    status: TaskStatus,
    /** Set by the collector, never by a request: the rule passed for the target on this day (a report showed it). */
    verified: z.object({ at: Timestamp, evidence: z.string().max(500) }).strict().nullable(),
    createdAt: Timestamp,
    createdBy: z.string(),
    /** `pack`: created by the pack's `autoTasks` setting for a rule past its deadline. */
    origin: z.enum(['manual', 'pack']),
    /**
     * A `pack` task's assignment (docs/remediation.md "Automatic tasks"): the rule's owner role,
     * and `fallback` the role it went to instead when no user of that role covers the unit
     * (the unit's manager, else an admin); null when a user of the owner role was found.
     */
    assignment: z.object({ role: Role, fallback: z.enum(['unit_manager', 'admin']).nullable() }).strict().optional(),
    notes: z.array(z.object({ at: Timestamp, by: z.string(), text: Note }).strict()).max(200),
    history: z.array(TaskEvent).max(500),
  })
  .strict();
export type TaskRecord = z.infer<typeof TaskRecord>;

export const NewTaskRequest = z
  .object({
    rule: RuleId,
    unit: UnitId.optional(),
    room: RoomId.nullable().optional(),
    host: Uuid.optional(),
    assignee: UserName,
    due: Day,
    note: Note.optional(),
  })
  .strict()
  .refine((b) => b.unit !== undefined || b.host !== undefined, { message: 'name the machine (host) or the unit (with a room, or without for the whole unit)', path: ['unit'] });
export type NewTaskRequest = z.infer<typeof NewTaskRequest>;

export const TaskChangeRequest = z
  .object({
    status: TaskStatus.optional(),
    assignee: UserName.optional(),
    due: Day.optional(),
    note: Note.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'change something: status, assignee, due or note', path: [] });
export type TaskChangeRequest = z.infer<typeof TaskChangeRequest>;

/** A task as lists and documents show it. */
export const TaskView = TaskRecord.extend({ state: TaskState, overdue: z.boolean() });
export type TaskView = z.infer<typeof TaskView>;

/** The state a reader sees: verified by data first, then what was set by hand. */
export const taskState = (t: Pick<TaskRecord, 'status' | 'verified'>): TaskState => (t.verified ? 'verified' : t.status === 'done' ? 'reported_done' : t.status);
