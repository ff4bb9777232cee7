import type { Db } from '@lagesbild/projections'
import type { MiddlewareHandler } from 'hono'
import { sql } from 'kysely'
import { LRUCache } from 'lru-cache'
import type { AuthEnv } from './auth.js'
import { acceptsGzip, gzip, markGzip, worthCompressing } from './compression.js'
import { noneMatchHolds } from './etag.js'

/** One encoding of a stored answer, with the headers a hit sends, prepared when stored. */
interface Variant {
  readonly body: Uint8Array<ArrayBuffer>
  readonly headers: Readonly<Record<string, string>>
  readonly etag: string | null
}

interface Entry {
  /** The data the answer was computed from (see `dataVersion`). */
  readonly version: string
  readonly day: string
  readonly storedAt: number
  readonly status: number
  readonly plain: Variant
  /** The body gzip-compressed once, for clients that accept it (large compressible answers). */
  readonly gzip: Variant | undefined
}

const variant = (body: Uint8Array<ArrayBuffer>, headers: Headers): Variant => {
  headers.set('x-cache', 'hit')
  return { body, headers: Object.fromEntries(headers), etag: headers.get('etag') }
}

export interface ReadCacheOptions {
  /** The read models whose checkpoints version the answers (every read model of the deployment). */
  readonly readModels: readonly string[]
  /**
   * The store's write generation when only this process writes (`EventStore.writeGeneration`,
   * PGlite): answers are versioned by it, with no query at all. Otherwise by `dataVersion`.
   */
  readonly writeGeneration?: () => number
  /** Bytes of answers kept (default 64 MiB). */
  readonly maxBytes?: number
  /** An answer is recomputed after this long even if nothing changed (default 60 s). */
  readonly ttlMs?: number
  readonly now?: () => number
}

/**
 * What the answers of one tenant are computed from, as one string: the tenant's last log
 * position and every read model's checkpoint (position and when it moved, so a blue/green
 * rebuild counts as a change). Two reads with the same version see the same data. One indexed
 * lookup and one scan of the small checkpoints table; both are shared by every process, so the
 * version is right behind a load balancer too.
 */
export async function dataVersion(
  db: Db,
  tenantId: string,
  readModels: readonly string[],
): Promise<string> {
  const r = await sql<{ tenant: string | null; checkpoints: string | null }>`select
      (select max(global_position)::text from events where tenant_id = ${tenantId}) as tenant,
      (select string_agg(name || ':' || position || ':' || extract(epoch from updated_at), ','
        order by name) from checkpoints
        where name = any(string_to_array(${readModels.join(',')}::text, ','))) as checkpoints`.execute(
    db,
  )
  const row = r.rows[0]
  return `${row?.tenant ?? '0'}|${row?.checkpoints ?? ''}`
}

/**
 * Reads data versions with at most one query in flight per tenant. A request that arrives while
 * a query runs does not share it (that query may have started before a write the request must
 * see); it waits for the next one, which starts when the running one ends and serves every
 * request that arrived in between. Under load this is one query per round trip instead of one
 * per request, and every answer still rests on a version read after its request arrived.
 */
export class VersionReader {
  readonly #read: (tenantId: string) => Promise<string>
  readonly #running = new Map<string, Promise<string>>()
  readonly #queued = new Map<string, Promise<string>>()

  constructor(read: (tenantId: string) => Promise<string>) {
    this.#read = read
  }

  /** The tenant's data version, from a query that started after this call. */
  version(tenantId: string): Promise<string> {
    const queued = this.#queued.get(tenantId)
    if (queued !== undefined) return queued
    const running = this.#running.get(tenantId)
    if (running === undefined) return this.#start(tenantId)
    const next = running
      .catch(() => undefined)
      .then(() => {
        this.#queued.delete(tenantId)
        return this.#start(tenantId)
      })
    this.#queued.set(tenantId, next)
    return next
  }

  #start(tenantId: string): Promise<string> {
    const query = this.#read(tenantId).finally(() => {
      if (this.#running.get(tenantId) === query) this.#running.delete(tenantId)
    })
    this.#running.set(tenantId, query)
    return query
  }
}

/**
 * Keeps successful read answers (GET, 200) per tenant, caller (organisation and role: notes are
 * shown by organisation) and URL, and serves them again while the tenant's data version is
 * unchanged, the day is the same (reads default `asOf` to today) and the answer is younger than
 * `ttlMs`. A write, an import, a catch-up of the read models or a rebuild changes the version,
 * so no answer outlives the data it was computed from. On an embedded store this process is the
 * only writer and its write generation is the version; on a server the database is asked.
 * Answers say `X-Cache: hit|miss`.
 *
 * @example app.use('/v1/*', readCache(db, { readModels: READ_MODELS.map((m) => m.name) }))
 */
export function readCache(db: Db, options: ReadCacheOptions): MiddlewareHandler<AuthEnv> {
  const now = options.now ?? Date.now
  const ttl = options.ttlMs ?? 60_000
  const generation = options.writeGeneration
  const versions = new VersionReader((tenantId) => dataVersion(db, tenantId, options.readModels))
  const versionOf = (tenantId: string): string | Promise<string> =>
    generation === undefined ? versions.version(tenantId) : `local:${generation()}`
  const cache = new LRUCache<string, Entry>({
    maxSize: options.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (entry, key) =>
      entry.plain.body.byteLength + (entry.gzip?.body.byteLength ?? 0) + key.length + 512,
  })
  return async (c, next) => {
    if (c.req.method !== 'GET') return next()
    const principal = c.get('principal')
    const url = c.req.url
    const query = url.indexOf('?')
    const key = `${principal.tenantId}\u0000${principal.organisationId}\u0000${principal.role}\u0000${c.req.path}${query === -1 ? '' : url.slice(query)}`
    const version = await versionOf(principal.tenantId)
    const day = new Date(now()).toISOString().slice(0, 10)
    const hit = cache.get(key)
    if (hit && hit.version === version && hit.day === day && now() - hit.storedAt < ttl) {
      // Through the context, so headers other middleware set before (RateLimit …) are kept.
      const chosen =
        hit.gzip !== undefined && acceptsGzip(c.req.header('accept-encoding'))
          ? hit.gzip
          : hit.plain
      if (chosen.etag && noneMatchHolds(c.req.header('if-none-match'), chosen.etag)) {
        return c.body(null, 304, chosen.headers)
      }
      return c.body(chosen.body, hit.status as 200, chosen.headers)
    }
    await next()
    const res = c.res
    if (res.status !== 200 || !res.body || res.headers.has('content-encoding')) return
    const body = new Uint8Array(await res.arrayBuffer())
    const headers = new Headers(
      [...res.headers.entries()].filter(
        ([name]) => name !== 'x-cache' && name !== 'ratelimit' && name !== 'ratelimit-policy',
      ),
    )
    const zipped = worthCompressing(res.headers.get('content-type'), body.byteLength)
      ? await gzip(body)
      : undefined
    const zippedHeaders = new Headers(headers)
    markGzip(zippedHeaders)
    cache.set(key, {
      version,
      day,
      storedAt: now(),
      status: res.status,
      plain: variant(body, headers),
      gzip:
        zipped === undefined
          ? undefined
          : variant(zipped as Uint8Array<ArrayBuffer>, zippedHeaders),
    })
    const send = zipped !== undefined && acceptsGzip(c.req.header('accept-encoding'))
    c.res = new Response(send ? zipped : body, res)
    if (send) markGzip(c.res.headers)
    c.res.headers.set('x-cache', 'miss')
  }
}
