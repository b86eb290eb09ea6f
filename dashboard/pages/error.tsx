/**
 * The error pages, in the reader's language: 403 (outside the reader's scope or role: it
 * names the reader's own access and nothing of what was asked for), 404, 400, 409, 429 and 500.
 */
import { Layout } from '../components/layout.js';
import type { View } from '../view.js';

export type ErrorKind = 'forbidden' | 'not_found' | 'bad_request' | 'conflict' | 'too_many' | 'unauthorized' | 'server';

export function ErrorPage({ view, kind, detail }: { view: View; kind: ErrorKind; detail?: string | null }) {
  const E = view.P.errors;
  const texts: Record<ErrorKind, [string, string]> = {
    forbidden: [E.forbiddenTitle, E.forbiddenBody],
    not_found: [E.notFoundTitle, E.notFoundBody],
    bad_request: [E.badRequestTitle, E.badRequestBody],
    conflict: [E.conflictTitle, E.conflictBody],
    too_many: [E.tooManyTitle, ''],
    unauthorized: [view.P.signIn.title, view.P.signIn.ended],
    server: [E.serverTitle, E.serverBody],
  };
  const [title, body] = texts[kind];
  return (
    <Layout view={view} title={title}>
      <h1>{title}</h1>
      <p class="lead">{body}</p>
      {kind === 'forbidden' && view.viewer ? (
        <dl class="summary">
          <dt>{E.yourAccess}</dt>
          <dd>
            {view.P.role[view.viewer.role]} · {view.viewer.scope}
          </dd>
        </dl>
      ) : null}
      {(kind === 'bad_request' || kind === 'conflict') && detail ? (
        <details>
          <summary>{E.details}</summary>
          <p>{detail}</p>
        </details>
      ) : null}
      <p>
        <a href={kind === 'unauthorized' ? '/sign-in' : '/'}>{kind === 'unauthorized' ? view.P.signIn.submit : E.backHome}</a>
      </p>
    </Layout>
  );
}
