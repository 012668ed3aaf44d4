// Links that change one query parameter of the current page and keep the others, so a filter is
// part of the URL: shareable, kept on reload, read by the page load.

/** `url` with `name` set to `value`, or without it when `value` is undefined: a path and query. */
export function hrefWithParam(url: Pick<URL, 'pathname' | 'search'>, name: string, value: string | undefined): string {
  const params = new URLSearchParams(url.search);
  if (value) params.set(name, value);
  else params.delete(name);
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
