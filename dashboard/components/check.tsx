/**
 * The two steps around a change that cannot be undone: "check your answers" (what will be
 * done, with a Confirm button that posts the same fields again with `step=confirm`), and the
 * page that shows a secret once (a new token, enrollment secret or generated password).
 */
import type { Child } from 'hono/jsx';
import type { View } from '../view.js';
import { Carry } from './forms.js';
import { Layout } from './layout.js';
import type { NavId } from './layout.js';

export interface CheckProps {
  view: View;
  active: NavId;
  /** What is about to be done, e.g. "Thu hồi mã truy cập". */
  title: string;
  rows: Array<[string, Child]>;
  action: string;
  fields: Record<string, string>;
  cancel: string;
  /** The confirm button is red for what takes something away (revoke, disable). */
  destructive?: boolean;
}

export function CheckPage(props: CheckProps) {
  const A = props.view.P.admin;
  return (
    <Layout view={props.view} title={props.title} active={props.active}>
      <span class="caption">{A.check}</span>
      <h1>{props.title}</h1>
      <p class="notice warn">{A.checkLead}</p>
      <dl class="summary">
        {props.rows.map(([term, value]) => (
          <>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      <form method="post" action={props.action}>
        <Carry values={{ ...props.fields, step: 'confirm' }} />
        <button type="submit" class={props.destructive ? 'warning' : undefined}>
          {A.confirm}
        </button>
        <a class="button secondary" href={props.cancel}>
          {A.cancel}
        </a>
      </form>
    </Layout>
  );
}

export function ShownOncePage(props: { view: View; active: NavId; title: string; secretLabel: string; secret: string; rows: Array<[string, Child]>; back: string; backLabel: string }) {
  const A = props.view.P.admin;
  return (
    <Layout view={props.view} title={props.title} active={props.active}>
      <h1>{props.title}</h1>
      <div class="notice ok">
        <p>
          <strong>{props.secretLabel}</strong>
        </p>
        <code class="secret" id="shown-once">
          {props.secret}
        </code>
        <p>{A.shownOnce}</p>
      </div>
      <dl class="summary">
        {props.rows.map(([term, value]) => (
          <>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      <p>
        <a href={props.back}>{props.backLabel}</a>
      </p>
    </Layout>
  );
}
