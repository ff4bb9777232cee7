import { sql } from 'kysely'
import type { Db } from '../log.js'
import { SOURCE_ORGANISATIONS, type TrendSource } from '../place-trend/model.js'
import { placesUnder } from './model.js'
import { loadPlaces } from './query.js'

/** One observation reported by a public source's importer (e.g. one police event). */
export interface SourceObservation {
  readonly reportId: string
  readonly observationId: string
  readonly placeId: string
  readonly category: string
  readonly occurredOn: string
  readonly count: number
}

/** At most this many observations are listed; `total` says how many there were. */
export const MAX_SOURCE_OBSERVATIONS = 500

/**
 * The observations of one public source (the police events feed, a police crime delivery) that
 * occurred in `[from, to]` at the given places, as known at `knownAt`: corrected as corrected,
 * retracted reports left out. Read from the situation picture's observation versions, so it
 * agrees with the picture's counts.
 * @param query.area an area (or place) and everything below it; absent: every place
 * @example await sourceObservations(db, 'mjolby', { source: 'police-events', from, to, knownAt })
 */
export const sourceObservations = async (
  db: Db,
  tenantId: string,
  query: {
    readonly source: Exclude<TrendSource, 'partners'>
    readonly from: string
    readonly to: string
    readonly knownAt: string
    readonly area?: string | null
  },
): Promise<{ readonly total: number; readonly observations: readonly SourceObservation[] }> => {
  // A constant list (not a subquery), so the planner sees it implies sp_version_source's
  // predicate and reads that small index.
  const organisations = Object.entries(SOURCE_ORGANISATIONS)
    .filter(([, source]) => source === query.source)
    .map(([organisation]) => organisation)
  const scope = query.area ? placesUnder(await loadPlaces(db, tenantId), query.area) : undefined
  const places = scope === undefined ? null : JSON.stringify([...scope])
  const r = await sql<{
    report_id: string
    observation_id: string
    place_id: string
    category: string
    occurred_on: string
    count: number
    total: number
  }>`select report_id, observation_id, place_id, category, occurred_on::text as occurred_on,
      count, count(*) over ()::int as total
    from sp_version
    where tenant_id = ${tenantId}
      and org_id = any(${`{${organisations.join(',')}}`}::text[])
      and occurred_on between ${query.from}::date and ${query.to}::date
      and from_at <= ${query.knownAt}::timestamptz
      and (to_at is null or to_at > ${query.knownAt}::timestamptz)
      and (${places}::jsonb is null
        or place_id = any(array(select jsonb_array_elements_text(${places}::jsonb))))
    order by occurred_on, report_id collate "C", observation_id collate "C"
    limit ${MAX_SOURCE_OBSERVATIONS}`.execute(db)
  return {
    total: Number(r.rows[0]?.total ?? 0),
    observations: r.rows.map((row) => ({
      reportId: row.report_id,
      observationId: row.observation_id,
      placeId: row.place_id,
      category: row.category,
      occurredOn: row.occurred_on,
      count: Number(row.count),
    })),
  }
}
