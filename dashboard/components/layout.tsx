/**
 * The frame of every page: skip link, header (product, organisation, who is signed in, the
 * other language, sign out), the main navigation, the page's own content, and a footer that
 * says when the figures were computed.
 */
import type { Child } from 'hono/jsx';
import type { View } from '../view.js';

export type NavId = 'overview' | 'hosts' | 'scans' | 'documents' | 'admin' | 'tokens' | 'tasks' | 'exceptions' | 'availability' | null;

const ADMIN_ACTIONS = ['users.manage', 'enroll-secrets.manage', 'hosts.move', 'audit.read'] as const;

/** Whether the reader has anything to do on the administration pages besides their own tokens. */
export const administers = (view: View): boolean => ADMIN_ACTIONS.some((a) => view.may(a));

function Navigation({ view, active }: { view: View; active: NavId }) {
  const N = view.P.nav;
  const items: Array<[NavId, string, string]> = [
    ['overview', '/', N.overview],
    ['hosts', '/hosts', N.hosts],
    // The pre-use scan queue: every reader may read their units' (as GET /api/v1/scans/queue).
    ['scans', '/scans', N.scans],
    ['documents', '/documents', N.documents],
    // The "5 rõ" pages (docs/dashboard.md): every reader sees their scope's tasks, exceptions and availability.
    ...(view.may('read')
      ? ([
          ['tasks', '/tasks', view.P.remediation.nav.tasks],
          ['exceptions', '/exceptions', view.P.remediation.nav.exceptions],
          ['availability', '/availability', view.P.remediation.nav.availability],
        ] as Array<[NavId, string, string]>)
      : []),
    administers(view) ? ['admin', '/admin', N.admin] : ['tokens', '/admin/tokens', N.tokens],
  ];
  return (
    <nav class="main" aria-label={N.label}>
      <ul>
        {items.map(([id, href, label]) => (
          <li>
            <a href={href} aria-current={id === active ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout(props: { view: View; title: string; active?: NavId; children?: Child }) {
  const { view } = props;
  const { P } = view;
  const other = view.lang === 'vi' ? 'en' : 'vi';
  const switchHref = `/lang?to=${other}&next=${encodeURIComponent(view.path)}`;
  return (
    <html lang={view.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${P.product}`}</title>
        <link rel="icon" href={view.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={view.assets.css} />
        <script src={view.assets.js} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {P.skipToContent}
        </a>
        <header class="top">
          <div class="bar">
            <a class="product" href="/">
              {P.product}
            </a>
            {view.orgName ? <span class="org">{view.orgName}</span> : null}
            <div class="who">
              {view.viewer ? (
                <span>
                  {P.signedInAs} <strong>{view.viewer.name}</strong> · {P.role[view.viewer.role]} · {view.viewer.scope}
                </span>
              ) : null}
              <a class="lang" href={switchHref} lang={other} hreflang={other} title={P.nav.otherLanguageHint}>
                {P.nav.otherLanguage}
              </a>
              {view.viewer ? (
                <form method="post" action="/sign-out">
                  <button class="link" type="submit">
                    {P.nav.signOut}
                  </button>
                </form>
              ) : null}
            </div>
          </div>
        </header>
        {view.viewer ? <Navigation view={view} active={props.active ?? null} /> : null}
        <main id="main" tabindex={-1}>
          {view.notice ? (
            <p class="notice ok" role="status">
              {view.notice}
            </p>
          ) : null}
          {props.children}
        </main>
        <footer>
          <div class="bar">
            {view.dataAt ? `${P.dataAt(view.fmt.dateTime(view.dataAt))}${view.refreshSeconds ? ` (${P.dataAtHint(view.refreshSeconds)})` : ''}. ` : ''}
            {P.product}
          </div>
        </footer>
      </body>
    </html>
  );
}
