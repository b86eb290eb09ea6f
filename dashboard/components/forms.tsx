/**
 * Form pieces in the GOV.UK manner: one label per field with its hint beneath, the error
 * next to the field and in a summary at the top that links to it, entered values kept.
 */
import type { Child } from 'hono/jsx';
import type { View } from '../view.js';

/** Field name → the sentence saying what to put right. */
export type FieldErrors = Record<string, string>;

export function ErrorSummary({ errors, view }: { errors: FieldErrors; view: View }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{view.P.errors.summary}</h2>
      <ul class="plain">
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string | undefined;
  errors?: FieldErrors | undefined;
  wide?: boolean;
  children: Child;
}

/** A labelled field; the control inside carries `id={name}`. */
export function Field(props: FieldProps) {
  const error = props.errors?.[props.name];
  return (
    <div class={`field${props.wide ? ' wide' : ''}${error ? ' field-error' : ''}`}>
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {error ? <span class="error-message">{error}</span> : null}
      {props.children}
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** Units as options in tree order, each indented by its depth, after an `empty` choice. */
export function unitOptions(units: ReadonlyArray<{ id: string; name: string; parentId: string | null }>, empty: string): Option[] {
  const depth = new Map<string, number>();
  for (const u of units) depth.set(u.id, u.parentId !== null && depth.has(u.parentId) ? depth.get(u.parentId)! + 1 : 0);
  return [{ value: '', label: empty }, ...units.map((u) => ({ value: u.id, label: `${'— '.repeat(depth.get(u.id) ?? 0)}${u.name}` }))];
}

export function Select(props: { name: string; options: Option[]; value: string | null | undefined; describedBy?: boolean }) {
  return (
    <select id={props.name} name={props.name} aria-describedby={props.describedBy ? `${props.name}-hint` : undefined}>
      {props.options.map((o) => (
        <option value={o.value} selected={o.value === (props.value ?? '')}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Hidden fields carrying a form's values to its next step ("check your answers"). */
export const Carry = ({ values }: { values: Record<string, string> }) => (
  <>
    {Object.entries(values).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
  </>
);
