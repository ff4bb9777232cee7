import { sql } from 'kysely'
import type { Db, LogTable } from '../log.js'

/**
 * The naive way to a picture, kept as the benchmark baseline: aggregate one period straight from
 * the log, filtered by date and knowledge time. Reads every report event of the tenant, and
 * still ignores corrections and retractions (doing those right needs the window functions of
 * the rebuild). Not for production use.
 * @example await naivePeriodCounts(db, EVENT_STORE_LOG, 'demo', { start, end }, knownAt)
 */
export const naivePeriodCounts = async (
  db: Db,
  log: LogTable,
  tenantId: string,
  period: { readonly start: string; readonly end: string },
  knownAt: string,
): Promise<{ placeId: string; category: string; count: number }[]> => {
  const r = await sql<{ place_id: string; category: string; count: number }>`
    select o ->> 'placeId' as place_id, o ->> 'categoryCode' as category,
      sum((o ->> 'count')::int)::int as count
    from ${sql.raw(log.relation)} e
    cross join lateral jsonb_array_elements(${sql.raw(log.data)} -> 'observations') o
    where ${sql.raw(log.tenantId)} = ${tenantId} and ${sql.raw(log.type)} = 'ReportSubmitted'
      and ${sql.raw(log.recordedAt)} <= ${knownAt}::timestamptz
      and (o -> 'occurredOn' ->> 'date') between ${period.start} and ${period.end}
    group by 1, 2`.execute(db)
  return r.rows.map((x) => ({ placeId: x.place_id, category: x.category, count: x.count }))
}
