import {
  isUnsafe,
  type MeasureEffectInput,
  type OtherMeasure,
  type PlaceSeries,
  type SurveyWaveShare,
} from '@lagesbild/analysis'
import {
  addDays,
  type MeasureRegisterEntry,
  measureById,
  measureRegister,
  periodContaining,
  periodsBefore,
  periodsBetween,
} from '@lagesbild/projections'
import {
  DEFAULT_INSECURITY_INDICATOR,
  DEFAULT_REFRAIN_INDICATOR,
  insecurityRespondents,
  unsafeRuleOf,
  wavesAsking,
} from './survey-shares.js'
import {
  countsByPeriod,
  type Db,
  firstPeriodWithData,
  knownAtOf,
  loadCadence,
  loadPlaceInfo,
  periodsPerYearOn,
} from './tables.js'

export interface MeasureEffectQuery {
  /** Last day whose data counts (`YYYY-MM-DD`; default today, UTC). Incomplete periods are cut. */
  readonly asOf?: string
  /** Transaction-time cut (default now). */
  readonly knownAt?: string
  /** Periods before and after the implementation period (default 26, a year when fortnightly). */
  readonly windowPeriods?: number
  /** Insecurity indicator for the survey part (default 'unsafe-evening'). */
  readonly indicatorId?: string
  /** The clock for the defaults (ms since the epoch; tests pin it). */
  readonly now?: number
}

export type MeasureEffectInputResult =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-started'; readonly measure: MeasureRegisterEntry }
  | {
      readonly kind: 'ready'
      readonly measure: MeasureRegisterEntry
      readonly input: MeasureEffectInput
      readonly periodsPerYear: number
    }

/**
 * Builds `measureEffect`'s input for one measure from the read models: counts of the measure's
 * target categories per place and reporting period (every place, so that automatic controls
 * can be chosen), the other measures that ran (kept out of the controls), and the unsafe shares
 * of the survey areas that hold the treated places.
 *
 * Only whole periods up to `asOf` are used: the period still running is cut, since its reports
 * arrive after it ends and a part-period would read as a fall. Periods before the tenant's first
 * observation are cut too: they would be zeros, and read as a rise.
 *
 * @param db database holding the situation picture, measure register and survey read models
 * @param tenantId the tenant
 * @param measureId the measure to evaluate
 * @param query asOf, knownAt, window length, survey indicator
 * @returns `not-found`, `not-started` (no start date yet), or the input with periods per year
 * @throws RangeError for a malformed asOf or knownAt
 * @example
 * const r = await measureEffectInputFor(db, 'mjolby', 'm-belysning', { asOf: '2024-06-30' })
 * if (r.kind === 'ready') measureEffect(r.input, { periodsPerYear: r.periodsPerYear })
 */
export async function measureEffectInputFor(
  db: Db,
  tenantId: string,
  measureId: string,
  query: MeasureEffectQuery = {},
): Promise<MeasureEffectInputResult> {
  const now = query.now ?? Date.now()
  const knownAt = knownAtOf(query.knownAt, now)
  const asOf = query.asOf ?? new Date(now).toISOString().slice(0, 10)
  const measure = await measureById(db, tenantId, measureId, { asOf, knownAt })
  if (!measure || measure.status === 'not-yet') return { kind: 'not-found' }
  const startedOn = measure.startedOn
  if (startedOn === null || startedOn > asOf) return { kind: 'not-started', measure }

  const window = query.windowPeriods ?? 26
  const history = await loadCadence(db, tenantId)
  const implementation = periodContaining(startedOn, history)
  const before = periodsBefore(implementation, history, window)
  const first = before[before.length - 1] ?? implementation
  const dataStart = (await firstPeriodWithData(db, tenantId, knownAt)) ?? implementation.start
  const all = periodsBetween(first.start, asOf, history)
  const implementationIndex = all.findIndex((p) => p.start === implementation.start)
  const periods = all
    .slice(0, implementationIndex + window + 1)
    .filter((p) => p.end <= asOf && p.start >= dataStart)
    .map((p) => p.start)
  const lastPeriod = periods[periods.length - 1] ?? implementation.start

  const places = (await loadPlaceInfo(db, tenantId)).filter((p) => p.level === 'place')
  const rows = await countsByPeriod(db, tenantId, {
    fromPeriod: periods[0] ?? first.start,
    toPeriod: lastPeriod,
    knownAt,
    ...(measure.targetCategories.length > 0 ? { categories: measure.targetCategories } : {}),
  })
  const index = new Map(periods.map((p, i) => [p, i]))
  const counts: Record<string, number[]> = {}
  const ensure = (placeId: string) => {
    counts[placeId] ??= periods.map(() => 0)
    return counts[placeId] as number[]
  }
  for (const p of places) ensure(p.placeId)
  // Treated, control and buffer places count even if registered at another level.
  for (const id of [...measure.placeIds, ...measure.controlPlaceIds, ...measure.bufferPlaceIds]) {
    ensure(id)
  }
  for (const row of rows) {
    const i = index.get(row.periodStart)
    if (i === undefined) continue
    const series = ensure(row.placeId)
    series[i] = (series[i] as number) + row.count
  }

  const register = await measureRegister(db, tenantId, { asOf, knownAt })
  const otherMeasures: OtherMeasure[] = register
    .filter((m) => m.measureId !== measureId && m.startedOn !== null && m.startedOn <= asOf)
    .map((m) => {
      const end = m.completedOn ?? m.cancelledOn
      return {
        id: m.measureId,
        placeIds: m.placeIds,
        startedOn: m.startedOn as string,
        ...(end ? { completedOn: end } : {}),
      }
    })

  const surveys = await surveySharesFor(
    db,
    tenantId,
    measure.placeIds,
    query.indicatorId ?? DEFAULT_INSECURITY_INDICATOR,
  )

  return {
    kind: 'ready',
    measure,
    periodsPerYear: periodsPerYearOn(history, startedOn),
    input: {
      measure: {
        id: measure.measureId,
        placeIds: measure.placeIds,
        targetCategories: measure.targetCategories,
        startedOn,
        ...(measure.completedOn ? { completedOn: measure.completedOn } : {}),
        ...(measure.controlPlaceIds.length > 0 ? { controlPlaceIds: measure.controlPlaceIds } : {}),
        ...(measure.bufferPlaceIds.length > 0 ? { bufferPlaceIds: measure.bufferPlaceIds } : {}),
      },
      periods,
      counts: counts as PlaceSeries,
      otherMeasures,
      surveys,
    },
  }
}

/**
 * Unsafe shares of the survey areas covering the treated places. Surveys are run by area, not
 * by place, so each treated place takes the share of the nearest area above it (or itself) that
 * the survey covers; an area covering two treated places is counted once, under the first.
 */
async function surveySharesFor(
  db: Db,
  tenantId: string,
  placeIds: readonly string[],
  indicatorId: string,
): Promise<SurveyWaveShare[]> {
  const waves = await wavesAsking(db, tenantId, indicatorId)
  if (waves.length === 0) return []
  const places = await loadPlaceInfo(db, tenantId)
  const parent = new Map(places.map((p) => [p.placeId, p.parentId]))
  // Only the treated places and the areas above them can hold their survey share.
  const candidates = new Set<string>()
  for (const placeId of placeIds) {
    for (let at: string | null | undefined = placeId; at; at = parent.get(at)) candidates.add(at)
  }
  const respondents = await insecurityRespondents(
    db,
    tenantId,
    waves,
    { indicatorId, refrainIndicatorId: DEFAULT_REFRAIN_INDICATOR },
    [...candidates],
  )
  const surveyed = new Set(respondents.map((r) => r.areaId))
  const areaOf = new Map<string, string>()
  for (const placeId of placeIds) {
    let at: string | null | undefined = placeId
    while (at && !surveyed.has(at)) at = parent.get(at)
    if (at && ![...areaOf.values()].includes(at)) areaOf.set(placeId, at)
  }
  const out: SurveyWaveShare[] = []
  for (const wave of waves) {
    const scale = wave.indicators.find((i) => i.indicatorId === indicatorId)?.scale
    if (!scale) continue
    const rule = unsafeRuleOf(scale)
    // Mid-fieldwork stands for the wave, so a measure started during fieldwork splits it fairly.
    const surveyedOn = addDays(
      wave.fieldwork.from,
      Math.floor(
        (Date.parse(wave.fieldwork.to) - Date.parse(wave.fieldwork.from)) / 86_400_000 / 2,
      ),
    )
    for (const [placeId, areaId] of areaOf) {
      let unsafe = 0
      let n = 0
      for (const r of respondents) {
        if (r.areaId !== areaId || !r.respondentId.startsWith(`${wave.waveId}:`)) continue
        if (r.refrainsFromGoingOut) {
          unsafe++
          n++
        } else if (r.answer !== null) {
          n++
          if (isUnsafe(rule, r.answer)) unsafe++
        }
      }
      if (n > 0) out.push({ placeId, year: wave.year, surveyedOn, unsafe, n })
    }
  }
  return out
}
