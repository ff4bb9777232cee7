import { sql } from 'kysely'
import type { Db } from '../log.js'
import { compareFigures, type OfficialFigureRow, type OfficialFiguresQuery } from './model.js'

/**
 * Official figures as known at `query.knownAt` (default: all recorded): for each publisher,
 * statistic, geography and year the value recorded last by then. Values come back exactly as
 * published; nothing is summed with partners' reports.
 * @example await officialFigures(db, 'ludvika', { statisticId: 'totalt-antal-anmalda-brott' })
 */
export const officialFigures = async (
  db: Db,
  tenantId: string,
  query: OfficialFiguresQuery = {},
): Promise<OfficialFigureRow[]> => {
  const r = await sql<{
    publisher: string
    statistic: string
    statistic_id: string
    label: string
    area_label: string
    place_id: string | null
    year: number
    count: number | null
    rate_per_100k: number | null
    publication_id: string
    source: string
    year_semantics: string
    recorded: string
  }>`select distinct on (publisher, statistic_id, area_label, year)
      publisher, statistic, statistic_id, label, area_label, place_id, year, count,
      rate_per_100k, publication_id, source, year_semantics,
      to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as recorded
    from official_figure
    where tenant_id = ${tenantId}
      and (${query.knownAt ?? null}::timestamptz is null
        or recorded_at <= ${query.knownAt ?? null}::timestamptz)
      and (${query.area ?? null}::text is null
        or place_id = ${query.area ?? null} or area_label = ${query.area ?? null})
      and (${query.statisticId ?? null}::text is null or statistic_id = ${query.statisticId ?? null})
      and (${query.publisher ?? null}::text is null or publisher = ${query.publisher ?? null})
      and (${query.from ?? null}::int is null or year >= ${query.from ?? null}::int)
      and (${query.to ?? null}::int is null or year <= ${query.to ?? null}::int)
    order by publisher, statistic_id, area_label, year, recorded_at desc, position desc, seq desc`.execute(
    db,
  )
  return r.rows
    .map((row) => ({
      publisher: row.publisher,
      statistic: row.statistic,
      statisticId: row.statistic_id,
      label: row.label,
      areaLabel: row.area_label,
      placeId: row.place_id,
      year: Number(row.year),
      count: row.count === null ? null : Number(row.count),
      ratePer100k: row.rate_per_100k === null ? null : Number(row.rate_per_100k),
      publicationId: row.publication_id,
      source: row.source,
      yearSemantics: row.year_semantics,
      recordedAt: row.recorded,
    }))
    .sort(compareFigures)
}
