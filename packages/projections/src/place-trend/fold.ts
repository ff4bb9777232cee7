import { cadenceOf, emptyConfig, evolveConfig, type TenantConfig } from '../config.js'
import {
  CONFIG_EVENTS,
  instantMs,
  type PlaceData,
  type ProjectionEvent,
  REPORT_EVENTS,
} from '../events.js'
import { type CadenceSetting, periodContaining } from '../periods/index.js'
import { type PlaceInfo, placesUnder } from '../situation-picture/model.js'
import {
  applyReportEvent,
  type ReportState,
  reportIdOf,
} from '../situation-picture/observations.js'
import {
  buildTrend,
  calendarBucket,
  type PlaceTrend,
  type PlaceTrendQuery,
  planTrend,
  type TrendBucket,
  type TrendCount,
  trendSourceOf,
} from './model.js'

interface Fact {
  readonly ms: number
  readonly event: ProjectionEvent
}

/** One tenant as the trend fold keeps it. */
export interface TrendTenant {
  readonly config: TenantConfig
  readonly places: ReadonlyMap<string, PlaceInfo>
  /** Report events in log order; a trend replays those recorded up to its `knownAt`. */
  readonly facts: readonly Fact[]
}

/**
 * State of the pure place-trend fold. A trend can be asked for any knowledge instant, so the
 * state keeps the report events themselves rather than running totals: it is the specification
 * the SQL query is tested against, not a fast path.
 */
export interface PlaceTrendState {
  readonly tenants: ReadonlyMap<string, TrendTenant>
}

/** The empty state. */
export const placeTrendInitialState = (): PlaceTrendState => ({ tenants: new Map() })

const emptyTenant = (): TrendTenant => ({ config: emptyConfig(), places: new Map(), facts: [] })

const evolvePlaces = (
  places: ReadonlyMap<string, PlaceInfo>,
  event: ProjectionEvent,
): ReadonlyMap<string, PlaceInfo> => {
  const d = event.data as PlaceData
  const old = places.get(d.placeId)
  if (event.type === 'PlaceRegistered' && old) return places
  if (event.type === 'PlaceChanged' && !old) return places
  const next = new Map(places)
  next.set(
    d.placeId,
    old
      ? {
          ...old,
          name: d.name ?? old.name,
          parentId: d.parentId === undefined ? old.parentId : d.parentId,
        }
      : {
          placeId: d.placeId,
          name: d.name ?? d.placeId,
          level: d.level ?? 'place',
          parentId: d.parentId ?? null,
        },
  )
  return next
}

/**
 * Folds one event. Pure: returns a new state and leaves the old one untouched; events the trend
 * does not read return the same state.
 * @example const state = events.reduce(evolvePlaceTrend, placeTrendInitialState())
 */
export const evolvePlaceTrend = (
  state: PlaceTrendState,
  event: ProjectionEvent,
): PlaceTrendState => {
  const tenantId = event.metadata.tenantId
  const t = state.tenants.get(tenantId) ?? emptyTenant()
  let next: TrendTenant
  if (REPORT_EVENTS.has(event.type)) {
    next = { ...t, facts: [...t.facts, { ms: instantMs(event.metadata.recordedAt), event }] }
  } else if (CONFIG_EVENTS.has(event.type)) {
    next = { ...t, config: evolveConfig(t.config, event) }
  } else if (event.type === 'PlaceRegistered' || event.type === 'PlaceChanged') {
    const places = evolvePlaces(t.places, event)
    if (places === t.places) return state
    next = { ...t, places }
  } else {
    return state
  }
  const tenants = new Map(state.tenants)
  tenants.set(tenantId, next)
  return { tenants }
}

/** The start of the bucket that contains `date`. */
export const bucketStart = (
  date: string,
  bucket: TrendBucket,
  history: readonly CadenceSetting[],
): string =>
  bucket === 'period' ? periodContaining(date, history).start : calendarBucket(date, bucket).start

/**
 * A place trend computed by the pure fold: replay the report events recorded up to `knownAt`
 * (corrections replace, retractions remove), then count per bucket.
 * @param now the instant used when the query has no `knownAt`
 * @throws RangeError for a malformed query (see `planTrend`)
 * @example placeTrendOf(state, 'mjolby', { area: 'centrum', from: '2021-01-01', to: '2021-12-31', bucket: 'month' })
 */
export const placeTrendOf = (
  state: PlaceTrendState,
  tenantId: string,
  query: PlaceTrendQuery,
  now?: number,
): PlaceTrend => {
  const t = state.tenants.get(tenantId) ?? emptyTenant()
  const history = cadenceOf(t.config)
  const plan = planTrend(tenantId, query, history, now)
  const scope =
    plan.area === null
      ? new Set([plan.placeId as string])
      : (placesUnder([...t.places.values()], plan.area) as ReadonlySet<string>)
  const first = plan.buckets[0]?.start ?? plan.from
  const last = plan.buckets[plan.buckets.length - 1]?.end ?? plan.to
  const wanted = plan.categories === null ? undefined : new Set(plan.categories)

  const reports = new Map<string, ReportState | undefined>()
  for (const { ms, event } of t.facts) {
    if (ms > plan.knownAtMs) continue
    const id = reportIdOf(event) as string
    reports.set(id, applyReportEvent(reports.get(id), event).report)
  }
  const counts = new Map<string, TrendCount[]>()
  for (const report of reports.values()) {
    if (!report || report.retracted) continue
    const source = trendSourceOf(report.organisationId)
    for (const v of report.observations.values()) {
      if (!scope.has(v.placeId) || v.occurredOn < first || v.occurredOn > last) continue
      if (wanted && !wanted.has(v.category)) continue
      const start = bucketStart(v.occurredOn, plan.bucket, history)
      const cells = counts.get(start) ?? []
      cells.push({ category: v.category, source, count: v.count })
      counts.set(start, cells)
    }
  }
  return buildTrend(plan, counts)
}
