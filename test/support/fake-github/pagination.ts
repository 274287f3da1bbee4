/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page` (from 1),
 * with a `Link` header naming the next, last, first and prev pages. Octokit's paginate()
 * follows `rel="next"`, so a client that forgets to paginate sees only the first page.
 */

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface Page<T> {
  items: T[];
  /** The `Link` header value, absent when everything fits on one page. */
  link?: string;
}

function positiveInt(raw: string | null, fallback: number): number {
  const n = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Slices `all` for the request and builds the Link header from `selfUrl` (absolute, no query). */
export function paginate<T>(all: T[], query: URLSearchParams, selfUrl: string): Page<T> {
  const perPage = Math.min(positiveInt(query.get('per_page'), DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const page = positiveInt(query.get('page'), 1);
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1) return { items };
  const pageUrl = (n: number) => {
    const params = new URLSearchParams(query);
    params.set('per_page', String(perPage));
    params.set('page', String(n));
    return `<${selfUrl}?${params.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${pageUrl(page - 1)}; rel="prev"`);
  if (page < lastPage) links.push(`${pageUrl(page + 1)}; rel="next"`);
  links.push(`${pageUrl(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${pageUrl(1)}; rel="first"`);
  return { items, link: links.join(', ') };
}
