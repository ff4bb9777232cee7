/** Where the page is: a view, perhaps an id, and the view's parameters, all in the URL hash. */
export interface Route {
  readonly view: string
  readonly id: string | undefined
  readonly params: URLSearchParams
}

/**
 * Reads `#/view/id?a=1` (every view can be bookmarked and shared, without the token).
 * @example parseRoute('#/place/gallerian?from=2024-01-01') // { view: 'place', id: 'gallerian', … }
 */
export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, '')
  const q = body.indexOf('?')
  const path = q < 0 ? body : body.slice(0, q)
  const params = new URLSearchParams(q < 0 ? '' : body.slice(q + 1))
  const [view = '', id] = path.split('/')
  return { view: view || 'picture', id: id ? decodeURIComponent(id) : undefined, params }
}

/** The hash for a view; empty parameters are dropped. */
export function href(
  view: string,
  id?: string,
  params: Readonly<Record<string, string | null | undefined>> = {},
): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value)
  const qs = query.toString()
  return `#/${view}${id ? `/${encodeURIComponent(id)}` : ''}${qs ? `?${qs}` : ''}`
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(): string {
  const now = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** YYYY-MM-DD shifted by whole years (for default trend ranges). */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number)
  return `${String((y ?? 2000) + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d ?? 1, 28)).padStart(2, '0')}`
}

/** An ISO instant as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** A datetime-local value (browser time zone) as an ISO instant for the API. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** Goes to a view; the same hash again re-renders it (a form submitted unchanged reloads). */
export function navigate(target: string): void {
  if (window.location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'))
  else window.location.hash = target
}
