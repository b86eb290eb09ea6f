/**
 * What the tasks and exceptions pages share: the words for a target (a machine, a room, a
 * unit), the rule titles of the reader's scope, the users a task may be assigned to, and the
 * form fields a page link carries (`?rule=&host=` from a machine's failing rule, `?unit=&room=`).
 */
import { grantOf } from '../collector/access/access-store.js';
import { grantCovers } from '../collector/access/scope.js';
import type { EvaluationScope } from '../collector/access/scope.js';
import type { AppDeps } from '../collector/deps.js';
import type { RemediationTarget, RuleInfo, UnitsResponse } from '../schema/index.js';
import { Field, Select, unitOptions } from './components/forms.js';
import type { FieldErrors, Option } from './components/forms.js';
import type { ZodIssue } from 'zod';
import type { DashboardReadiness } from './evaluation-cache.js';
import { indexOf } from './index-cache.js';
import type { View } from './view.js';

/** Names of the units and rooms of the reader's scope, and of machines, for target words. */
export interface Names {
  units: UnitsResponse['units'];
  rules: Array<Pick<RuleInfo, 'id'> & { title: string }>;
  hostname(agentId: string): string;
}

export async function namesOf(deps: AppDeps, readiness: DashboardReadiness, scope: EvaluationScope, view: View): Promise<Names> {
  const [units, summary] = await Promise.all([readiness.units(scope), readiness.summary(scope)]);
  const ix = indexOf(summary, view.lang);
  return {
    units: units.units,
    rules: summary.rules.map((r) => ({ id: r.id, title: ix.ruleTitle(r.id) })),
    hostname: (id) => {
      const h = deps.store.getHost(id);
      return h ? h.latest?.os?.hostname || h.hostname : id;
    },
  };
}

export const ruleTitleOf = (names: Names, id: string) => names.rules.find((r) => r.id === id)?.title ?? id;

export function targetText(names: Names, t: RemediationTarget, view: View): string {
  const W = view.P.remediation.target;
  const unit = names.units.find((u) => u.id === t.unit);
  const unitName = unit?.name ?? t.unit;
  if (t.host) return W.host(names.hostname(t.host));
  if (t.room) return W.room(unit?.rooms.find((r) => r.id === t.room)?.name ?? t.room, unitName);
  return W.unit(unitName);
}

/** The link to a target's own page: the machine's, else the unit's. */
export const targetHref = (t: RemediationTarget) => (t.host ? `/hosts/${encodeURIComponent(t.host)}` : `/units/${encodeURIComponent(t.unit)}`);

/** Enabled users whose scope covers `unit` (whom a task there may be assigned to), by name. */
export function assigneeOptions(deps: AppDeps, unit: string | null, empty: string): Option[] {
  const chain = unit ? deps.org.unitChain(unit) : null;
  const users = deps.access.store
    .listUsers()
    .filter((u) => !u.disabled && (chain === null || grantCovers(grantOf(u), chain)))
    .sort((a, b) => a.name.localeCompare(b.name));
  return [{ value: '', label: empty }, ...users.map((u) => ({ value: u.name, label: `${u.name} (${u.role})` }))];
}

/** What a "new task" or "new exception" link carries: the rule and the machine, or the unit and room. */
export interface TargetFields {
  rule: string;
  host: string;
  unit: string;
  room: string;
}

export const targetFields = (q: Record<string, string | undefined>): TargetFields => ({
  rule: (q.rule ?? '').slice(0, 128),
  host: (q.host ?? '').toLowerCase().slice(0, 64),
  unit: (q.unit ?? '').slice(0, 64),
  room: (q.room ?? '').slice(0, 64),
});

/** The target fields as a request names them (a machine, else a unit and its room). */
export const targetOfFields = (f: TargetFields) => (f.host ? { host: f.host } : { ...(f.unit ? { unit: f.unit } : {}), ...(f.room ? { room: f.room } : {}) });

/** The unit a request's target is in: the machine's, else the one named. */
export const unitOfFields = (deps: AppDeps, f: TargetFields): string | null => (f.host ? (deps.store.getHost(f.host)?.unit ?? null) : f.unit || null);

/** Each refused field's sentence (the first issue of each), a field the form does not show under `fallback`. */
export function fieldErrors(issues: readonly ZodIssue[], words: Record<string, string>, fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? fallback);
    errors[key in words ? key : fallback] ??= words[key] ?? words[fallback]!;
  }
  return errors;
}

/** The target of a new task or exception: the machine a link named (fixed), else a unit and room to choose. */
export function TargetInputs({ fields, names, errors, view }: { fields: TargetFields; names: Names; errors: FieldErrors; view: View }) {
  const T = view.P.remediation.task;
  if (fields.host) {
    return (
      <div class="field">
        <span class="label">{T.col.target}</span> <strong>{names.hostname(fields.host)}</strong>
        <input type="hidden" name="host" value={fields.host} />
      </div>
    );
  }
  const unit = names.units.find((u) => u.id === fields.unit);
  const roomOptions: Option[] = [{ value: '', label: T.wholeUnit }, ...(unit?.rooms ?? []).map((r) => ({ value: r.id, label: r.name }))];
  return (
    <>
      <Field name="unit" label={T.unit} errors={errors}>
        <Select name="unit" value={fields.unit} options={unitOptions(names.units, T.chooseUnit)} />
      </Field>
      <Field name="room" label={T.room} errors={errors}>
        <Select name="room" value={fields.room} options={roomOptions} />
      </Field>
    </>
  );
}
