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

/**
 * Counts of one place × category in the comparison periods, keyed by period start; periods with
 * a count of 0 may be left out.
 */
export interface CellComparison {
  readonly placeId: string
  readonly category: string
  readonly counts: Readonly<Record<string, number>>
}

/** Count and harm of one place in the picture's period and every comparison period. */
export interface PlaceTotals {
  readonly placeId: string
  readonly counts: Readonly<Record<string, number>>
  readonly harms: Readonly<Record<string, number>>
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
  /** Comparison counts of every cell with a count in the picture's period or the previous one. */
  readonly comparisons: readonly CellComparison[]
  /** Every place with a count in any period of the plan. */
  readonly placeTotals: readonly PlaceTotals[]
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
  const comparisons = new Map<string, Readonly<Record<string, number>>>()
  for (const c of data.comparisons) {
    if (inScope(c.placeId)) comparisons.set(key(c.placeId, c.category), c.counts)
  }
  const shown = new Set<string>(current.keys())
  for (const [k, counts] of comparisons) if ((counts[plan.previous.start] ?? 0) !== 0) shown.add(k)
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
    const counts = comparisons.get(k) ?? {}
    const at = (p: Period): number => counts[p.start] ?? 0
    return {
      ...d,
      harm: d.count * harmWeightOn(config, category, plan.period.start),
      observed: d.count - d.suspected,
      policeReportedShare: d.count === 0 ? null : d.policeReported / d.count,
      previous: change(d.count, at(plan.previous)),
      yearAgo: change(d.count, at(plan.yearAgo)),
      baseline: baselineOf(d.count, plan.baseline.map(at)),
    }
  })

  const placeInfo = new Map(data.places.map((p) => [p.placeId, p]))
  const rule = plan.statusRule
  const places: PlacePicture[] = data.placeTotals
    .filter((t) => inScope(t.placeId))
    .sort((a, b) => byText(a.placeId, b.placeId))
    .map((t) => {
      const count = (p: Period): number => t.counts[p.start] ?? 0
      const harm = (p: Period): number => t.harms[p.start] ?? 0
      const statusScore = plan.statusWindow.reduce(
        (sum, p) => sum + (rule.basis === 'count' ? count(p) : harm(p)),
        0,
      )
      return {
        placeId: t.placeId,
        name: placeInfo.get(t.placeId)?.name ?? null,
        parentId: placeInfo.get(t.placeId)?.parentId ?? null,
        count: count(plan.period),
        harm: harm(plan.period),
        baseline: baselineOf(count(plan.period), plan.baseline.map(count)),
        harmBaseline: baselineOf(harm(plan.period), plan.baseline.map(harm)),
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
