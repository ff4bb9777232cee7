import { createHash } from 'node:crypto'
import type { Context } from 'hono'

/**
 * Sends `body` as JSON with a strong ETag of its bytes, or 304 when the client's If-None-Match
 * already holds it. Reads of past periods rarely change, so dashboards polling them cost a hash
 * and no transfer.
 */
export function jsonWithEtag(c: Context, body: unknown): Response {
  return textWithEtag(c, JSON.stringify(body), 'application/json; charset=utf-8')
}

/** Sends `text` with a strong ETag of its bytes, or 304 when If-None-Match already holds it. */
export function textWithEtag(c: Context, text: string, contentType: string): Response {
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`
  c.header('ETag', etag)
  c.header('Cache-Control', 'private, no-cache')
  const match = c.req.header('if-none-match')
  if (match?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return c.body(null, 304)
  }
  return c.body(text, 200, { 'content-type': contentType })
}
