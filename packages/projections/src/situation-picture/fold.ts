import { cadenceOf, emptyConfig, evolveConfig, type TenantConfig } from '../config.js'
import {
  CONFIG_EVENTS,
  instantMs,
  MEASURE_EVENTS,
  type PlaceData,
  type ProjectionEvent,
  REPORT_EVENTS,
} from '../events.js'
import { evolveMeasure, type MeasureState } from '../measure-register/model.js'
import { addDays, dayNumber, periodContaining } from '../periods/index.js'
import {
  buildSituationPicture,
  type CellDetail,
  type PeriodCount,
  type PictureData,
  type PicturePlan,
  type PlaceInfo,
  placesUnder,
  planPicture,
  type SituationPicture,
  type SituationPictureQuery,
} from './model.js'
import { applyReportEvent, type ReportState, reportIdOf } from './observations.js'

interface Fact {
  readonly ms: number
  readonly event: ProjectionEvent
}

/** One tenant's history as the pure fold keeps it. */
export interface TenantHistory {
  readonly config: TenantConfig
  readonly places: ReadonlyMap<string, PlaceInfo>
  /** Report and measure events in log order: the facts `knownAt` cuts. */
  readonly facts: readonly Fact[]
}

/**
 * State of the pure situation-picture fold. Because a picture can be asked for any knowledge
 * instant, the state keeps the facts themselves, not a running total; the picture is computed
 * from them on demand. This is the specification the read-model tables are tested against.
 */
export interface SituationState {
  readonly tenants: ReadonlyMap<string, TenantHistory>
}

/** The empty state. */
export const initialState = (): SituationState => ({ tenants: new Map() })

const emptyTenant = (): TenantHistory => ({ config: emptyConfig(), places: new Map(), facts: [] })

const evolvePlace = (
  places: ReadonlyMap<string, PlaceInfo>,
  event: ProjectionEvent,
): ReadonlyMap<string, PlaceInfo> => {
  const d = event.data as PlaceData
  const old = places.get(d.placeId)
  if (event.type === 'PlaceRegistered') {
    if (old) return places
    const next = new Map(places)
    next.set(d.placeId, {
      placeId: d.placeId,
      name: d.name ?? d.placeId,
      level: d.level ?? 'place',
      parentId: d.parentId ?? null,
    })
    return next
  }
  if (!old) return places
  const next = new Map(places)
  next.set(d.placeId, {
    ...old,
    name: d.name ?? old.name,
    parentId: d.parentId === undefined ? old.parentId : d.parentId,
  })
  return next
}

/**
 * Folds one event into the state. Pure: returns a new state and leaves the old one untouched.
 * @example const state = events.reduce(evolve, initialState())
 */
export const evolve = (state: SituationState, event: ProjectionEvent): SituationState => {
  const tenantId = event.metadata.tenantId
  const t = state.tenants.get(tenantId) ?? emptyTenant()
  let next: TenantHistory = t
  if (CONFIG_EVENTS.has(event.type)) next = { ...t, config: evolveConfig(t.config, event) }
  else if (event.type === 'PlaceRegistered' || event.type === 'PlaceChanged') {
    next = { ...t, places: evolvePlace(t.places, event) }
  } else if (REPORT_EVENTS.has(event.type) || MEASURE_EVENTS.has(event.type)) {
    next = { ...t, facts: [...t.facts, { ms: instantMs(event.metadata.recordedAt), event }] }
  }
  if (next === t) return state
  const tenants = new Map(state.tenants)
  tenants.set(tenantId, next)
  return { tenants }
}

/**
 * The data of a picture computed straight from the facts: replay what was recorded up to
 * `knownAt`, then aggregate. Deliberately naive; it is the oracle, not the fast path.
 */
export const foldPictureData = (t: TenantHistory, plan: PicturePlan): PictureData => {
  const history = cadenceOf(t.config)
  const places = [...t.places.values()]
  const scope = placesUnder(places, plan.area)
  const inScope = (placeId: string): boolean => scope === undefined || scope.has(placeId)
  const wanted = new Set([plan.period.start, ...plan.comparisonPeriods.map((p) => p.start)])
  const periodEndMs = dayNumber(addDays(plan.period.end, 1)) * 86_400_000

  const known = new Map<string, ReportState | undefined>()
  const everything = new Map<string, ReportState | undefined>()
  const measures = new Map<string, MeasureState | undefined>()
  let recordedAfterKnownAt = 0
  let includedAfterPeriodEnd = 0
  for (const { ms, event } of t.facts) {
    const reportId = reportIdOf(event)
    if (reportId === undefined) {
      if (ms <= plan.knownAtMs) {
        const id = (event.data as { measureId: string }).measureId
        measures.set(id, evolveMeasure(measures.get(id), event))
      }
      continue
    }
    const all = applyReportEvent(everything.get(reportId), event)
    everything.set(reportId, all.report)
    const touches = [...all.effect.removed, ...all.effect.added].some(
      (v) =>
        inScope(v.placeId) && periodContaining(v.occurredOn, history).start === plan.period.start,
    )
    if (ms <= plan.knownAtMs) {
      known.set(reportId, applyReportEvent(known.get(reportId), event).report)
      if (touches && ms >= periodEndMs) includedAfterPeriodEnd++
    } else if (touches) recordedAfterKnownAt++
  }

  interface Acc {
    count: number
    observations: number
    suspected: number
    policeReported: number
    reports: Set<string>
    organisations: Set<string>
  }
  const cells = new Map<string, Acc & { periodStart: string; placeId: string; category: string }>()
  for (const report of known.values()) {
    if (!report || report.retracted) continue
    for (const v of report.observations.values()) {
      const periodStart = periodContaining(v.occurredOn, history).start
      if (!wanted.has(periodStart) || !inScope(v.placeId)) continue
      const k = `${periodStart}\u0000${v.placeId}\u0000${v.category}`
      const c = cells.get(k) ?? {
        periodStart,
        placeId: v.placeId,
        category: v.category,
        count: 0,
        observations: 0,
        suspected: 0,
        policeReported: 0,
        reports: new Set<string>(),
        organisations: new Set<string>(),
      }
      c.count += v.count
      c.observations += 1
      if (v.suspected) c.suspected += v.count
      if (v.policeReported) c.policeReported += v.count
      c.reports.add(v.reportId)
      c.organisations.add(v.organisationId)
      cells.set(k, c)
    }
  }
  const current: CellDetail[] = []
  const comparisonCells: PeriodCount[] = []
  for (const c of cells.values()) {
    if (c.periodStart === plan.period.start) {
      current.push({
        placeId: c.placeId,
        category: c.category,
        count: c.count,
        observations: c.observations,
        reports: c.reports.size,
        suspected: c.suspected,
        policeReported: c.policeReported,
        organisations: [...c.organisations].sort(),
      })
    } else {
      comparisonCells.push({
        periodStart: c.periodStart,
        placeId: c.placeId,
        category: c.category,
        count: c.count,
      })
    }
  }
  return {
    current,
    comparisonCells,
    late: { recordedAfterKnownAt, includedAfterPeriodEnd },
    measures: [...measures.values()].filter((m): m is MeasureState => m !== undefined),
    places,
  }
}

/**
 * The situation picture computed by the pure fold.
 * @param state the folded events
 * @param query asOf, optional knownAt and area
 * @param now the instant used when `knownAt` is absent
 * @throws RangeError for a malformed date or instant
 * @example situationPictureOf(events.reduce(evolve, initialState()), { tenantId: 'demo', asOf: '2021-03-15' })
 */
export const situationPictureOf = (
  state: SituationState,
  query: SituationPictureQuery,
  now?: number,
): SituationPicture => {
  const t = state.tenants.get(query.tenantId) ?? emptyTenant()
  const plan = planPicture(query, t.config, now)
  return buildSituationPicture(plan, foldPictureData(t, plan), t.config)
}
