import { TenantId } from '@lagesbild/domain'
import { dayOf, isoOf, mondayOnOrAfter } from './calendar.js'
import { createEventCollector, type EventStream, type LogEntry } from './event-log.js'
import { emitProblemsAndMeasures } from './lifecycle.js'
import { EMERGING_PROBLEM, SURVEY_BASELINE } from './measures.js'
import { createRandom } from './random/index.js'
import { generateReports, type PlantedRateChange, REPORTING_TREND } from './reports.js'
import { emitSetup } from './setup.js'
import { generateSurveyWaves, type PlantedSurvey } from './surveys.js'

/** Options of {@link generateDemo}. */
export type DemoOptions = {
  /** Any integer; the same seed gives byte-identical events. */
  readonly seed?: number
  readonly tenantId?: string
  /** First day of the data, `YYYY-MM-DD`. */
  readonly from?: string
  /** Last day of the data; nothing is recorded after it. */
  readonly to?: string
}

/** A measure's planted effect on report rates, for tests that check the analysis finds it. */
export type PlantedMeasureEffect = {
  readonly measureId: string
  readonly title: string
  readonly placeIds: readonly string[]
  readonly targetCategories: readonly string[]
  readonly controlPlaceIds: readonly string[]
  readonly bufferPlaceIds: readonly string[]
  readonly startedOn: string
  /** Multiplier on the targets' rate at the places from `startedOn` on (1 = no effect). */
  readonly rateRatio: number
  readonly displacement: { readonly placeIds: readonly string[]; readonly rateRatio: number } | null
}

/** Everything the generator planted, i.e. the answers an analysis should recover. */
export type PlantedTruth = {
  readonly tenantId: string
  readonly seed: number
  readonly from: string
  readonly to: string
  readonly cadence: { readonly intervalDays: 14; readonly anchorDate: string }
  readonly measureEffects: readonly PlantedMeasureEffect[]
  /** A growing problem without a measure: the rate ramps linearly to `finalRateRatio`. */
  readonly emergingProblem: {
    readonly placeIds: readonly string[]
    readonly categoryCodes: readonly string[]
    readonly from: string
    readonly finalRateRatio: number
  } | null
  /** Multiplier that grows linearly over the data for every rate (the routine maturing). */
  readonly reportingTrend: { readonly start: number; readonly end: number }
  readonly survey: PlantedSurvey
  readonly volumes: {
    readonly events: number
    /** Reports that count (not retracted). */
    readonly reports: number
    /** Observations in reports that count, after corrections. */
    readonly observations: number
    readonly skippedReports: number
    readonly lateReports: number
    readonly corrections: number
    readonly retractedDuplicates: number
    readonly surveyRespondents: number
  }
}

/** The generated demo municipality. */
export type DemoMunicipality = {
  readonly tenantId: string
  /** Streams in order of their first event; each stream's events in order. */
  readonly streams: readonly EventStream[]
  /** Every event by recordedAt, with its stream and version: append in this order. */
  readonly log: readonly LogEntry[]
  readonly truth: PlantedTruth
}

const validateOptions = (options: DemoOptions) => {
  const seed = options.seed ?? 20210201
  const tenantId = options.tenantId ?? 'demo'
  const from = options.from ?? '2019-01-01'
  const to = options.to ?? '2025-12-31'
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`)
  if (!TenantId.safeParse(tenantId).success) {
    throw new Error(
      `tenantId must be a lower-case kebab-case slug such as "demo", got "${tenantId}"`,
    )
  }
  const fromDay = dayOf(from)
  const toDay = dayOf(to)
  if (toDay - fromDay < 60)
    throw new Error(`to (${to}) must lie at least 60 days after from (${from})`)
  return { seed, tenantId, from, to, fromDay, toDay }
}

/**
 * Generates the demo municipality: a Mjölby-sized town with places, partners, 14-day checklist
 * reports from each partner, measures with planted effects and yearly survey waves, as domain
 * events that pass `DomainEvent.parse`. Deterministic: the same options give byte-identical
 * events. See docs/demo.md for what is planted and why.
 * @param options seed (default 20210201), tenantId (default `demo`), from/to (2019–2025)
 * @returns the events as streams and as one ordered log, and the planted truth
 * @throws Error when the seed is not an integer, the tenant id is not a slug or the range is
 * shorter than 60 days
 * @example
 * const { log, truth } = generateDemo()
 * // log[i] = { streamId, version, event }; truth.measureEffects[…].rateRatio ≈ 0.67
 */
export const generateDemo = (options: DemoOptions = {}): DemoMunicipality => {
  const { seed, tenantId, from, to, fromDay, toDay } = validateOptions(options)
  const ids = createRandom(seed, 'ids')
  const out = createEventCollector(tenantId, ids)
  const anchorDay = mondayOnOrAfter(fromDay)
  const inRange = (date: string | undefined): date is string =>
    date !== undefined && date >= from && date <= to

  emitSetup(out, { from, fromDay, anchorDay })
  const measures = emitProblemsAndMeasures(out, { seed, from, to, newId: ids.uuid })

  // --- Planted effects: multiplicative rate changes from each started measure's start date.
  const measureEffects: PlantedMeasureEffect[] = measures.flatMap((m) =>
    m.rateRatio !== null && inRange(m.startedOn)
      ? [
          {
            measureId: m.measureId,
            title: m.title,
            placeIds: m.placeIds,
            targetCategories: m.targetCategories,
            controlPlaceIds: m.controlPlaceIds,
            bufferPlaceIds: m.bufferPlaceIds,
            startedOn: m.startedOn,
            rateRatio: m.rateRatio,
            displacement: m.displacement ?? null,
          },
        ]
      : [],
  )
  const emerging = inRange(EMERGING_PROBLEM.from) ? EMERGING_PROBLEM : null
  const changes: PlantedRateChange[] = measureEffects.flatMap((e) => [
    {
      placeIds: e.placeIds,
      categoryCodes: e.targetCategories,
      fromDay: dayOf(e.startedOn),
      ratio: e.rateRatio,
    },
    ...(e.displacement === null
      ? []
      : [
          {
            placeIds: e.displacement.placeIds,
            categoryCodes: e.targetCategories,
            fromDay: dayOf(e.startedOn),
            ratio: e.displacement.rateRatio,
          },
        ]),
  ])
  if (emerging !== null) {
    changes.push({
      placeIds: emerging.placeIds,
      categoryCodes: emerging.categoryCodes,
      fromDay: dayOf(emerging.from),
      ratio: emerging.finalRateRatio,
      rampEndDay: toDay,
    })
  }
  const volumes = generateReports(out, {
    seed,
    fromDay,
    toDay,
    anchorDay,
    changes,
    newId: ids.uuid,
  })

  // --- Surveys.
  const survey = generateSurveyWaves({
    seed,
    fromDay,
    toDay,
    measures,
    baseline: SURVEY_BASELINE,
    emit: out.emit,
    newId: ids.uuid,
  })

  const { log, streams } = out.finish()
  return {
    tenantId,
    streams,
    log,
    truth: {
      tenantId,
      seed,
      from,
      to,
      cadence: { intervalDays: 14, anchorDate: isoOf(anchorDay) },
      measureEffects,
      emergingProblem: emerging,
      reportingTrend: REPORTING_TREND,
      survey: survey.truth,
      volumes: { events: log.length, ...volumes, surveyRespondents: survey.respondents },
    },
  }
}
