import type { ProjectionEvent } from '../events.js'
import {
  compareFigures,
  figureKey,
  type OfficialFigureRow,
  type OfficialFiguresQuery,
  type OfficialStatisticsPublishedData,
} from './model.js'

/** Every published value of every figure, in recording order, per tenant. */
export interface OfficialStatisticsState {
  readonly byTenant: ReadonlyMap<string, readonly OfficialFigureRow[]>
}

export const officialStatisticsInitialState: OfficialStatisticsState = { byTenant: new Map() }

/**
 * Folds one event into the state (pure; the read model keeps the same facts in SQL). Every
 * published value is kept with its recording time, so "as known at" needs no other history.
 */
export function evolveOfficialStatistics(
  state: OfficialStatisticsState,
  event: ProjectionEvent,
): OfficialStatisticsState {
  if (event.type !== 'OfficialStatisticsPublished') return state
  const d = event.data as OfficialStatisticsPublishedData
  const tenantId = event.metadata.tenantId
  const rows: OfficialFigureRow[] = d.figures.map((f) => ({
    publisher: d.publisher,
    statistic: d.statistic,
    statisticId: f.statisticId,
    label: f.label,
    areaLabel: f.area.label,
    placeId: f.area.placeId ?? null,
    year: f.year,
    count: f.count,
    ratePer100k: f.ratePer100k,
    publicationId: d.publicationId,
    source: d.source,
    yearSemantics: d.yearSemantics,
    recordedAt: new Date(event.metadata.recordedAt).toISOString(),
  }))
  const byTenant = new Map(state.byTenant)
  byTenant.set(tenantId, [...(state.byTenant.get(tenantId) ?? []), ...rows])
  return { byTenant }
}

/**
 * The figures as known at `query.knownAt`: for each (publisher, statistic, geography, year) the
 * value recorded last by then (the later publication of the same figure wins; ties keep the
 * later event).
 */
export function officialFiguresOf(
  state: OfficialStatisticsState,
  tenantId: string,
  query: OfficialFiguresQuery = {},
): OfficialFigureRow[] {
  const cut = query.knownAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(query.knownAt)
  const latest = new Map<string, OfficialFigureRow>()
  for (const row of state.byTenant.get(tenantId) ?? []) {
    if (Date.parse(row.recordedAt) > cut) continue
    if (query.area !== undefined && row.placeId !== query.area && row.areaLabel !== query.area)
      continue
    if (query.statisticId !== undefined && row.statisticId !== query.statisticId) continue
    if (query.publisher !== undefined && row.publisher !== query.publisher) continue
    if (query.from !== undefined && row.year < query.from) continue
    if (query.to !== undefined && row.year > query.to) continue
    const key = figureKey(row)
    const seen = latest.get(key)
    if (!seen || Date.parse(row.recordedAt) >= Date.parse(seen.recordedAt)) latest.set(key, row)
  }
  return [...latest.values()].sort(compareFigures)
}
