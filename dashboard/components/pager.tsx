/** Previous / next links for a long list, keeping the list's other query parameters. */
import type { View } from '../view.js';

export function Pager(props: { view: View; page: number; pages: number; href: (page: number) => string }) {
  const { view, page, pages } = props;
  if (pages <= 1) return null;
  const P = view.P.pager;
  return (
    <nav class="pager" aria-label={P.label}>
      {page > 1 ? (
        <a href={props.href(page - 1)} rel="prev">
          ← {P.previous}
        </a>
      ) : null}
      <span>{P.page(view.fmt.number(page), view.fmt.number(pages))}</span>
      {page < pages ? (
        <a href={props.href(page + 1)} rel="next">
          {P.next} →
        </a>
      ) : null}
    </nav>
  );
}

/** `?a=1&b=2` from the non-empty values, with one of them replaced. */
export function queryWith(values: Record<string, string | number | null | undefined>, change: Record<string, string | number | null> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...values, ...change })) if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
