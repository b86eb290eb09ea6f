/**
 * Remediation tasks (docs/remediation.md): `GET /api/v1/tasks?unit=&recursive=&assignee=&state=&overdue=`
 * (the caller's scope; `assignee=me` for one's own list), `POST /tasks` (an admin or the unit's
 * manager: a rule, a machine, room or unit, an assignee in scope, a due day), `PATCH /tasks/:id`
 * (status, note; reassignment and due day by a manager only; the assignee may report progress).
 * A task is verified only by the data (collector/remediation/verify.ts). Every change is an audit line.
 */
import { Hono } from 'hono';
import { NewTaskRequest, TaskChangeRequest, TaskState, UserName } from '../../schema/index.js';
import { z } from 'zod';
import { roleMay } from '../access/roles.js';
import { assertUnitInScope, authorize, changeBy, principalOf, readScope, scopeFilter, unitOf } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { notFound, parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { ScopeQuery } from './scope-query.js';
import { bodyUnit } from './exceptions.js';

export const fromTask = unitOf('this task', (c, deps) => (deps as AppDeps).remediation.tasks.get(c.req.param('id') ?? '')?.target.unit);

const ListQuery = ScopeQuery.extend({
  assignee: z.union([z.literal('me'), UserName]).optional(),
  state: TaskState.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export const taskRoutes = (deps: AppDeps) =>
  new Hono()
    .get('/tasks', authorize('read'), (c) => {
      const q = parseOr400(ListQuery, c.req.query(), 'query (unit, recursive, assignee, state, overdue)');
      const sees = scopeFilter(readScope(c, q), deps.org);
      const assignee = q.assignee === 'me' ? principalOf(c).actor.name : q.assignee;
      const tasks = deps.remediation.tasks
        .all()
        .filter((t) => sees(t.target.unit) && (!assignee || t.assignee === assignee))
        .map((t) => deps.remediation.tasks.view(t))
        .filter((t) => (!q.state || t.state === q.state) && (q.overdue === undefined || t.overdue === q.overdue))
        .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1));
      return c.json({ tasks });
    })
    .post('/tasks', limitBody(SMALL_BODY_BYTES, 'a new task'), authorize('tasks.manage'), async (c) => {
      const body = parseOr400(NewTaskRequest, await c.req.json().catch(() => undefined), 'new task ({"rule", "host"? or "unit" and "room"?, "assignee", "due": "YYYY-MM-DD", "note"?})');
      const unit = bodyUnit(deps, body);
      if (unit !== undefined) assertUnitInScope(c, unit);
      return c.json({ task: await deps.remediation.tasks.add(body, changeBy(c)) }, 201);
    })
    .patch('/tasks/:id', limitBody(SMALL_BODY_BYTES, 'a task change'), authorize('tasks.update', { unit: fromTask }), async (c) => {
      const id = c.req.param('id');
      if (!deps.remediation.tasks.get(id)) throw notFound(`no task ${id}; list them with GET /api/v1/tasks`);
      const body = parseOr400(TaskChangeRequest, await c.req.json().catch(() => undefined), 'task change ({"status"?: "open"|"in_progress"|"done", "note"?, "assignee"?, "due"?})');
      const manages = roleMay(principalOf(c).grant.role, 'tasks.manage');
      return c.json({ task: await deps.remediation.tasks.change(id, body, changeBy(c), manages) });
    });
