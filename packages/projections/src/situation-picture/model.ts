import { cadenceOf, harmWeightOn, statusRuleOn, type TenantConfig } from '../config.js'
import type { StatusLevel, StatusRule } from '../events.js'
import { awaitsEvaluation, isActiveOn, type MeasureState } from '../measure-register/model.js'
import {
  addYears,
  dayNumber,
  type Period,
  periodContaining,
  periodsBefore,
} from '../periods/index.js'

/** What a caller asks for. `knownAt` defaults to now. */
export interface SituationPictureQuery {
  readonly tenantId: string
  /** The day the picture is for (`YYYY-MM-DD`): its reporting period is shown. */
  readonly asOf: string
  /** Transaction-time cut: only what was recorded at or before this instant counts. */
  readonly knownAt?: string
  /** Restrict to an area (or any place) and everything below it. */
  readonly area?: string
  /** How many places each hot-spot list holds (default 10). */
  readonly hotSpotLimit?: number
}

/** Everything a picture depends on that follows from the query and the configuration alone. */
export interface PicturePlan {
  readonly tenantId: string
  readonly asOf: string
  readonly knownAt: string
  readonly knownAtMs: number
  readonly area: string | null
  readonly hotSpotLimit: number
  readonly period: Period
  readonly previous: Period
  readonly yearAgo: Period
  /** The 12 periods before `period`, most recent first. */
  readonly baseline: readonly Period[]
  /** The periods the status rule sums, `period` first. */
  readonly statusWindow: readonly Period[]
  readonly statusRule: StatusRule
  /** Every period other than `period` whose counts the picture needs. */
  readonly comparisonPeriods: readonly Period[]
}

export const BASELINE_PERIODS = 12

/**
 * Works out the periods a picture needs.
 * @param now the instant used when the query has no `knownAt` (ms since the epoch)
 * @throws RangeError for a malformed `asOf` or `knownAt`
 */
export const planPicture = (
  query: SituationPictureQuery,
  config: TenantConfig,
  now: number = Date.now(),
): PicturePlan => {
  const history = cadenceOf(config)
  dayNumber(query.asOf)
  const knownAtMs = query.knownAt === undefined ? now : Date.parse(query.knownAt)
  if (Number.isNaN(knownAtMs)) throw new RangeError(`knownAt is not an instant: ${query.knownAt}`)
  const period = periodContaining(query.asOf, history)
  const baseline = periodsBefore(period, history, BASELINE_PERIODS)
  const previous = baseline[0] as Period
  const yearAgo = periodContaining(addYears(query.asOf, -1), history)
  const statusRule = statusRuleOn(config, query.asOf)
  const length = dayNumber(period.end) - dayNumber(period.start) + 1
  const windowCount = Math.max(1, Math.ceil(statusRule.windowDays / length))
  const statusWindow = [period, ...periodsBefore(period, history, windowCount - 1)]
  const byStart = new Map<string, Period>()
  for (const p of [...baseline, yearAgo, ...statusWindow]) {
    if (p.start !== period.start) byStart.set(p.start, p)
  }
  return {
    tenantId: query.tenantId,
    asOf: query.asOf,
    knownAt: new Date(knownAtMs).toISOString(),
    knownAtMs,
    area: query.area ?? null,
    hotSpotLimit: query.hotSpotLimit ?? 10,
    period,
    previous,
    yearAgo,
    baseline,
    statusWindow,
    statusRule,
    comparisonPeriods: [...byStart.values()].sort((a, b) => (a.start < b.start ? -1 : 1)),
  }
}

/** One place × category in the picture's own period, as known at `knownAt`. */
export interface CellDetail {
  readonly placeId: string
  readonly category: string
  /** Sum of the observations' counts. */
  readonly count: number
  readonly observations: number
  /** Distinct reports with at least one observation in the cell. */
  readonly reports: number
  /** Sum of counts marked suspected rather than observed. */
  readonly suspected: number
  /** Sum of counts the reporter says were reported to the police. */
  readonly policeReported: number
  /** Reporting organisations, sorted. */
  readonly organisations: readonly string[]
}

/** The count of one place × category in one comparison period, as known at `knownAt`. */
export interface PeriodCount {
  readonly periodStart: string
  readonly placeId: string
  readonly category: string
  readonly count: number
}

/** How far the knowledge cut matters for the picture's own period. */
export interface LateEvents {
  /** Events recorded after `knownAt` that add, change or remove an observation in the period. */
  readonly recordedAfterKnownAt: number
  /** Events recorded at or before `knownAt` but after the period ended (late reports and corrections). */
  readonly includedAfterPeriodEnd: number
}

export interface PlaceInfo {
  readonly placeId: string
  readonly name: string
  readonly level: string
  readonly parentId: string | null
}

/** What a data source (the pure fold or the read-model tables) supplies for one plan. */
export interface PictureData {
  /** Cells of the picture's period with a count, within the query's area. */
  readonly current: readonly CellDetail[]
  /**
   * The counts of every place × category in the comparison periods of the plan, in any order.
   * Rows of the same cell and period add up (a read model may send the current count and the
   * corrections since `knownAt` as separate rows); cells with a count of 0 may be left out.
   */
  readonly comparisonCells: readonly PeriodCount[]
  readonly late: LateEvents
  /** Measures as known at `knownAt` that are active on `asOf` or ended in the baseline window. */
  readonly measures: readonly MeasureState[]
  readonly places: readonly PlaceInfo[]
}

export interface Change {
  readonly count: number
  readonly difference: number
  /** Relative change; null when the earlier count is 0. */
  readonly relative: number | null
}

export interface Baseline {
  readonly mean: number
  /** Sample standard deviation over the baseline periods (zeros included). */
  readonly sd: number
  /** Count minus mean. */
  readonly excess: number
  /** Excess in standard deviations; null when the baseline does not vary. */
  readonly z: number | null
}

export interface CellPicture extends CellDetail {
  readonly harm: number
  /** Share of the count reported to the police; null when the count is 0. */
  readonly policeReportedShare: number | null
  readonly observed: number
  readonly previous: Change
  readonly yearAgo: Change
  readonly baseline: Baseline
}

export type StatusColour = StatusLevel['status']

export interface PlacePicture {
  readonly placeId: string
  readonly name: string | null
  readonly parentId: string | null
  readonly count: number
  readonly harm: number
  readonly baseline: Baseline
  readonly harmBaseline: Baseline
  readonly statusScore: number
  readonly status: StatusColour
}

export interface AreaStatus {
  readonly areaId: string
  readonly name: string
  readonly count: number
  readonly harm: number
  readonly statusScore: number
  readonly status: StatusColour
}

export interface MeasureSummary {
  readonly measureId: string
  readonly title: string
  readonly type: string
  readonly ownerOrganisationId: string
  readonly placeIds: readonly string[]
  readonly targetCategories: readonly string[]
  readonly startedOn: string | null
  readonly completedOn: string | null
}

/** The common situation picture (lägesbild) for one reporting period. */
export interface SituationPicture {
  readonly tenantId: string
  readonly asOf: string
  /** The knowledge cut actually used (ISO, UTC). */
  readonly knownAt: string
  readonly area: string | null
  readonly period: Period
  readonly previousPeriod: Period
  readonly yearAgoPeriod: Period
  readonly baselinePeriods: readonly Period[]
  readonly late: LateEvents
  readonly totals: { readonly count: number; readonly harm: number; readonly observations: number }
  /** Place × category with a count in this or the previous period, by place then category. */
  readonly cells: readonly CellPicture[]
  readonly places: readonly PlacePicture[]
  readonly hotSpots: {
    readonly byCount: readonly string[]
    readonly byHarm: readonly string[]
    readonly byExcess: readonly string[]
  }
  readonly statusRule: StatusRule
  readonly areas: readonly AreaStatus[]
  readonly measures: {
    readonly active: readonly MeasureSummary[]
    readonly awaitingEvaluation: readonly MeasureSummary[]
  }
}

/**
 * The places a query covers: the area and everything below it, or undefined for all places.
 * Hierarchy is the current one (reference data, not cut by knownAt).
 */
export const placesUnder = (
  places: readonly PlaceInfo[],
  area: string | null,
): ReadonlySet<string> | undefined => {
  if (area === null) return undefined
  const children = new Map<string, string[]>()
  for (const p of places) {
    if (p.parentId === null) continue
    const list = children.get(p.parentId) ?? []
    list.push(p.placeId)
    children.set(p.parentId, list)
  }
  const out = new Set<string>([area])
  const stack = [area]
  while (stack.length > 0) {
    const id = stack.pop() as string
    for (const c of children.get(id) ?? []) {
      if (!out.has(c)) {
        out.add(c)
        stack.push(c)
      }
    }
  }
  return out
}

const change = (count: number, earlier: number): Change => ({
  count: earlier,
  difference: count - earlier,
  relative: earlier === 0 ? null : (count - earlier) / earlier,
})

const baselineOf = (value: number, series: readonly number[]): Baseline => {
  const n = series.length
  const mean = series.reduce((a, b) => a + b, 0) / n
  const ss = series.reduce((a, b) => a + (b - mean) * (b - mean), 0)
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0
  return { mean, sd, excess: value - mean, z: sd > 0 ? (value - mean) / sd : null }
}

const gradeOf = (rule: StatusRule, score: number): StatusColour => {
  let status: StatusColour = rule.levels[0]?.status ?? 'green'
  for (const level of rule.levels) if (score >= level.minScore) status = level.status
  return status
}

const summary = (m: MeasureState): MeasureSummary => ({
  measureId: m.measureId,
  title: m.title,
  type: m.type,
  ownerOrganisationId: m.ownerOrganisationId,
  placeIds: m.placeIds,
  targetCategories: m.targetCategories,
  startedOn: m.startedOn,
  completedOn: m.completedOn,
})

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const topBy = <T extends { placeId: string }>(
  rows: readonly T[],
  value: (row: T) => number,
  limit: number,
): string[] =>
  rows
    .filter((r) => value(r) > 0)
    .sort((a, b) => value(b) - value(a) || byText(a.placeId, b.placeId))
    .slice(0, limit)
    .map((r) => r.placeId)

/**
 * Builds the picture from a plan and the data for it. Pure and deterministic: the fold and the
 * read-model query both end here, so they can only differ in the data they supply.
 * @param plan from `planPicture`
 * @param data from a data source for that plan
 * @param config the tenant's configuration (harm weights)
 */
export const buildSituationPicture = (
  plan: PicturePlan,
  data: PictureData,
  config: TenantConfig,
): SituationPicture => {
  const scope = placesUnder(data.places, plan.area)
  const inScope = (placeId: string): boolean => scope === undefined || scope.has(placeId)
  const key = (placeId: string, category: string): string => `${placeId}\u0000${category}`

  const current = new Map<string, CellDetail>()
  for (const c of data.current) {
    if (inScope(c.placeId) && c.count !== 0) current.set(key(c.placeId, c.category), c)
  }
  // Every period of the plan by index (0 = the picture's own period), so that counts live in
  // dense arrays: keyed lookups by date on thousands of differently shaped objects are
  // megamorphic in V8 and cost more than the rest of the picture together.
  const periods = [plan.period, ...plan.comparisonPeriods]
  const periodIndex = new Map<string, number>(periods.map((p, i) => [p.start, i]))
  const indexOf = (p: Period): number => periodIndex.get(p.start) as number
  const previousIndex = indexOf(plan.previous)
  const yearAgoIndex = indexOf(plan.yearAgo)
  const baselineIndexes = plan.baseline.map(indexOf)
  const statusIndexes = plan.statusWindow.map(indexOf)
  const weightCache = periods.map(() => new Map<string, number>())
  const weight = (i: number, category: string): number => {
    const cache = weightCache[i] as Map<string, number>
    let w = cache.get(category)
    if (w === undefined) {
      w = harmWeightOn(config, category, (periods[i] as Period).start)
      cache.set(category, w)
    }
    return w
  }
  const zeros = (): number[] => new Array<number>(periods.length).fill(0)
  const totals = new Map<string, { counts: number[]; harms: number[] }>()
  const addToPlace = (placeId: string, category: string, i: number, count: number): void => {
    let t = totals.get(placeId)
    if (t === undefined) {
      t = { counts: zeros(), harms: zeros() }
      totals.set(placeId, t)
    }
    t.counts[i] = (t.counts[i] as number) + count
    t.harms[i] = (t.harms[i] as number) + count * weight(i, category)
  }
  for (const c of current.values()) addToPlace(c.placeId, c.category, 0, c.count)
  // By place, then category: a joined key would be built and hashed once per row.
  const comparisons = new Map<string, Map<string, number[]>>()
  for (const c of data.comparisonCells) {
    const i = periodIndex.get(c.periodStart)
    if (i === undefined || i === 0 || c.count === 0 || !inScope(c.placeId)) continue
    let byCategory = comparisons.get(c.placeId)
    if (byCategory === undefined) {
      byCategory = new Map()
      comparisons.set(c.placeId, byCategory)
    }
    let counts = byCategory.get(c.category)
    if (counts === undefined) {
      counts = zeros()
      byCategory.set(c.category, counts)
    }
    counts[i] = (counts[i] as number) + c.count
    addToPlace(c.placeId, c.category, i, c.count)
  }
  const shown = new Set<string>(current.keys())
  for (const [placeId, byCategory] of comparisons) {
    for (const [category, counts] of byCategory) {
      if (counts[previousIndex] !== 0) shown.add(key(placeId, category))
    }
  }
  const cells: CellPicture[] = [...shown].sort(byText).map((k) => {
    const [placeId, category] = k.split('\u0000') as [string, string]
    const d = current.get(k) ?? {
      placeId,
      category,
      count: 0,
      observations: 0,
      reports: 0,
      suspected: 0,
      policeReported: 0,
      organisations: [],
    }
    const counts = comparisons.get(placeId)?.get(category)
    const at = (i: number): number => counts?.[i] ?? 0
    // Fields listed rather than spread: `{ ...d, more }` builds dictionary-mode objects in V8,
    // which made this loop 50 times slower (and JSON.stringify after it slower too).
    return {
      placeId: d.placeId,
      category: d.category,
      count: d.count,
      observations: d.observations,
      reports: d.reports,
      suspected: d.suspected,
      policeReported: d.policeReported,
      organisations: d.organisations,
      harm: d.count * weight(0, category),
      observed: d.count - d.suspected,
      policeReportedShare: d.count === 0 ? null : d.policeReported / d.count,
      previous: change(d.count, at(previousIndex)),
      yearAgo: change(d.count, at(yearAgoIndex)),
      baseline: baselineOf(d.count, baselineIndexes.map(at)),
    }
  })

  const placeInfo = new Map(data.places.map((p) => [p.placeId, p]))
  const rule = plan.statusRule
  // Rows that net to zero (a version and its correction after K) leave a place with no count in
  // any period; counts as known are never negative, so such a place had nothing to show.
  const counted = [...totals.keys()].filter((id) => totals.get(id)?.counts.some((c) => c !== 0))
  const places: PlacePicture[] = counted.sort(byText).map((placeId) => {
    const { counts, harms } = totals.get(placeId) as { counts: number[]; harms: number[] }
    const count = (i: number): number => counts[i] as number
    const harm = (i: number): number => harms[i] as number
    const statusScore = statusIndexes.reduce(
      (sum, i) => sum + (rule.basis === 'count' ? count(i) : harm(i)),
      0,
    )
    return {
      placeId,
      name: placeInfo.get(placeId)?.name ?? null,
      parentId: placeInfo.get(placeId)?.parentId ?? null,
      count: count(0),
      harm: harm(0),
      baseline: baselineOf(count(0), baselineIndexes.map(count)),
      harmBaseline: baselineOf(harm(0), baselineIndexes.map(harm)),
      statusScore,
      status: gradeOf(rule, statusScore),
    }
  })

  const areas: AreaStatus[] = data.places
    .filter((a) => a.level === 'area' && inScope(a.placeId))
    .sort((a, b) => byText(a.placeId, b.placeId))
    .map((a) => {
      const under = placesUnder(data.places, a.placeId) as ReadonlySet<string>
      let count = 0
      let harm = 0
      let statusScore = 0
      for (const p of places) {
        if (!under.has(p.placeId)) continue
        count += p.count
        harm += p.harm
        statusScore += p.statusScore
      }
      return {
        areaId: a.placeId,
        name: a.name,
        count,
        harm,
        statusScore,
        status: gradeOf(rule, statusScore),
      }
    })

  const since = plan.baseline[plan.baseline.length - 1]?.start ?? plan.period.start
  const touches = (m: MeasureState): boolean => m.placeIds.some(inScope)
  const measures = [...data.measures]
    .filter(touches)
    .sort((a, b) => byText(a.measureId, b.measureId))

  return {
    tenantId: plan.tenantId,
    asOf: plan.asOf,
    knownAt: plan.knownAt,
    area: plan.area,
    period: plan.period,
    previousPeriod: plan.previous,
    yearAgoPeriod: plan.yearAgo,
    baselinePeriods: plan.baseline,
    late: data.late,
    totals: {
      count: places.reduce((a, p) => a + p.count, 0),
      harm: places.reduce((a, p) => a + p.harm, 0),
      observations: [...current.values()].reduce((a, c) => a + c.observations, 0),
    },
    cells,
    places,
    hotSpots: {
      byCount: topBy(places, (p) => p.count, plan.hotSpotLimit),
      byHarm: topBy(places, (p) => p.harm, plan.hotSpotLimit),
      byExcess: topBy(places, (p) => p.baseline.excess, plan.hotSpotLimit),
    },
    statusRule: rule,
    areas,
    measures: {
      active: measures.filter((m) => isActiveOn(m, plan.asOf)).map(summary),
      awaitingEvaluation: measures
        .filter((m) => awaitsEvaluation(m, plan.asOf, since))
        .map(summary),
    },
  }
}
