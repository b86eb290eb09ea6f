/**
 * `readiness task list|add` and `readiness exception add|list|attach`: remediation tasks and
 * exceptions on a running collector (docs/remediation.md), with a personal token
 * (`--token` or READINESS_TOKEN). The collector checks who may do what, as for the API.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ExceptionView, TaskView } from '../../schema/index.js';
import { attachmentType, CONTENT_TYPE } from '../../collector/scans/attachment.js';
import { CliError, printData } from '../fail.js';
import { callCollector, remoteOptions } from '../remote.js';
import type { Remote } from '../remote.js';

type Json = Remote & { json?: boolean };
type TargetOptions = { unit?: string; room?: string; host?: string };

const remote = (cmd: Command) => remoteOptions(cmd).option('--json', 'print the result as JSON');
const targeted = (cmd: Command) =>
  cmd
    .requiredOption('--rule <id>', 'the rule (e.g. firewall-on)')
    .option('--host <agentId>', 'a machine (its unit and room come with it)')
    .option('--unit <id>', 'a unit (with --room: a room of it; alone: its own rooms and machines)')
    .option('--room <id>', 'a room of --unit');

const target = (o: TargetOptions) => ({ ...(o.host ? { host: o.host } : {}), ...(o.unit ? { unit: o.unit } : {}), ...(o.room ? { room: o.room } : {}) });
const where = (t: { unit: string; room: string | null; host: string | null }) => (t.host ? `host ${t.host}` : t.room ? `unit ${t.unit}, room ${t.room}` : `unit ${t.unit}`);
const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  return q.size ? `?${q}` : '';
};

const STATE: Record<TaskView['state'], string> = { open: 'open', in_progress: 'in progress', reported_done: 'reported done, not verified', verified: 'verified by the data' };

const taskLine = (t: TaskView) => `${t.id}  ${t.rule} on ${where(t.target)} → ${t.assignee} by ${t.due}: ${STATE[t.state]}${t.overdue ? ' (OVERDUE)' : ''}`;
const exceptionLine = (e: ExceptionView) =>
  `${e.id}  ${e.rule} on ${where(e.target)} until the end of ${e.expiresOn} (${e.state}), approved by ${e.approvedBy.name}: ${e.reason}` +
  e.attachments.map((a) => `\n    attached ${a.fileName || a.type} (${a.type}, ${a.bytes} bytes, sha256 ${a.sha256}) by ${a.by.name}`).join('');

const readAttachment = (file: string) =>
  readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${err.code ?? err.message}; nothing was sent`);
  });

/**
 * Sends a file as the approving decision of exception `id`. The content type is what its first
 * bytes say (the collector checks them again and refuses anything but a PDF, JPEG or PNG).
 */
async function attachFile(o: Remote, id: string, file: string, bytes: Uint8Array): Promise<ExceptionView> {
  const type = attachmentType(bytes);
  const path = `/exceptions/${encodeURIComponent(id)}/attachments?name=${encodeURIComponent(basename(file))}`;
  const { exception } = await callCollector<{ exception: ExceptionView }>(o, 'POST', path, undefined, 'attachment', { bytes, type: type ? CONTENT_TYPE[type] : 'application/octet-stream' });
  return exception;
}

export function registerTask(program: Command): void {
  const task = program.command('task').description('remediation tasks: who fixes which rule where, by when (closed only when the data shows the rule passing)');
  remote(
    task
      .command('list')
      .description('tasks of your units')
      .option('--unit <id>', "only this unit's (and the units below it)")
      .option('--assignee <name>', 'only those assigned to this user ("me" for your own)')
      .option('--state <state>', 'open, in_progress, reported_done or verified')
      .option('--overdue', 'only tasks past their due day and not verified'),
  ).action(async (o: Json & { unit?: string; assignee?: string; state?: string; overdue?: boolean }) => {
    const { tasks } = await callCollector<{ tasks: TaskView[] }>(o, 'GET', `/tasks${query({ unit: o.unit, assignee: o.assignee, state: o.state, overdue: o.overdue ? 'true' : undefined })}`, undefined, 'list');
    printData(Boolean(o.json), tasks, () => (tasks.length ? tasks.map(taskLine).join('\n') : 'no tasks'));
  });
  remote(
    targeted(task.command('add').description('assign a failing (or unknown) rule on a machine, room or unit to someone, by a day'))
      .requiredOption('--assignee <name>', 'a user whose scope covers the unit')
      .requiredOption('--due <YYYY-MM-DD>', 'the day it must be done by')
      .option('--note <text>', 'what to do, in a sentence'),
  ).action(async (o: Json & TargetOptions & { rule: string; assignee: string; due: string; note?: string }) => {
    const { task: added } = await callCollector<{ task: TaskView }>(o, 'POST', '/tasks', { rule: o.rule, ...target(o), assignee: o.assignee, due: o.due, ...(o.note ? { note: o.note } : {}) }, 'task');
    printData(Boolean(o.json), added, () => taskLine(added));
  });
}

export function registerException(program: Command): void {
  const exception = program.command('exception').description('exceptions: a rule that does not apply to a machine, room or unit, approved until a day ("Miễn trừ", never counted as passing)');
  remote(
    targeted(exception.command('add').description('record an exception you approve (your role must be one the rule pack allows: exceptionApprovers)'))
      .requiredOption('--reason <text>', 'why the rule does not apply here, as the documents will print it')
      .requiredOption('--expires <YYYY-MM-DD>', 'the last day it holds (it ends at midnight after it, in the org\'s time zone)')
      .option('--reference <text>', 'the approving decision (number and date)')
      .option('--attach <file>', 'the approving decision as a PDF or a photo (JPEG, PNG), added once the exception is recorded'),
  ).action(async (o: Json & TargetOptions & { rule: string; reason: string; expires: string; reference?: string; attach?: string }) => {
    // A file that cannot be read stops before anything is recorded.
    const bytes = o.attach ? await readAttachment(o.attach) : null;
    const { exception: recorded } = await callCollector<{ exception: ExceptionView }>(
      o,
      'POST',
      '/exceptions',
      { rule: o.rule, ...target(o), reason: o.reason, expires: o.expires, ...(o.reference ? { reference: o.reference } : {}) },
      'exception',
    );
    const added = o.attach && bytes
      ? await attachFile(o, recorded.id, o.attach, bytes).catch((err: Error) => {
          throw new CliError(`exception ${recorded.id} was recorded, but not its attachment: ${err.message}; send it with readiness exception attach ${recorded.id} FILE`);
        })
      : recorded;
    printData(Boolean(o.json), added, () => exceptionLine(added));
  });
  remote(
    exception
      .command('attach')
      .description('add the approving decision (a PDF, or a JPEG or PNG photo) to an exception: yours to approve, or one of a unit you manage')
      .argument('<id>', 'the exception (ex-..., from readiness exception list)')
      .argument('<file>', 'the PDF or photo'),
  ).action(async (id: string, file: string, o: Json) => {
    const attached = await attachFile(o, id, file, await readAttachment(file));
    printData(Boolean(o.json), attached, () => exceptionLine(attached));
  });
  remote(
    exception
      .command('list')
      .description('exceptions of your units, with their state today (active, expired, revoked)')
      .option('--unit <id>', "only this unit's (and the units below it)")
      .option('--state <state>', 'active, expired or revoked'),
  ).action(async (o: Json & { unit?: string; state?: string }) => {
    const { exceptions } = await callCollector<{ exceptions: ExceptionView[] }>(o, 'GET', `/exceptions${query({ unit: o.unit, state: o.state })}`, undefined, 'list');
    printData(Boolean(o.json), exceptions, () => (exceptions.length ? exceptions.map(exceptionLine).join('\n') : 'no exceptions'));
  });
}
