import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import type { MiddlewareHandler } from 'hono'
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress'

const gzipAsync = promisify(gzipCallback)

/** Answers smaller than this go out as they are: gzip's framing would eat most of the gain. */
export const COMPRESS_THRESHOLD = 1024

/**
 * Whether an Accept-Encoding header admits gzip: named with q > 0, or `*` with q > 0 and gzip
 * not refused by name.
 */
export const acceptsGzip = (header: string | undefined): boolean => {
  if (header === undefined) return false
  let star: number | undefined
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    if (name.trim() === 'gzip') return weight > 0
    if (name.trim() === '*') star = weight
  }
  return star !== undefined && star > 0
}

/** Whether an answer of this type and size is worth compressing. */
export const worthCompressing = (contentType: string | null, bytes: number): boolean =>
  bytes >= COMPRESS_THRESHOLD &&
  contentType !== null &&
  COMPRESSIBLE_CONTENT_TYPE_REGEX.test(contentType)

/** gzip at level 6 (zlib's default), off the event loop's thread in libuv's pool. */
export const gzip = async (bytes: Uint8Array): Promise<Uint8Array> =>
  new Uint8Array(await gzipAsync(bytes, { level: 6 }))

/**
 * Marks `headers` as a gzip-coded variant: Content-Encoding, Vary, and a weak ETag (a strong
 * ETag names exact bytes, and these are other bytes than the identity answer's; If-None-Match
 * compares weakly, so a revalidation still gets its 304).
 */
export const markGzip = (headers: Headers): void => {
  headers.set('content-encoding', 'gzip')
  headers.delete('content-length')
  addVary(headers)
  const etag = headers.get('etag')
  if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`)
}

const addVary = (headers: Headers): void => {
  const vary = headers.get('vary')
  if (vary === '*' || vary?.toLowerCase().includes('accept-encoding')) return
  headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
}

/**
 * Compresses answers of compressible types (JSON, CSV, GeoJSON, HTML, scripts, styles) of at
 * least 1 KiB with gzip when the client accepts it. Answers that already carry a
 * Content-Encoding (the read cache sends its stored gzip bytes) pass untouched. hono's own
 * `compress()` streams every answer through CompressionStream without knowing its size (our
 * answers carry no Content-Length), so small answers would pay for framing too.
 */
export function compressAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const res = c.res
    const length = res.headers.get('content-length')
    if (
      c.req.method === 'HEAD' ||
      !res.body ||
      (length !== null && Number(length) < COMPRESS_THRESHOLD) ||
      res.status === 206 ||
      res.headers.has('content-encoding') ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(res.headers.get('content-type') ?? '')
    ) {
      return
    }
    addVary(res.headers)
    if (!acceptsGzip(c.req.header('accept-encoding'))) return
    const bytes = new Uint8Array(await res.arrayBuffer())
    if (bytes.byteLength < COMPRESS_THRESHOLD) {
      c.res = new Response(bytes, res)
      return
    }
    c.res = new Response(await gzip(bytes), res)
    markGzip(c.res.headers)
  }
}
