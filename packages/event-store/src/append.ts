import { type Kysely, sql } from 'kysely'
import { copyFromStdin, copyLine } from './driver/copy.js'
import {
  EventIdConflictError,
  type ExpectedVersion,
  InvalidAppendError,
  WrongExpectedVersionError,
} from './errors.js'
import type { EventStoreTables } from './schema.js'
import type { AppendRequest, AppendResult, JsonValue, NewEvent } from './types.js'

/**
 * Every append takes this transaction-level advisory lock before it draws positions, so
 * appends commit in position order and a catch-up reader never skips an event that commits
 * late (see docs/event-store.md, "Global order"). The number is arbitrary but fixed.
 */
export const APPEND_LOCK_KEY = 7_340_296_157_001

/** Batches at least this large go through COPY; smaller ones through one INSERT. */
export const COPY_THRESHOLD = 64

type Db = Kysely<EventStoreTables>

// An instant with an explicit offset, in a form both JS and PostgreSQL read the same way, so
// it can go to the database as the caller wrote it.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const EVENT_COLUMNS = [
  'tenant_id',
  'stream_id',
  'stream_version',
  'event_id',
  'type',
  'schema_version',
  'data',
  'metadata',
  'recorded_at',
] as const

interface Row {
  readonly tenantId: string
  readonly streamId: string
  readonly streamVersion: number
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly data: string
  readonly metadata: string
  readonly recordedAt: string
}

interface StoredIdentity {
  readonly globalPosition: number
  readonly tenantId: string
  readonly streamId: string
  readonly streamVersion: number
  readonly type: string
  readonly schemaVersion: number
  readonly data: unknown
  readonly metadata: unknown
}

type Plan =
  | { readonly kind: 'replay'; readonly result: AppendResult }
  | { readonly kind: 'insert'; readonly first: number; readonly count: number }

const streamKey = (tenantId: string, streamId: string): string => `${tenantId}\u0000${streamId}`

/** JSON with object keys sorted, so jsonb's reordering does not make equal content differ. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, JsonValue>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Rejects malformed requests before any database work. */
const validate = (requests: readonly AppendRequest[]): void => {
  const seen = new Set<string>()
  for (const request of requests) {
    if (!request.tenantId || !request.streamId) {
      throw new InvalidAppendError('tenantId and streamId must be non-empty strings')
    }
    const ev = request.expectedVersion
    if (
      ev !== 'any' &&
      ev !== 'no-stream' &&
      !(typeof ev === 'number' && Number.isInteger(ev) && ev >= 0)
    ) {
      throw new InvalidAppendError(`expectedVersion must be a version ≥ 0, 'no-stream' or 'any'`)
    }
    for (const event of request.events) {
      if (!UUID.test(event.eventId)) {
        throw new InvalidAppendError(`eventId ${event.eventId} is not a UUID`)
      }
      const id = event.eventId.toLowerCase()
      if (seen.has(id)) throw new InvalidAppendError(`eventId ${id} occurs twice in one append`)
      seen.add(id)
      if (!event.type) throw new InvalidAppendError(`event ${id} has no type`)
      if (!Number.isInteger(event.schemaVersion)) {
        throw new InvalidAppendError(`event ${id}: schemaVersion must be an integer`)
      }
      if (!isPlainObject(event.data) || !isPlainObject(event.metadata)) {
        throw new InvalidAppendError(`event ${id}: data and metadata must be JSON objects`)
      }
      if (!ISO_INSTANT.test(event.recordedAt) || Number.isNaN(Date.parse(event.recordedAt))) {
        throw new InvalidAppendError(
          `event ${id}: recordedAt ${event.recordedAt} is not an instant`,
        )
      }
    }
  }
}

const versionMatches = (expected: ExpectedVersion, actual: number): boolean =>
  expected === 'any' || (expected === 'no-stream' ? actual === 0 : expected === actual)

/**
 * Decides per request: replay (all its events already stored, identical) or insert (versions
 * follow on from the stream's current one). Throws on any conflict; nothing is written yet.
 */
const plan = (
  requests: readonly AppendRequest[],
  versions: Map<string, number>,
  stored: ReadonlyMap<string, StoredIdentity>,
): Plan[] => {
  const current = new Map(versions)
  return requests.map((request): Plan => {
    const key = streamKey(request.tenantId, request.streamId)
    const found = request.events.map((e) => stored.get(e.eventId.toLowerCase()))
    if (found.some((f) => f !== undefined)) return replay(request, found)
    const actual = current.get(key) ?? 0
    if (!versionMatches(request.expectedVersion, actual)) {
      throw new WrongExpectedVersionError(
        request.tenantId,
        request.streamId,
        request.expectedVersion,
        actual,
      )
    }
    current.set(key, actual + request.events.length)
    return { kind: 'insert', first: actual + 1, count: request.events.length }
  })
}

const replay = (request: AppendRequest, found: (StoredIdentity | undefined)[]): Plan => {
  const positions: number[] = []
  let previous: StoredIdentity | undefined
  for (const [i, event] of request.events.entries()) {
    const s = found[i]
    const id = event.eventId.toLowerCase()
    if (s === undefined) {
      throw new EventIdConflictError(
        id,
        'is new, but other events of this append are already stored (a partial replay)',
      )
    }
    if (s.tenantId !== request.tenantId || s.streamId !== request.streamId) {
      throw new EventIdConflictError(id, `already stored in stream ${s.tenantId}/${s.streamId}`)
    }
    if (
      s.type !== event.type ||
      s.schemaVersion !== event.schemaVersion ||
      canonicalJson(s.data) !== canonicalJson(event.data) ||
      canonicalJson(s.metadata) !== canonicalJson(event.metadata)
    ) {
      throw new EventIdConflictError(id, 'already stored with different content')
    }
    if (previous !== undefined && s.streamVersion !== previous.streamVersion + 1) {
      throw new EventIdConflictError(id, 'already stored, but not in this order')
    }
    previous = s
    positions.push(s.globalPosition)
  }
  return {
    kind: 'replay',
    result: { streamVersion: previous?.streamVersion ?? 0, positions, appended: false },
  }
}

const lockAppends = (db: Db) => sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`.execute(db)

const currentVersions = async (
  db: Db,
  requests: readonly AppendRequest[],
): Promise<Map<string, number>> => {
  const keys = new Map<string, { tenantId: string; streamId: string }>()
  for (const r of requests) keys.set(streamKey(r.tenantId, r.streamId), r)
  const tenants = [...keys.values()].map((k) => k.tenantId)
  const streams = [...keys.values()].map((k) => k.streamId)
  const { rows } = await sql<{ tenant_id: string; stream_id: string; version: number | null }>`
    select s.tenant_id, s.stream_id,
      (select max(e.stream_version) from events e
        where e.tenant_id = s.tenant_id and e.stream_id = s.stream_id) as version
    from unnest(${tenants}::text[], ${streams}::text[]) as s(tenant_id, stream_id)`.execute(db)
  return new Map(rows.map((r) => [streamKey(r.tenant_id, r.stream_id), r.version ?? 0]))
}

const LOOKUP_CHUNK = 10_000

const lookupEvents = async (
  db: Db,
  requests: readonly AppendRequest[],
): Promise<Map<string, StoredIdentity>> => {
  const ids = requests.flatMap((r) => r.events.map((e) => e.eventId.toLowerCase()))
  const stored = new Map<string, StoredIdentity>()
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const chunk = ids.slice(i, i + LOOKUP_CHUNK)
    const rows = await db
      .selectFrom('events')
      .select([
        'global_position',
        'tenant_id',
        'stream_id',
        'stream_version',
        'event_id',
        'type',
        'schema_version',
        'data',
        'metadata',
      ])
      .where(sql<boolean>`event_id = any(${chunk}::text[]::uuid[])`)
      .execute()
    for (const r of rows) {
      stored.set(r.event_id, {
        globalPosition: r.global_position,
        tenantId: r.tenant_id,
        streamId: r.stream_id,
        streamVersion: r.stream_version,
        type: r.type,
        schemaVersion: r.schema_version,
        data: r.data,
        metadata: r.metadata,
      })
    }
  }
  return stored
}

const toRows = (requests: readonly AppendRequest[], plans: readonly Plan[]): Row[] => {
  const rows: Row[] = []
  requests.forEach((request, i) => {
    const p = plans[i]
    if (p?.kind !== 'insert') return
    request.events.forEach((event: NewEvent, j) => {
      rows.push({
        tenantId: request.tenantId,
        streamId: request.streamId,
        streamVersion: p.first + j,
        eventId: event.eventId.toLowerCase(),
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
        recordedAt: event.recordedAt,
      })
    })
  })
  return rows
}

/** The planned inserts in COPY text format, columns as in {@link EVENT_COLUMNS}. */
export const copyText = (requests: readonly AppendRequest[], plans: readonly Plan[]): string => {
  let text = ''
  requests.forEach((request, i) => {
    const p = plans[i]
    if (p?.kind !== 'insert') return
    request.events.forEach((event: NewEvent, j) => {
      text += copyLine([
        request.tenantId,
        request.streamId,
        p.first + j,
        event.eventId.toLowerCase(),
        event.type,
        event.schemaVersion,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        event.recordedAt,
      ])
    })
  })
  return text
}

const insertValues = async (db: Db, rows: readonly Row[]): Promise<number[]> => {
  if (rows.length === 0) return []
  const inserted = await db
    .insertInto('events')
    .values(
      rows.map((r) => ({
        tenant_id: r.tenantId,
        stream_id: r.streamId,
        stream_version: r.streamVersion,
        event_id: r.eventId,
        type: r.type,
        schema_version: r.schemaVersion,
        // ::text first: PGlite would JSON-encode a string bound to a jsonb parameter again.
        data: sql`${r.data}::text::jsonb`,
        metadata: sql`${r.metadata}::text::jsonb`,
        recorded_at: sql`${r.recordedAt}::text::timestamptz`,
      })),
    )
    .returning(['global_position', 'event_id'])
    .execute()
  const byId = new Map(inserted.map((r) => [r.event_id, r.global_position]))
  return rows.map((r) => byId.get(r.eventId) as number)
}

/** The identity sequence's last drawn value, read in O(1) (sequences are not transactional). */
const lastDrawnPosition = async (db: Db): Promise<number> => {
  const { rows } = await sql<{ last_value: number; is_called: boolean }>`
    select last_value, is_called from events_global_position_seq`.execute(db)
  const row = rows[0]
  if (row === undefined) throw new Error('events_global_position_seq is missing')
  return row.is_called ? Number(row.last_value) : Number(row.last_value) - 1
}

const insertCopy = async (db: Db, count: number, text: string): Promise<number[]> => {
  if (count === 0) return []
  // COPY returns no rows. Under the append lock nobody else draws positions, and COPY draws
  // them in input order; if the sequence moved by exactly our row count, ours are the range.
  const before = await lastDrawnPosition(db)
  await db.executeQuery(copyFromStdin('events', EVENT_COLUMNS, text))
  const after = await lastDrawnPosition(db)
  if (after - before !== count) {
    throw new Error(
      `the position sequence moved by ${after - before} during a COPY of ${count} events; ` +
        'is something inserting into events without the append lock?',
    )
  }
  return Array.from({ length: count }, (_, i) => before + 1 + i)
}

const insertPlanned = (
  db: Db,
  requests: readonly AppendRequest[],
  plans: readonly Plan[],
): Promise<number[]> => {
  let count = 0
  plans.forEach((p, i) => {
    if (p.kind === 'insert') count += requests[i]?.events.length ?? 0
  })
  return count < COPY_THRESHOLD
    ? insertValues(db, toRows(requests, plans))
    : insertCopy(db, count, copyText(requests, plans))
}

const isEventIdViolation = (error: unknown): boolean => {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown }
  return (
    e?.code === '23505' &&
    (e.constraint === 'events_event_id_key' || String(e.message).includes('events_event_id_key'))
  )
}

const results = (
  requests: readonly AppendRequest[],
  plans: readonly Plan[],
  positions: readonly number[],
): AppendResult[] => {
  let offset = 0
  return plans.map((p, i) => {
    if (p.kind === 'replay') return p.result
    const count = requests[i]?.events.length ?? 0
    const mine = positions.slice(offset, offset + count)
    offset += count
    return { streamVersion: p.first + count - 1, positions: mine, appended: count > 0 }
  })
}

/**
 * Appends to many streams inside the caller's transaction: all or nothing.
 * Small batches look their eventIds up first; large ones insert optimistically under a
 * savepoint and look up only when the unique index reports an eventId already stored,
 * so an import does not pay a lookup per event.
 *
 * @param db a kysely Transaction (the lock and the writes must share it)
 * @throws WrongExpectedVersionError, EventIdConflictError, InvalidAppendError
 */
export async function appendInTransaction(
  db: Db,
  requests: readonly AppendRequest[],
): Promise<AppendResult[]> {
  validate(requests)
  const total = requests.reduce((n, r) => n + r.events.length, 0)
  await lockAppends(db)
  const versions = await currentVersions(db, requests)

  if (total < COPY_THRESHOLD) {
    const plans = plan(requests, versions, await lookupEvents(db, requests))
    return results(requests, plans, await insertPlanned(db, requests, plans))
  }

  let plans: Plan[]
  try {
    plans = plan(requests, versions, new Map())
  } catch (error) {
    // A version mismatch may be an idempotent replay: decide with the stored events.
    if (!(error instanceof WrongExpectedVersionError)) throw error
    plans = plan(requests, versions, await lookupEvents(db, requests))
  }
  await sql`savepoint lagesbild_append`.execute(db)
  try {
    const positions = await insertPlanned(db, requests, plans)
    await sql`release savepoint lagesbild_append`.execute(db)
    return results(requests, plans, positions)
  } catch (error) {
    if (!isEventIdViolation(error)) throw error
    await sql`rollback to savepoint lagesbild_append`.execute(db)
  }
  plans = plan(requests, versions, await lookupEvents(db, requests))
  return results(requests, plans, await insertPlanned(db, requests, plans))
}
