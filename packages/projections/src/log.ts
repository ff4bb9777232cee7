import { type Kysely, sql } from 'kysely'
import type { ProjectionEvent } from './events.js'

/** An event read from the log, with its global position. */
export interface StoredEvent extends ProjectionEvent {
  readonly position: bigint
}

/**
 * Where the event log lives, as SQL expressions over one relation. The projections read the log
 * with plain SQL so that a rebuild can run set-based inside the database (reading millions of
 * events out into JavaScript is the cost to avoid) and so that the runner can read it inside the
 * caller's transaction.
 */
export interface LogTable {
  /** The table or view, e.g. `events`. */
  readonly relation: string
  /** bigint, strictly increasing in commit order. */
  readonly position: string
  readonly type: string
  /** jsonb of the event's data. */
  readonly data: string
  readonly tenantId: string
  /** timestamptz: the event's metadata.recordedAt. */
  readonly recordedAt: string
  /** The event id (text), when the relation has one. */
  readonly eventId?: string
}

/** The event store's `events` table (packages/event-store, migration 0001). */
export const EVENT_STORE_LOG: LogTable = {
  relation: 'events',
  position: 'global_position',
  type: 'type',
  data: 'data',
  tenantId: 'tenant_id',
  recordedAt: 'recorded_at',
  eventId: 'event_id',
}

// biome-ignore lint/suspicious/noExplicitAny: the log and read models are declared in SQL
export type Db = Kysely<any>

/** A condition on the log's event type: one of `types`, or true when there are none to match. */
export const typeIn = (log: LogTable, types: readonly string[] | undefined) =>
  types === undefined
    ? sql<boolean>`true`
    : sql<boolean>`${sql.raw(log.type)} = any(string_to_array(${types.join(',')}::text, ','))`

/**
 * Reads events after a position, in log order.
 * @param db the database or a transaction (reads inside it see its own uncommitted appends)
 * @example await readLog(db, log, { after: 0n, limit: 1000 })
 */
export const readLog = async (
  db: Db,
  log: LogTable,
  options: {
    readonly after: bigint
    readonly limit: number
    readonly upTo?: bigint
    /** Only events of these types (all when absent). */
    readonly types?: readonly string[] | undefined
  },
): Promise<StoredEvent[]> => {
  const upTo =
    options.upTo === undefined
      ? sql``
      : sql` and ${sql.raw(log.position)} <= ${String(options.upTo)}::bigint`
  const r = await sql<{
    pos_text: string
    type: string
    data: unknown
    tenant_id: string
    recorded_at: string
    event_id: string | null
  }>`select ${sql.raw(log.position)}::text as pos_text, ${sql.raw(log.type)} as type,
      ${sql.raw(log.data)} as data, ${sql.raw(log.tenantId)} as tenant_id,
      to_json(${sql.raw(log.recordedAt)}) #>> '{}' as recorded_at,
      ${sql.raw(log.eventId ?? 'null')}::text as event_id
    from ${sql.raw(log.relation)}
    where ${sql.raw(log.position)} > ${String(options.after)}::bigint${upTo}
      and ${typeIn(log, options.types)}
    order by ${sql.raw(log.position)} limit ${options.limit}`.execute(db)
  return r.rows.map((row) => ({
    position: BigInt(row.pos_text),
    type: row.type,
    data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
    metadata: {
      eventId: row.event_id ?? row.pos_text,
      tenantId: row.tenant_id,
      recordedAt: row.recorded_at,
    },
  }))
}

/** The highest position in the log, 0 when it is empty. */
export const logHead = async (db: Db, log: LogTable): Promise<bigint> => {
  const r = await sql<{ head: string | null }>`select max(${sql.raw(log.position)})::text as head
    from ${sql.raw(log.relation)}`.execute(db)
  return BigInt(r.rows[0]?.head ?? '0')
}
