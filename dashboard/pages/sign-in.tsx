/**
 * Sign in (`GET /sign-in`, `POST /sign-in`) and out (`POST /sign-out`), through the same
 * functions as `POST /api/v1/session`: same origin only, rate-limited, audited; the session
 * cookie is issue 10's. A signed-out visitor of any page is sent here with `next=` the page.
 */
import { ApiError } from '../../collector/errors.js';
import { signIn, signOut } from '../../collector/routes/session.js';
import { ErrorSummary, Field } from '../components/forms.js';
import type { FieldErrors } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { definePage } from '../page.js';
import type { DashboardForm } from '../page.js';
import { localPath } from '../view.js';
import type { View } from '../view.js';

interface SignInData {
  next: string;
  name: string;
  errors: FieldErrors;
  notice: 'ended' | 'signed-out' | null;
}

export function SignInPage({ data, view }: { data: SignInData; view: View }) {
  const S = view.P.signIn;
  return (
    <Layout view={view} title={S.title}>
      <ErrorSummary errors={data.errors} view={view} />
      {data.notice ? <p class="notice">{data.notice === 'ended' ? S.ended : S.signedOut}</p> : null}
      <h1>{S.title}</h1>
      <p class="lead">{S.lead}</p>
      <form method="post" action="/sign-in" novalidate>
        <input type="hidden" name="next" value={data.next} />
        <Field name="name" label={S.name} hint={S.nameHint} errors={data.errors}>
          <input type="text" id="name" name="name" value={data.name} autocomplete="username" spellcheck={false} autocapitalize="none" aria-describedby="name-hint" />
        </Field>
        <Field name="password" label={S.password} errors={data.errors}>
          <input type="password" id="password" name="password" autocomplete="current-password" />
        </Field>
        <button type="submit">{S.submit}</button>
      </form>
    </Layout>
  );
}

export const signInPage = definePage<SignInData>({
  id: 'sign-in',
  path: '/sign-in',
  access: { public: 'the sign-in form shows nothing of the fleet' },
  load: async ({ c }) => ({
    next: localPath(c.req.query('next')),
    name: '',
    errors: {},
    notice: c.req.query('ended') ? 'ended' : c.req.query('out') ? 'signed-out' : null,
  }),
  render: (data, view) => <SignInPage data={data} view={view} />,
});

export const signInForm: DashboardForm = {
  id: 'sign-in',
  path: '/sign-in',
  access: { public: 'the password in the form is the credential' },
  handle: async ({ c, deps, view }, fields) => {
    const S = view.P.signIn;
    const name = (fields.name ?? '').trim();
    const password = fields.password ?? '';
    const next = localPath(fields.next);
    const errors: FieldErrors = {};
    if (!name) errors.name = S.nameMissing;
    if (!password) errors.password = S.passwordMissing;
    const again = (status: 400 | 401 | 429, found: FieldErrors) => ({ page: <SignInPage data={{ next, name, errors: found, notice: null }} view={view} />, status });
    if (Object.keys(errors).length) return again(400, errors);
    try {
      await signIn(c, deps, { name, password });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 429) return again(429, { name: S.tooMany(Math.max(1, Math.ceil(Number(err.headers?.['retry-after'] ?? 60) / 60))) });
      if (err.status === 401) return again(401, { name: err.message.includes('disabled') ? S.disabled : S.wrong });
      throw err;
    }
    return { redirect: next };
  },
};

export const signOutForm: DashboardForm = {
  id: 'sign-out',
  path: '/sign-out',
  access: { public: 'ends only the session of the cookie sent' },
  handle: async ({ c, deps }) => {
    await signOut(c, deps);
    return { redirect: '/sign-in?out=1' };
  },
};
