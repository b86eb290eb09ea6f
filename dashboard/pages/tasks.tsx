/**
 * Remediation tasks (docs/remediation.md) in the browser: `/tasks` (the reader's own tasks,
 * then those of their scope, by unit, state and overdue), `/tasks/:id` (a task with its notes
 * and history; the assignee changes its status and adds notes, a manager also reassigns it or
 * moves its due day), `/tasks/new` (a manager assigns a failing rule of a machine, room or unit,
 * linked from the machine page). Through the API's own store and checks (collector/routes/tasks.ts,
 * collector/remediation/tasks.ts): the same scope, the same refusals, the same audit lines. A
 * task marked done while its rule still fails reads "reported done, not verified"; only the
 * data closes it.
 */
import { z } from 'zod';
import { assertUnitInScope, changeBy, principalOf, readScope, scopeFilter } from '../../collector/access/authorize.js';
import { roleMay } from '../../collector/access/roles.js';
import { ApiError, notFound } from '../../collector/errors.js';
import { fromTask } from '../../collector/routes/tasks.js';
import { NewTaskRequest, TaskChangeRequest, TaskState, TaskStatus } from '../../schema/index.js';
import type { TaskView } from '../../schema/index.js';
import { ErrorSummary, Field, Select, unitOptions } from '../components/forms.js';
import type { FieldErrors, Option } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { queryWith } from '../components/pager.js';
import { definePage } from '../page.js';
import type { DashboardContext, DashboardForm } from '../page.js';
import { assigneeOptions, fieldErrors, namesOf, ruleTitleOf, TargetInputs, targetFields, targetHref, targetOfFields, targetText, unitOfFields } from '../remediation-view.js';
import type { Names, TargetFields } from '../remediation-view.js';
import type { View } from '../view.js';

/** Task ids only (`t-` and ten letters or digits), so `/tasks/new` is never read as a task. */
const TASK_PATH = '/tasks/:id{t-[a-z0-9]{10}}';
export const taskHref = (id: string) => `/tasks/${encodeURIComponent(id)}`;

const STATE_TAG: Record<TaskState, string> = { open: 'fail', in_progress: 'at_risk', reported_done: 'unknown', verified: 'pass' };

export const TaskStateTag = ({ task, view }: { task: Pick<TaskView, 'state' | 'overdue'>; view: View }) => {
  const T = view.P.remediation.task;
  return (
    <>
      <strong class={`tag s-${STATE_TAG[task.state]}`}>{T.state[task.state]}</strong>
      {task.overdue ? (
        <>
          {' '}
          <strong class="tag s-overdue">{T.overdue}</strong>
        </>
      ) : null}
    </>
  );
};

function TaskTable({ tasks, names, view, caption }: { tasks: TaskView[]; names: Names; view: View; caption: string }) {
  const T = view.P.remediation.task;
  if (!tasks.length) return <p class="none">{T.none}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{T.col.rule}</th>
            <th scope="col">{T.col.target}</th>
            <th scope="col">{T.col.assignee}</th>
            <th scope="col">{T.col.due}</th>
            <th scope="col">{T.col.state}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr data-task={t.id}>
              <td>
                <a href={taskHref(t.id)}>{ruleTitleOf(names, t.rule)}</a>
              </td>
              <td>
                <a href={targetHref(t.target)}>{targetText(names, t.target, view)}</a>
              </td>
              <td>{t.assignee}</td>
              <td class="nowrap">{view.fmt.day(t.due)}</td>
              <td>
                <TaskStateTag task={t} view={view} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const ListQuery = z.object({
  unit: z.string().min(1).max(64).optional().catch(undefined),
  state: TaskState.optional().catch(undefined),
  overdue: z.literal('1').optional().catch(undefined),
});
type ListQuery = z.infer<typeof ListQuery>;

interface TasksData {
  query: ListQuery;
  names: Names;
  mine: TaskView[];
  listed: TaskView[];
}

const byDue = (a: TaskView, b: TaskView) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1);

function TasksPage({ data, view }: { data: TasksData; view: View }) {
  const T = view.P.remediation.task;
  const { query } = data;
  const stateOptions: Option[] = [{ value: '', label: T.anyState }, ...TaskState.options.map((s) => ({ value: s, label: T.state[s] }))];
  return (
    <Layout view={view} title={T.title} active="tasks">
      <h1>{T.title}</h1>
      <p class="lead">{T.lead}</p>
      {view.may('tasks.manage') ? (
        <p class="actions">
          <a class="button" href={`/tasks/new${queryWith({ unit: query.unit })}`}>
            {T.create}
          </a>
        </p>
      ) : null}
      <h2 id="mine">{T.mine}</h2>
      <TaskTable tasks={data.mine} names={data.names} view={view} caption={T.mine} />
      <h2 id="all">{T.all}</h2>
      <form class="panel" method="get" action="/tasks" role="search">
        <h3 class="visually-hidden">{T.filters}</h3>
        <Field name="unit" label={T.unit}>
          <Select name="unit" value={query.unit} options={unitOptions(data.names.units, view.L.meta.allUnits)} />
        </Field>
        <Field name="state" label={T.col.state}>
          <Select name="state" value={query.state} options={stateOptions} />
        </Field>
        <div class="field">
          <label>
            <input type="checkbox" name="overdue" value="1" checked={query.overdue === '1'} /> {T.overdueOnly}
          </label>
        </div>
        <button type="submit" class="secondary">
          {T.show}
        </button>
      </form>
      <TaskTable tasks={data.listed} names={data.names} view={view} caption={T.all} />
    </Layout>
  );
}

export const tasksPage = definePage<TasksData>({
  id: 'tasks',
  path: '/tasks',
  access: { action: 'read' },
  load: async ({ c, deps, readiness, view }) => {
    const query = ListQuery.parse(c.req.query());
    // A unit outside the reader's scope is refused, as GET /api/v1/tasks?unit= refuses it.
    const scope = readScope(c, { unit: query.unit });
    const sees = scopeFilter(scope, deps.org);
    const me = principalOf(c).actor.name;
    const tasks = deps.remediation.tasks
      .all()
      .filter((t) => sees(t.target.unit))
      .map((t) => deps.remediation.tasks.view(t));
    const listed = tasks.filter((t) => (!query.state || t.state === query.state) && (!query.overdue || t.overdue)).sort(byDue);
    // Their own list: every task of theirs the scope shows, closed ones last.
    const mine = tasks.filter((t) => t.assignee === me).sort((a, b) => Number(a.state === 'verified') - Number(b.state === 'verified') || byDue(a, b));
    return { query, names: await namesOf(deps, readiness, readScope(c, {}), view), mine, listed };
  },
  render: (data, view) => <TasksPage data={data} view={view} />,
});

// ---- one task

interface TaskData {
  task: TaskView;
  names: Names;
  /** The reader may change it: its assignee, or a manager over its unit. */
  mayChange: boolean;
  manages: boolean;
  assignees: Option[];
  fields: { status: string; note: string; assignee: string; due: string };
  errors: FieldErrors;
}

/** A note added to a task, on the task page and when assigning one (at most 2,000 characters, as the API takes). */
function NoteField({ value, errors, view }: { value: string; errors: FieldErrors; view: View }) {
  const T = view.P.remediation.task;
  return (
    <Field name="note" label={T.addNote} hint={T.noteHint} errors={errors} wide>
      <textarea id="note" name="note" rows={3} maxlength={2000} aria-describedby="note-hint">
        {value}
      </textarea>
    </Field>
  );
}

function TaskPage({ data, view }: { data: TaskData; view: View }) {
  const T = view.P.remediation.task;
  const { task, names, fields } = data;
  const title = ruleTitleOf(names, task.rule);
  const statusOptions: Option[] = TaskStatus.options.map((s) => ({ value: s, label: T.status[s] }));
  return (
    <Layout view={view} title={title} active="tasks">
      <ol class="breadcrumbs">
        <li>
          <a href="/tasks">{T.title}</a>
        </li>
        <li>{title}</li>
      </ol>
      <ErrorSummary errors={data.errors} view={view} />
      <h1>{title}</h1>
      <p>
        <TaskStateTag task={task} view={view} />
      </p>
      {task.state === 'reported_done' ? <p class="notice warn">{T.reportedDoneHint}</p> : null}
      {task.verified ? <p class="notice ok">{T.verifiedOn(view.fmt.dateTime(task.verified.at), task.verified.evidence)}</p> : null}
      <dl class="summary">
        <dt>{T.col.target}</dt>
        <dd>
          <a href={targetHref(task.target)}>{targetText(names, task.target, view)}</a>
        </dd>
        <dt>{T.col.assignee}</dt>
        <dd>{task.assignee}</dd>
        <dt>{T.col.due}</dt>
        <dd>{view.fmt.day(task.due)}</dd>
        <dt>{T.col.createdBy}</dt>
        <dd>{`${task.createdBy}, ${view.fmt.dateTime(task.createdAt)}`}</dd>
      </dl>
      <h2>{T.notes}</h2>
      {task.notes.length ? (
        <ul class="plain">
          {task.notes.map((n) => (
            <li>
              <span class="hint">{`${view.fmt.dateTime(n.at)} · ${n.by}`}</span> {n.text}
            </li>
          ))}
        </ul>
      ) : (
        <p class="none">{T.noNotes}</p>
      )}
      {data.mayChange && !task.verified ? (
        <form method="post" action={taskHref(task.id)} class="panel">
          <h2>{T.change}</h2>
          <p class="hint">{T.changeLead}</p>
          <Field name="status" label={T.newStatus} errors={data.errors}>
            <Select name="status" value={fields.status} options={statusOptions} />
          </Field>
          <NoteField value={fields.note} errors={data.errors} view={view} />
          {data.manages ? (
            <>
              <Field name="assignee" label={T.col.assignee} hint={T.assigneeHint} errors={data.errors}>
                <Select name="assignee" value={fields.assignee} options={data.assignees} describedBy />
              </Field>
              <Field name="due" label={T.col.due} errors={data.errors}>
                <input type="date" id="due" name="due" value={fields.due} />
              </Field>
            </>
          ) : null}
          <button type="submit">{T.save}</button>
        </form>
      ) : null}
      <h2>{T.history}</h2>
      <ul class="plain">
        {task.history.map((e) => (
          <li>
            <span class="hint">{`${view.fmt.dateTime(e.at)} · ${e.by}`}</span> {`${T.event[e.what] ?? e.what}: ${e.what === 'status' && e.value in T.status ? T.status[e.value as TaskStatus] : e.value}`}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function taskOf(ctx: DashboardContext): TaskView {
  const id = ctx.c.req.param('id')!;
  const task = ctx.deps.remediation.tasks.get(id);
  if (!task) throw notFound(`no task ${id}`);
  return ctx.deps.remediation.tasks.view(task);
}

async function loadTask(ctx: DashboardContext, fields?: TaskData['fields'], errors: FieldErrors = {}): Promise<TaskData> {
  const { c, deps, readiness, view } = ctx;
  const task = taskOf(ctx);
  const principal = principalOf(c);
  // The route checked the task's unit is in the reader's scope; managing it is the role's.
  const manages = roleMay(principal.grant.role, 'tasks.manage');
  const mayChange = roleMay(principal.grant.role, 'tasks.update') && (manages || principal.actor.name === task.assignee);
  return {
    task,
    names: await namesOf(deps, readiness, readScope(c, {}), view),
    mayChange,
    manages,
    assignees: assigneeOptions(deps, task.target.unit, view.P.remediation.task.chooseAssignee),
    fields: fields ?? { status: task.status, note: '', assignee: task.assignee, due: task.due },
    errors,
  };
}

export const taskPage = definePage<TaskData>({
  id: 'task',
  path: TASK_PATH,
  access: { action: 'read', unit: fromTask },
  load: (ctx) => loadTask(ctx),
  render: (data, view) => <TaskPage data={data} view={view} />,
});

/** A refusal of the store (a bad assignee, a past day, a closed task) shown on the form, as the API's sentence. */
const refusal = (err: unknown): string | null => (err instanceof ApiError && (err.status === 400 || err.status === 403 || err.status === 404) ? err.message : null);

export const taskChangeForm: DashboardForm = {
  id: 'task-change',
  path: TASK_PATH,
  access: { action: 'tasks.update', unit: fromTask },
  handle: async (ctx, f) => {
    const T = ctx.view.P.remediation.task;
    const current = taskOf(ctx);
    const manages = roleMay(principalOf(ctx.c).grant.role, 'tasks.manage');
    const fields = { status: f.status ?? '', note: (f.note ?? '').trim(), assignee: f.assignee ?? '', due: f.due ?? '' };
    // Only what changed is sent, as a PATCH would send it; a manager's unchanged assignee and due are left out.
    const body = {
      ...(fields.status && fields.status !== current.status ? { status: fields.status } : {}),
      ...(fields.note ? { note: fields.note } : {}),
      ...(manages && fields.assignee && fields.assignee !== current.assignee ? { assignee: fields.assignee } : {}),
      ...(manages && fields.due && fields.due !== current.due ? { due: fields.due } : {}),
    };
    const parsed = TaskChangeRequest.safeParse(body);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error.issues, { status: T.changeSomething, note: T.noteTooLong, due: T.chooseDue, assignee: T.chooseAssignee }, 'status');
      return { page: <TaskPage data={await loadTask(ctx, fields, errors)} view={ctx.view} />, status: 400 };
    }
    try {
      await ctx.deps.remediation.tasks.change(current.id, parsed.data, changeBy(ctx.c), manages);
      // The evaluation carries the tasks (the documents' "who does what by when"): made afresh.
      await ctx.readiness.clear();
    } catch (err) {
      const message = refusal(err);
      if (message === null) throw err;
      return { page: <TaskPage data={await loadTask(ctx, fields, { status: message })} view={ctx.view} />, status: (err as ApiError).status as 400 | 403 | 404 };
    }
    return { redirect: `${taskHref(current.id)}?done=1` };
  },
};

// ---- a new task

interface NewTaskData {
  fields: TargetFields & { assignee: string; due: string; note: string };
  names: Names;
  assignees: Option[];
  errors: FieldErrors;
}

function NewTaskPage({ data, view }: { data: NewTaskData; view: View }) {
  const T = view.P.remediation.task;
  const { fields, names } = data;
  const ruleOptions: Option[] = [{ value: '', label: T.chooseRule }, ...names.rules.map((r) => ({ value: r.id, label: r.title }))];
  return (
    <Layout view={view} title={T.create} active="tasks">
      <ErrorSummary errors={data.errors} view={view} />
      <h1>{T.create}</h1>
      <p class="lead">{T.createLead}</p>
      <form method="post" action="/tasks/new" class="panel">
        <Field name="rule" label={T.rule} hint={T.ruleHint} errors={data.errors} wide>
          <Select name="rule" value={fields.rule} options={ruleOptions} describedBy />
        </Field>
        <TargetInputs fields={fields} names={names} errors={data.errors} view={view} />
        <Field name="assignee" label={T.col.assignee} hint={T.assigneeHint} errors={data.errors}>
          <Select name="assignee" value={fields.assignee} options={data.assignees} describedBy />
        </Field>
        <Field name="due" label={T.col.due} hint={T.dueHint} errors={data.errors}>
          <input type="date" id="due" name="due" value={fields.due} aria-describedby="due-hint" />
        </Field>
        <NoteField value={fields.note} errors={data.errors} view={view} />
        <button type="submit">{T.submit}</button>
      </form>
    </Layout>
  );
}

async function loadNewTask(ctx: DashboardContext, q: Record<string, string | undefined>, errors: FieldErrors = {}): Promise<NewTaskData> {
  const { c, deps, readiness, view } = ctx;
  const fields = { ...targetFields(q), assignee: (q.assignee ?? '').slice(0, 64), due: (q.due ?? '').slice(0, 10), note: (q.note ?? '').slice(0, 2000) };
  const unit = unitOfFields(deps, fields);
  // A machine or unit outside the reader's scope is refused before anything of it is shown.
  if (unit) assertUnitInScope(c, unit);
  return { fields, names: await namesOf(deps, readiness, readScope(c, {}), view), assignees: assigneeOptions(deps, unit, view.P.remediation.task.chooseAssignee), errors };
}

export const newTaskPage = definePage<NewTaskData>({
  id: 'task-new',
  path: '/tasks/new',
  access: { action: 'tasks.manage' },
  load: (ctx) => loadNewTask(ctx, ctx.c.req.query()),
  render: (data, view) => <NewTaskPage data={data} view={view} />,
});

export const newTaskForm: DashboardForm = {
  id: 'task-new',
  path: '/tasks/new',
  access: { action: 'tasks.manage' },
  handle: async (ctx, f) => {
    const T = ctx.view.P.remediation.task;
    const target = targetFields(f);
    const note = (f.note ?? '').trim();
    const parsed = NewTaskRequest.safeParse({ rule: target.rule, ...targetOfFields(target), assignee: f.assignee ?? '', due: f.due ?? '', ...(note ? { note } : {}) });
    const again = async (errors: FieldErrors, status: 400 | 403 | 404 = 400) => ({ page: <NewTaskPage data={await loadNewTask(ctx, f, errors)} view={ctx.view} />, status });
    if (!parsed.success) {
      return again(fieldErrors(parsed.error.issues, { rule: T.chooseRule, unit: T.chooseUnit, room: T.chooseUnit, host: T.chooseUnit, assignee: T.chooseAssignee, due: T.chooseDue, note: T.noteTooLong }, 'rule'));
    }
    const unit = unitOfFields(ctx.deps, target);
    if (unit) assertUnitInScope(ctx.c, unit);
    let created: TaskView;
    try {
      created = await ctx.deps.remediation.tasks.add(parsed.data, changeBy(ctx.c));
      await ctx.readiness.clear();
    } catch (err) {
      const message = refusal(err);
      if (message === null) throw err;
      // The store's sentence beside the field it is about.
      const field = /^due /.test(message) ? 'due' : /user "/.test(message) ? 'assignee' : /host /.test(message) || /unit|room/.test(message) ? 'unit' : 'rule';
      return again({ [field]: message }, (err as ApiError).status as 400 | 403 | 404);
    }
    return { redirect: `${taskHref(created.id)}?done=1` };
  },
};
