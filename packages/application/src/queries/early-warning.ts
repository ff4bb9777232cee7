import type { EarlyWarningCell, EarlyWarningInput } from '@lagesbild/analysis'
import { type Period, periodContaining, periodsBefore } from '@lagesbild/projections'
import {
  countsByPeriod,
  type Db,
  firstPeriodWithData,
  knownAtOf,
  loadCadence,
  loadPlaceInfo,
  periodsPerYearOn,
  placesUnder,
} from './tables.js'

export interface EarlyWarningQuery {
  /** A day in the period to screen (`YYYY-MM-DD`). */
  readonly asOf: string
  /** Transaction-time cut (default now). */
  readonly knownAt?: string
  /** Only places at or below this area. */
  readonly area?: string
  /** History periods before the screened one (default three years of periods). */
  readonly historyPeriods?: number
  /** The clock for the default knownAt (ms since the epoch). */
  readonly now?: number
}

export interface EarlyWarningInputResult {
  readonly input: EarlyWarningInput
  /** The screened period. */
  readonly period: Period
  readonly periodsPerYear: number
  readonly historyPeriods: number
}

/**
 * Builds `earlyWarning`'s input: one series per place × category that has any count in the
 * screened period or its history, aligned with the periods (history first, the screened period
 * last). Cells with no count at all cannot alert and are left out. The history starts no earlier
 * than the tenant's first observation: zeros from before it would make every count a rise.
 *
 * @param db database holding the situation picture's tables
 * @param tenantId the tenant
 * @param query asOf (the period containing it is screened), knownAt, area, history length
 * @throws RangeError for a malformed asOf or knownAt
 * @example
 * const { input, periodsPerYear } = await earlyWarningInputFor(db, 'mjolby', { asOf: '2025-11-20' })
 * earlyWarning(input, { periodsPerYear })
 */
export async function earlyWarningInputFor(
  db: Db,
  tenantId: string,
  query: EarlyWarningQuery,
): Promise<EarlyWarningInputResult> {
  const knownAt = knownAtOf(query.knownAt, query.now ?? Date.now())
  const history = await loadCadence(db, tenantId)
  const period = periodContaining(query.asOf, history)
  const periodsPerYear = periodsPerYearOn(history, period.start)
  const historyPeriods = query.historyPeriods ?? 3 * periodsPerYear
  const dataStart = (await firstPeriodWithData(db, tenantId, knownAt)) ?? period.start
  // History before the first report would be zeros and make any count look like a rise.
  const before = periodsBefore(period, history, historyPeriods).filter((p) => p.start >= dataStart)
  const periods = [...before.map((p) => p.start).reverse(), period.start]
  const scope =
    query.area === undefined
      ? undefined
      : placesUnder(await loadPlaceInfo(db, tenantId), query.area)
  const rows = await countsByPeriod(db, tenantId, {
    fromPeriod: periods[0] as string,
    toPeriod: period.start,
    knownAt,
  })
  const index = new Map(periods.map((p, i) => [p, i]))
  const cells = new Map<string, { placeId: string; category: string; counts: number[] }>()
  for (const row of rows) {
    if (scope && !scope.has(row.placeId)) continue
    const i = index.get(row.periodStart)
    if (i === undefined) continue
    const key = `${row.placeId}\u0000${row.category}`
    let cell = cells.get(key)
    if (!cell) {
      cell = { placeId: row.placeId, category: row.category, counts: periods.map(() => 0) }
      cells.set(key, cell)
    }
    cell.counts[i] = (cell.counts[i] as number) + row.count
  }
  const sorted: EarlyWarningCell[] = [...cells.values()].sort((a, b) =>
    a.placeId < b.placeId
      ? -1
      : a.placeId > b.placeId
        ? 1
        : a.category < b.category
          ? -1
          : a.category > b.category
            ? 1
            : 0,
  )
  return {
    input: { periods, cells: sorted },
    period,
    periodsPerYear,
    historyPeriods: before.length,
  }
}
