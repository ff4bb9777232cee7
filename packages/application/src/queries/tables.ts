import {
  type CadenceSetting,
  cadenceHistory,
  emptyConfig,
  evolveConfig,
  type PlaceInfo,
  type TenantConfig,
} from '@lagesbild/projections'
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: the read models are declared in SQL
export type Db = Kysely<any>

/*
 * The adapters read the situation picture's tables (sp_version, sp_place, sp_config) directly,
 * as projections' own placeTrend does: one grouped statement gives every place's series, where
 * placeTrend would need one round trip (and one config and place load) per place.
 */

/** The tenant's configuration as the situation picture holds it. */
export async function loadTenantConfig(db: Db, tenantId: string): Promise<TenantConfig> {
  const r = await sql<{ type: string; data: unknown }>`
    select type, data from sp_config where tenant_id = ${tenantId} order by position`.execute(db)
  return r.rows.reduce<TenantConfig>(
    (config, row) =>
      evolveConfig(config, {
        type: row.type,
        data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
        metadata: { eventId: '', tenantId, recordedAt: '' },
      }),
    emptyConfig(),
  )
}

/** The cadence history (every setting in force over time; the default when none was set). */
export async function loadCadence(db: Db, tenantId: string): Promise<readonly CadenceSetting[]> {
  return cadenceHistory((await loadTenantConfig(db, tenantId)).cadence)
}

/** Periods per year of the cadence in force on `date`, for seasonal terms (26 for fortnightly). */
export function periodsPerYearOn(history: readonly CadenceSetting[], date: string): number {
  let interval = history[0]?.intervalDays ?? 14
  for (const s of history) if (s.effectiveFrom <= date) interval = s.intervalDays
  return Math.max(2, Math.round(365.25 / interval))
}

/** Every registered place (any level), in id order. */
export async function loadPlaceInfo(db: Db, tenantId: string): Promise<PlaceInfo[]> {
  const r = await sql<{ place_id: string; name: string; level: string; parent_id: string | null }>`
    select place_id, name, level, parent_id from sp_place where tenant_id = ${tenantId}
    order by place_id collate "C"`.execute(db)
  return r.rows.map((p) => ({
    placeId: p.place_id,
    name: p.name,
    level: p.level,
    parentId: p.parent_id,
  }))
}

/** Place ids at or below `area` (the area itself included). */
export function placesUnder(places: readonly PlaceInfo[], area: string): ReadonlySet<string> {
  const out = new Set<string>([area])
  let grew = true
  while (grew) {
    grew = false
    for (const p of places) {
      if (p.parentId !== null && out.has(p.parentId) && !out.has(p.placeId)) {
        out.add(p.placeId)
        grew = true
      }
    }
  }
  return out
}

/** One row of observation counts: place × category × reporting period. */
export interface CountRow {
  readonly placeId: string
  readonly category: string
  readonly periodStart: string
  readonly count: number
}

export interface CountQuery {
  /** First and last period start to include (`YYYY-MM-DD`). */
  readonly fromPeriod: string
  readonly toPeriod: string
  /** Only these categories; absent means every category. */
  readonly categories?: readonly string[]
  /** Only this reporting organisation's observations. */
  readonly organisationId?: string
  /** Observation versions live at this instant (ISO); corrections and retractions as known then. */
  readonly knownAt: string
}

/**
 * Observation counts per place, category and reporting period, as known at `knownAt`, in one
 * grouped statement over the live observation versions.
 */
export async function countsByPeriod(db: Db, tenantId: string, q: CountQuery): Promise<CountRow[]> {
  const categories = q.categories === undefined ? null : JSON.stringify(q.categories)
  const r = await sql<{ place_id: string; category: string; period_start: string; n: number }>`
    select place_id, category, period_start::text as period_start, sum(count)::int as n
    from sp_version
    where tenant_id = ${tenantId}
      and period_start between ${q.fromPeriod}::date and ${q.toPeriod}::date
      and from_at <= ${q.knownAt}::timestamptz
      and (to_at is null or to_at > ${q.knownAt}::timestamptz)
      and (${q.organisationId ?? null}::text is null or org_id = ${q.organisationId ?? null}::text)
      and (${categories}::jsonb is null
        or category = any(array(select jsonb_array_elements_text(${categories}::jsonb))))
    group by 1, 2, 3`.execute(db)
  return r.rows.map((row) => ({
    placeId: row.place_id,
    category: row.category,
    periodStart: row.period_start,
    count: Number(row.n),
  }))
}

/**
 * Start of the first reporting period with any observation known at `knownAt`, or null. Series
 * must not reach back before it: periods before a tenant started reporting would count as
 * zeros, and a "before" window or a history of zeros reads as a rise.
 */
export async function firstPeriodWithData(
  db: Db,
  tenantId: string,
  knownAt: string,
): Promise<string | null> {
  const r = await sql<{ first: string | null }>`
    select min(period_start)::text as first from sp_version
    where tenant_id = ${tenantId} and from_at <= ${knownAt}::timestamptz
      and (to_at is null or to_at > ${knownAt}::timestamptz)`.execute(db)
  return r.rows[0]?.first ?? null
}

/** Normalises an optional knownAt to an ISO instant. @throws RangeError when unparseable */
export function knownAtOf(knownAt: string | undefined, now: number): string {
  const ms = knownAt === undefined ? now : Date.parse(knownAt)
  if (Number.isNaN(ms)) throw new RangeError(`knownAt is not an instant: ${knownAt}`)
  return new Date(ms).toISOString()
}
