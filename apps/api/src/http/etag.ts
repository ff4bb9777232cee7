import { createHash } from 'node:crypto'
import type { Context } from 'hono'

/**
 * Sends `body` as JSON with a strong ETag of its bytes, or 304 when the client's If-None-Match
 * already holds it. Reads of past periods rarely change, so dashboards polling them cost a hash
 * and no transfer.
 */
export function jsonWithEtag(
  c: Context,
  body: unknown,
  options: { readonly volatile?: readonly string[] } = {},
): Response {
  if (!options.volatile?.length || typeof body !== 'object' || body === null) {
    return textWithEtag(c, JSON.stringify(body), 'application/json; charset=utf-8')
  }
  // "As known now" reads echo the instant they were computed at; two of them with the same
  // data are the same answer, so the tag leaves those fields out and is weak (RFC 9110 8.8.1).
  // The stable part is serialised once and the volatile fields are put in front of it (a
  // second stringify of a 1M-observation picture cost 3 ms a request).
  const entries = Object.entries(body)
  const stable = JSON.stringify(
    Object.fromEntries(entries.filter(([k]) => !options.volatile?.includes(k))),
  )
  const volatile = JSON.stringify(
    Object.fromEntries(entries.filter(([k]) => options.volatile?.includes(k))),
  )
  const text =
    volatile === '{}'
      ? stable
      : stable === '{}'
        ? volatile
        : `${volatile.slice(0, -1)},${stable.slice(1)}`
  return textWithEtag(c, text, 'application/json; charset=utf-8', { weakOver: stable })
}

/**
 * Sends `text` with a strong ETag of its bytes (or a weak one over `weakOver`), or 304 when
 * If-None-Match already holds it.
 */
export function textWithEtag(
  c: Context,
  text: string,
  contentType: string,
  options: { readonly weakOver?: string } = {},
): Response {
  const hash = createHash('sha256')
    .update(options.weakOver ?? text)
    .digest('base64url')
    .slice(0, 27)
  const etag = options.weakOver === undefined ? `"${hash}"` : `W/"${hash}"`
  c.header('ETag', etag)
  c.header('Cache-Control', 'private, no-cache')
  if (noneMatchHolds(c.req.header('if-none-match'), etag)) return c.body(null, 304)
  // The length lets the compression middleware pass small answers without reading them.
  return c.body(text, 200, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
  })
}

/**
 * Whether an If-None-Match header holds `etag`, by weak comparison as GET does: W/"x" and "x"
 * match (RFC 9110 13.1.2), and so does `*`.
 */
export const noneMatchHolds = (header: string | undefined, etag: string): boolean => {
  if (header === undefined) return false
  const opaque = etag.replace(/^W\//, '')
  return header.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === opaque)
}
