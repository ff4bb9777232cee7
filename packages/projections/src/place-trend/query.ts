import { sql } from 'kysely'
import { cadenceOf } from '../config.js'
import type { Db } from '../log.js'
import { periodStartSql } from '../periods/sql.js'
import { loadConfig } from '../situation-picture/handler.js'
import { placesUnder } from '../situation-picture/model.js'
import { loadPlaces } from '../situation-picture/query.js'
import {
  buildTrend,
  type PlaceTrend,
  type PlaceTrendQuery,
  planTrend,
  type TrendBucket,
  type TrendCount,
  type TrendSource,
  trendSourceSql,
} from './model.js'

const bucketSql = (bucket: TrendBucket, history: Parameters<typeof periodStartSql>[0]): string => {
  const y = 'extract(year from occurred_on)::int'
  const m = 'extract(month from occurred_on)::int'
  switch (bucket) {
    case 'period':
      return periodStartSql(history, 'occurred_on')
    case 'month':
      return `make_date(${y}, ${m}, 1)`
    case 'quarter':
      return `make_date(${y}, ((${m} - 1) / 3) * 3 + 1, 1)`
    case 'year':
      return `make_date(${y}, 1, 1)`
  }
}

/**
 * A place trend from the situation picture's read-model tables: the observation versions live
 * at `knownAt` (so corrections count as corrected and retracted reports not at all, as they were
 * known then), summed per bucket and category in one statement over the versions' place index.
 * Needs `situationPictureProjection` to be registered with the runner: the trend reads its
 * tables (sp_version, sp_place, sp_config) instead of keeping a copy of every observation.
 * @param db database or transaction holding the live read-model tables
 * @param tenantId the tenant
 * @param query placeId or area, optional categories, from/to, bucket, optional knownAt
 * @param options.now the instant used when `knownAt` is absent (tests pin it)
 * @throws RangeError for a malformed query (see `planTrend`)
 * @example await placeTrend(db, 'mjolby', { area: 'centrum', from: '2021-01-01', to: '2021-12-31', bucket: 'quarter' })
 */
export const placeTrend = async (
  db: Db,
  tenantId: string,
  query: PlaceTrendQuery,
  options: { readonly now?: number } = {},
): Promise<PlaceTrend> => {
  const history = cadenceOf(await loadConfig(db, tenantId))
  const plan = planTrend(tenantId, query, history, options.now)
  const scope =
    plan.area === null
      ? [plan.placeId as string]
      : [...(placesUnder(await loadPlaces(db, tenantId), plan.area) as ReadonlySet<string>)]
  const first = plan.buckets[0]?.start ?? plan.from
  const last = plan.buckets[plan.buckets.length - 1]?.end ?? plan.to
  const categories = plan.categories === null ? null : JSON.stringify(plan.categories)
  const r = await sql<{ bucket: string; category: string; source: TrendSource; n: number }>`
    select (${sql.raw(bucketSql(plan.bucket, history))})::text as bucket, category,
      ${sql.raw(trendSourceSql('org_id'))} as source, sum(count)::int as n
    from sp_version
    where tenant_id = ${tenantId}
      and place_id = any(array(select jsonb_array_elements_text(${JSON.stringify(scope)}::jsonb)))
      and occurred_on between ${first}::date and ${last}::date
      and from_at <= ${plan.knownAt}::timestamptz
      and (to_at is null or to_at > ${plan.knownAt}::timestamptz)
      and (${categories}::jsonb is null
        or category = any(array(select jsonb_array_elements_text(${categories}::jsonb))))
    group by 1, 2, 3`.execute(db)
  const counts = new Map<string, TrendCount[]>()
  for (const row of r.rows) {
    const cells = counts.get(row.bucket) ?? []
    cells.push({ category: row.category, source: row.source, count: Number(row.n) })
    counts.set(row.bucket, cells)
  }
  return buildTrend(plan, counts)
}
