import { type Kysely, sql, type Transaction } from 'kysely'
import { appendInTransaction } from './append.js'
import type { EventStoreTables } from './schema.js'
import type {
  AppendOptions,
  AppendRequest,
  AppendResult,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamRef,
} from './types.js'

export type Backend = 'pglite' | 'postgres'

/** Reads and writes that work the same inside and outside a transaction. */
export interface EventStoreOperations {
  /**
   * Appends events to one stream with optimistic concurrency; idempotent on eventIds.
   *
   * @param stream `{ tenantId, streamId }`
   * @param events events in order; their eventIds make a retry safe
   * @param options `expectedVersion`: a number n (the stream is at version n), 'no-stream' or 'any'
   * @returns the stream's new version and the events' global positions; `appended: false` when
   *   every event was already stored with the same content (nothing written)
   * @throws WrongExpectedVersionError when the version does not match (nothing written)
   * @throws EventIdConflictError when an eventId is stored with other content or elsewhere
   * @example
   * await store.append({ tenantId: 't1', streamId: 'place-7' }, [event], { expectedVersion: 'no-stream' })
   */
  append(
    stream: StreamRef,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>
  /**
   * Appends to many streams in one transaction, all or nothing; the fast path for imports
   * (COPY for batches of 64 events or more).
   *
   * @param requests one entry per stream (a stream may appear more than once, in order)
   * @returns one result per request, in order
   * @throws WrongExpectedVersionError, EventIdConflictError as {@link append}; nothing is written
   * @example
   * await store.appendMany([{ tenantId: 't1', streamId: 's1', events, expectedVersion: 'any' }])
   */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]>
  /**
   * Events in global order, for catch-up readers. Never skips an event that commits late.
   *
   * @param options `after` (exclusive position, default 0), `limit` (default 1000), `tenantId`
   * @example const page = await store.readAll({ after: checkpoint, limit: 500 })
   */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>
  /**
   * One stream's events in version order.
   *
   * @param stream `{ tenantId, streamId }`
   * @param options `fromVersion` (default 1), `upToVersion` (inclusive)
   * @example const events = await store.readStream(ref, { upToVersion: 3 })
   */
  readStream(stream: StreamRef, options?: ReadStreamOptions): Promise<StoredEvent[]>
  /**
   * @param stream `{ tenantId, streamId }`
   * @returns the stream's current version, 0 when it does not exist
   */
  streamVersion(stream: StreamRef): Promise<number>
  /**
   * @param name the subscription's name
   * @returns the saved position, 0 when none was saved
   */
  getCheckpoint(name: string): Promise<number>
  /**
   * Saves a subscription's position (upsert).
   *
   * @param name the subscription's name
   * @param position the last global position it has processed
   * @param trx a kysely transaction to save in, so a read model and its checkpoint commit together
   */
  saveCheckpoint(
    name: string,
    position: number,
    // biome-ignore lint/suspicious/noExplicitAny: a caller's kysely has its own tables besides ours; Kysely<DB> is invariant in DB.
    trx?: Kysely<any>,
  ): Promise<void>
}

/** What `store.transaction` hands its callback. */
export interface EventStoreTransaction extends EventStoreOperations {
  /** The kysely transaction: write read models here to commit them with the append. */
  readonly db: Transaction<EventStoreTables>
}

export interface EventStore extends EventStoreOperations {
  readonly backend: Backend
  /**
   * On an embedded store, which only this process can open, a number that grows with every
   * statement that may have changed data (the transaction may still roll back: then it grew for
   * nothing). While it stands still nothing changed, so reads can be cached without asking the
   * database. Undefined on a server, where other processes write too.
   */
  readonly writeGeneration?: () => number
  /**
   * The kysely instance, for read models. On PGlite every query queues for its single
   * connection: inside `store.transaction` use `tx.db`, never `store.db`, or it waits forever.
   */
  readonly db: Kysely<EventStoreTables>
  /**
   * Runs `fn` in one transaction (read committed). Appends made through `tx` take the append
   * lock and hold it until commit, so keep the callback short.
   *
   * @param fn receives `tx` with `tx.db` (kysely) and transactional store operations
   * @returns what `fn` returns, after commit; rolls back if `fn` throws
   * @example
   * await store.transaction(async (tx) => {
   *   const { positions } = await tx.append(ref, events, { expectedVersion: 3 })
   *   await tx.db.insertInto('place_summary').values(row).execute()
   * })
   */
  transaction<T>(fn: (tx: EventStoreTransaction) => Promise<T>): Promise<T>
  /** Closes connections, PGlite, and the data directory lock. */
  close(): Promise<void>
}

interface EventRow {
  global_position: number
  tenant_id: string
  stream_id: string
  stream_version: number
  event_id: string
  type: string
  schema_version: number
  data: StoredEvent['data']
  metadata: StoredEvent['metadata']
  recorded_at: string
}

const toStored = (r: EventRow): StoredEvent => ({
  globalPosition: r.global_position,
  tenantId: r.tenant_id,
  streamId: r.stream_id,
  streamVersion: r.stream_version,
  eventId: r.event_id,
  type: r.type,
  schemaVersion: r.schema_version,
  data: r.data,
  metadata: r.metadata,
  recordedAt: r.recorded_at,
})

const DEFAULT_READ_LIMIT = 1000

/**
 * Builds the store's operations over one executor: the root kysely instance (each append in
 * its own transaction) or a transaction (appends join it).
 */
export const operations = (
  db: Kysely<EventStoreTables>,
  inTransaction: boolean,
): EventStoreOperations => {
  const appendMany = (requests: readonly AppendRequest[]) =>
    inTransaction
      ? appendInTransaction(db, requests)
      : db.transaction().execute((trx) => appendInTransaction(trx, requests))

  return {
    append: async (stream, events, options) => {
      const [result] = await appendMany([
        {
          tenantId: stream.tenantId,
          streamId: stream.streamId,
          events,
          expectedVersion: options.expectedVersion,
        },
      ])
      return result as AppendResult
    },
    appendMany,
    readAll: async (options = {}) => {
      let query = db
        .selectFrom('events')
        .selectAll()
        .where('global_position', '>', options.after ?? 0)
      if (options.tenantId !== undefined) query = query.where('tenant_id', '=', options.tenantId)
      const rows = await query
        .orderBy('global_position')
        .limit(options.limit ?? DEFAULT_READ_LIMIT)
        .execute()
      return rows.map(toStored)
    },
    readStream: async (stream, options = {}) => {
      let query = db
        .selectFrom('events')
        .selectAll()
        .where('tenant_id', '=', stream.tenantId)
        .where('stream_id', '=', stream.streamId)
      if (options.fromVersion !== undefined) {
        query = query.where('stream_version', '>=', options.fromVersion)
      }
      if (options.upToVersion !== undefined) {
        query = query.where('stream_version', '<=', options.upToVersion)
      }
      const rows = await query.orderBy('stream_version').execute()
      return rows.map(toStored)
    },
    streamVersion: async (stream) => {
      const row = await db
        .selectFrom('events')
        .select((eb) => eb.fn.max('stream_version').as('version'))
        .where('tenant_id', '=', stream.tenantId)
        .where('stream_id', '=', stream.streamId)
        .executeTakeFirst()
      return row?.version ?? 0
    },
    getCheckpoint: async (name) => {
      const row = await db
        .selectFrom('checkpoints')
        .select('position')
        .where('name', '=', name)
        .executeTakeFirst()
      return row?.position ?? 0
    },
    saveCheckpoint: async (name, position, trx) => {
      // A caller's kysely has more tables than ours; the checkpoints table is the same.
      await ((trx as unknown as Kysely<EventStoreTables> | undefined) ?? db)
        .insertInto('checkpoints')
        .values({ name, position })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ position, updated_at: sql<string>`now()` }),
        )
        .execute()
    },
  }
}

/**
 * Wraps an open kysely instance as an EventStore; `openEventStore` does this after migrating.
 *
 * @param db kysely over PGlite or PostgreSQL with the event store's tables
 * @param backend which backend `db` talks to
 * @param close releases what `db` runs on (pool, PGlite, lock)
 */
export const createEventStore = (
  db: Kysely<EventStoreTables>,
  backend: Backend,
  close: () => Promise<void>,
  writeGeneration?: () => number,
): EventStore => ({
  ...operations(db, false),
  backend,
  db,
  ...(writeGeneration === undefined ? {} : { writeGeneration }),
  transaction: (fn) => db.transaction().execute((trx) => fn({ ...operations(trx, true), db: trx })),
  close,
})
