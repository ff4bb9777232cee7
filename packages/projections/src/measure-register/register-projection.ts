import { sql } from 'kysely'
import { MEASURE_EVENTS } from '../events.js'
import type { Db, StoredEvent } from '../log.js'
import type { ReadModelProjection } from '../runner/index.js'
import {
  buildRegister,
  evolveMeasureRecord,
  type MeasureRecord,
  type MeasureRegisterEntry,
  type MeasureRegisterQuery,
  planRegister,
  registerEntry,
} from './register-model.js'

/**
 * measure_version is bitemporal in the simplest way: one row per version of a measure, keyed by
 * the log position of the event that made it. The register as known at K is, per measure, the
 * row with the highest position recorded at or before K. Measures are few (tens to hundreds per
 * tenant), so status on a date and the filters are computed from the JSON state in JavaScript
 * with the same code as the fold.
 */
const table = (suffix: string) => sql.table(`measure_version${suffix}`)

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T

const applyMeasureEvents = async (
  tx: Db,
  events: readonly StoredEvent[],
  suffix: string,
): Promise<void> => {
  for (const event of events) {
    if (!MEASURE_EVENTS.has(event.type)) continue
    const tenantId = event.metadata.tenantId
    const id = (event.data as { measureId: string }).measureId
    const last = await sql<{ state: unknown }>`select state from ${table(suffix)}
      where tenant_id = ${tenantId} and measure_id = ${id}
      order by position desc limit 1`.execute(tx)
    const raw = last.rows[0]?.state
    const before = raw === undefined ? undefined : json<MeasureRecord>(raw)
    const after = evolveMeasureRecord(before, event)
    if (after === undefined || after === before) continue
    await sql`insert into ${table(suffix)} (tenant_id, measure_id, position, recorded_at, state)
      values (${tenantId}, ${id}, ${String(event.position)}::bigint,
        ${event.metadata.recordedAt}::timestamptz, ${JSON.stringify(after)}::jsonb)
      on conflict do nothing`.execute(tx)
  }
}

/**
 * The measure register's read model: every version of every measure (lifecycle, places, owner,
 * type, target categories, control and buffer places, verdict). Rebuilt by replaying the measure
 * events through `apply`; they are few.
 */
export const measureRegisterProjection: ReadModelProjection = {
  name: 'measure-register',
  createTables: async (db, suffix) => {
    await sql`create table if not exists ${table(suffix)} (
      tenant_id text not null,
      measure_id text not null,
      position bigint not null,
      recorded_at timestamptz not null,
      state jsonb not null,
      constraint ${sql.raw(`measure_version_pk${suffix}`)}
        primary key (tenant_id, measure_id, position))`.execute(db)
  },
  createIndexes: async () => {},
  dropTables: async (db, suffix) => {
    await sql`drop table if exists ${table(suffix)}`.execute(db)
  },
  swapTables: async (db, suffix) => {
    await sql`drop table if exists measure_version`.execute(db)
    await sql`alter table ${table(suffix)} rename to measure_version`.execute(db)
    await sql`alter index if exists ${sql.raw(`measure_version_pk${suffix}`)}
      rename to measure_version_pk`.execute(db)
  },
  lockTables: async (db) => {
    await sql`lock table measure_version in exclusive mode`.execute(db)
  },
  apply: applyMeasureEvents,
  eventTypes: [...MEASURE_EVENTS],
}

const recordsKnownAt = async (
  db: Db,
  tenantId: string,
  knownAt: string,
  measureId?: string,
): Promise<MeasureRecord[]> => {
  const r = await sql<{ state: unknown }>`
    select distinct on (measure_id) state from measure_version
    where tenant_id = ${tenantId} and recorded_at <= ${knownAt}::timestamptz
      and (${measureId ?? null}::text is null or measure_id = ${measureId ?? null})
    order by measure_id, position desc`.execute(db)
  return r.rows.map((row) => json<MeasureRecord>(row.state))
}

/**
 * The measure register as of a day and a knowledge instant, from the read-model table.
 * @param db database or transaction holding the live read-model tables
 * @param tenantId the tenant
 * @param query asOf (default today), knownAt (default now), optional status and placeId filters
 * @param options.now the instant used for the defaults (tests pin it)
 * @throws RangeError for a malformed asOf or knownAt
 * @example await measureRegister(db, 'mjolby', { asOf: '2021-06-01', status: ['started', 'decided'] })
 */
export const measureRegister = async (
  db: Db,
  tenantId: string,
  query: MeasureRegisterQuery = {},
  options: { readonly now?: number } = {},
): Promise<MeasureRegisterEntry[]> => {
  const plan = planRegister(query, options.now)
  return buildRegister(await recordsKnownAt(db, tenantId, plan.knownAt), plan, query)
}

/**
 * One measure as known at `knownAt`, with its status on `asOf` (possibly 'not-yet').
 * @returns undefined when no such measure was known then
 * @throws RangeError for a malformed asOf or knownAt
 * @example await measureById(db, 'mjolby', 'm-17', { asOf: '2021-06-01' })
 */
export const measureById = async (
  db: Db,
  tenantId: string,
  measureId: string,
  query: Pick<MeasureRegisterQuery, 'asOf' | 'knownAt'> = {},
  options: { readonly now?: number } = {},
): Promise<MeasureRegisterEntry | undefined> => {
  const plan = planRegister(query, options.now)
  const [record] = await recordsKnownAt(db, tenantId, plan.knownAt, measureId)
  return record ? registerEntry(record, plan.asOf) : undefined
}
