/**
 * The "5 rõ" parts of a document (docs/remediation.md): "who does what by when" (the
 * remediation tasks of the units in scope: rule, where, who, due, state, overdue) and the
 * exceptions (rule, where, why, approved by whom, until when, and whether still valid or
 * expired). A kind lists them in its parts (`tasksPart`, `exceptionsPart`); each adds nothing
 * when the evaluation holds none.
 */
import type { DocumentColumn, DocumentPart, ExceptionState, Lang, RemediationTarget, TaskState } from '../../schema/index.js';
import { REMEDIATION_PAGE_LABELS } from '../i18n-remediation.js';
import type { KindContext } from '../document.js';
import { tablePart } from '../document.js';
import { nfc } from '../evaluation-index.js';
import type { EvaluationIndex } from '../evaluation-index.js';

/** The parts' titles; every other word is the one the dashboard's "5 rõ" pages print (reports/i18n-remediation.ts). */
const TITLES = {
  vi: { tasks: 'Phân công khắc phục (ai làm gì, đến khi nào)', exceptions: 'Các trường hợp miễn trừ' },
  en: { tasks: 'Remediation tasks (who does what by when)', exceptions: 'Exceptions' },
} as const;

function wordsOf(lang: Lang) {
  const { task, exception } = REMEDIATION_PAGE_LABELS[lang];
  return {
    ...TITLES[lang],
    where: task.col.target,
    assignee: task.col.assignee,
    due: task.col.due,
    taskStateCol: task.col.state,
    exceptionStateCol: exception.col.state,
    approvedBy: exception.col.approvedBy,
    expiresOn: exception.col.expires,
    wholeUnit: task.wholeUnit,
    taskState: task.state satisfies Record<TaskState, string>,
    exceptionState: exception.state satisfies Record<ExceptionState, string>,
  };
}

/** A target in words: the machine's name, else the room, else the whole unit. */
function where(ix: EvaluationIndex, t: RemediationTarget, wholeUnit: string): { unit: string; subject: string } {
  const unit = ix.unitName(t.unit);
  if (t.host) return { unit, subject: ix.hostname(t.host) };
  return { unit, subject: t.room ? ix.roomName(t.unit, t.room) : wholeUnit };
}

/** Where a task or exception applies and to which rule: the first columns of both parts. */
const targetColumns = (L: KindContext['L'], where: string): DocumentColumn[] => [
  { key: 'unit', label: L.col.unit, type: 'text' },
  { key: 'subject', label: where, type: 'text' },
  { key: 'rule', label: L.col.rule, type: 'text', wide: true },
];

export function tasksPart(ctx: KindContext): DocumentPart | null {
  const { ix, L } = ctx;
  const tasks = ix.evaluation.tasks ?? [];
  if (!tasks.length) return null;
  const w = wordsOf(ix.lang);
  const columns: DocumentColumn[] = [
    ...targetColumns(L, w.where),
    { key: 'assignee', label: w.assignee, type: 'text' },
    { key: 'due', label: w.due, type: 'date' },
    { key: 'state', label: w.taskStateCol, type: 'text' },
    { key: 'overdue', label: L.status.overdue, type: 'text' },
  ];
  const rows = [...tasks]
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1))
    .map((t) => ({ ...where(ix, t.target, w.wholeUnit), rule: ix.ruleTitle(t.rule), assignee: nfc(t.assignee), due: t.due, state: w.taskState[t.state], overdue: t.overdue ? L.status.overdue : null }));
  return tablePart(ctx, { id: 'tasks', title: w.tasks, columns, rows });
}

export function exceptionsPart(ctx: KindContext): DocumentPart | null {
  const { ix, L } = ctx;
  const exceptions = ix.evaluation.exceptions ?? [];
  if (!exceptions.length) return null;
  const w = wordsOf(ix.lang);
  const columns: DocumentColumn[] = [
    ...targetColumns(L, w.where),
    { key: 'reason', label: L.col.reason, type: 'text', wide: true },
    { key: 'approvedBy', label: w.approvedBy, type: 'text' },
    { key: 'expiresOn', label: w.expiresOn, type: 'date' },
    { key: 'state', label: w.exceptionStateCol, type: 'text' },
  ];
  const rows = exceptions.map((e) => ({
    ...where(ix, e.target, w.wholeUnit),
    rule: ix.ruleTitle(e.rule),
    reason: nfc(e.reference ? `${e.reason} (${e.reference})` : e.reason),
    approvedBy: nfc(e.approvedBy.name),
    expiresOn: e.expiresOn,
    state: w.exceptionState[e.state],
  }));
  return tablePart(ctx, { id: 'exceptions', title: w.exceptions, columns, rows });
}
