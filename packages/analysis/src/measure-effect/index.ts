import {
  type DidPanelResult,
  type DidPanelRow,
  differenceInDifferences,
  type InterruptedTimeSeriesResult,
  interruptedTimeSeries,
  interruptedTimeSeriesDesign,
  minimumDetectableEffect,
  normalQuantile,
  type PoissonRateRatioResult,
  poissonRateRatioTest,
  poissonRegression,
  type RelativeEffectSizeResult,
  relativeEffectSize,
  type Seasonality,
  syntheticControl,
  twoProportionTest,
  weightedDisplacementDifference,
  weightedDisplacementQuotient,
} from '@lagesbild/statistics'
import { check } from '../shared/errors.js'
import { checkPeriods, checkSeries, mean, sampleSd } from '../shared/series.js'
import { type AnalysisWarning, fromStat } from '../shared/warnings.js'
import { rankCandidates, windowsFor } from './controls.js'
import type {
  ControlChoice,
  MeasureEffectInput,
  MeasureEffectOptions,
  MeasureEffectResult,
  PrimaryEstimate,
  RateRatioEstimate,
  SurveyChange,
  SurveyWaveShare,
  SyntheticControlSummary,
} from './types.js'
import { decideVerdict, type SecondarySignal } from './verdict.js'

/** Below this many counts in either treated window, no estimate is trusted. */
const MIN_TREATED_COUNT = 10
/** Power used for the minimum detectable effect. */
const MDE_POWER = 0.8

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e))

const sumOver = (series: readonly number[], indices: readonly number[]) =>
  indices.reduce((s, i) => s + (series[i] as number), 0)

/**
 * Did a measure change the counts of its target categories at its places? Runs every design the
 * data allow (RES, exact rate-ratio tests, panel DiD, ITS, synthetic control, WDQ/WDD, survey
 * change) and a conservative verdict on the panel DiD rate ratio (docs/analysis.md).
 *
 * @param input the measure, the period grid, counts of its target categories per place (treated,
 *   controls, buffers and every candidate control), other measures and optional survey shares
 * @param options window length, control counts, confidence level
 * @returns estimates, verdict, Maryland SMS level and warnings; estimators that cannot run on the
 *   data are `null` with an `estimator-failed` warning
 * @throws AnalysisInputError for unusable input: bad periods or counts, a treated, control or
 *   buffer place missing from `counts`, or fewer than two whole periods on either side of the start
 * @example
 * const result = measureEffect({
 *   measure: { id: 'm1', placeIds: ['park'], targetCategories: ['klotter'], startedOn: '2025-03-03' },
 *   periods, // ['2024-01-01', '2024-01-15', …]
 *   counts, // { park: [4, 6, …], square: [3, 2, …], … }
 * })
 * result.verdict // 'likely-effect' | 'no-detectable-effect' | 'inconclusive' | 'got-worse'
 */
export function measureEffect(
  input: MeasureEffectInput,
  options: MeasureEffectOptions = {},
): MeasureEffectResult {
  const windowPeriods = options.windowPeriods ?? 26
  const minControls = options.minControls ?? 3
  const maxControls = options.maxControls ?? 5
  const minDonors = options.minDonors ?? 5
  const maxDonors = options.maxDonors ?? 20
  const level = options.level ?? 0.95
  const meaningfulChange = options.meaningfulChange ?? 0.25
  const alpha = 1 - level
  check(
    Number.isInteger(windowPeriods) && windowPeriods >= 2,
    'invalid-option',
    `windowPeriods must be an integer ≥ 2; got ${windowPeriods}.`,
  )
  check(level > 0 && level < 1, 'invalid-option', `level must be in (0, 1); got ${level}.`)
  const { measure, periods, counts } = input
  checkPeriods(periods)
  checkSeries(counts, periods, 'counts')
  check(measure.placeIds.length > 0, 'no-places', `Measure ${measure.id} has no places.`)
  const named = [
    ...measure.placeIds,
    ...(measure.controlPlaceIds ?? []),
    ...(measure.bufferPlaceIds ?? []),
  ]
  for (const p of named) {
    check(counts[p] !== undefined, 'missing-series', `counts has no series for place '${p}'.`)
  }
  const treatedSet = new Set(measure.placeIds)
  for (const p of measure.controlPlaceIds ?? []) {
    check(!treatedSet.has(p), 'invalid-controls', `Control place '${p}' is also treated.`)
  }

  const warnings: AnalysisWarning[] = []
  const w = windowsFor(periods, measure.startedOn, windowPeriods)
  const { before, after } = w
  const lastAfter = after[after.length - 1] as number
  const span = {
    from: periods[before[0] as number] as string,
    to: periods[Math.min(lastAfter + 1, periods.length - 1)] as string,
  }
  if (before.length < 8 || after.length < 8) {
    warnings.push({
      code: 'short-window',
      message: `Only ${before.length} periods before and ${after.length} after the start; trends and seasonality cannot be separated from the effect.`,
    })
  }
  const series = (p: string) => counts[p] as readonly number[]
  const sumPlaces = (places: readonly string[]) =>
    periods.map((_, i) => places.reduce((s, p) => s + (series(p)[i] as number), 0))
  const treatedSeries = sumPlaces(measure.placeIds)
  const a = sumOver(treatedSeries, before)
  const b = sumOver(treatedSeries, after)
  const tooFewCounts = a < MIN_TREATED_COUNT || b < MIN_TREATED_COUNT
  if (tooFewCounts) {
    warnings.push({
      code: 'too-few-counts',
      message: `The treated places have ${a} counts before and ${b} after; below ${MIN_TREATED_COUNT} in a window, no estimate is trusted.`,
    })
  }

  // Controls
  const candidates = rankCandidates(measure, counts, input.otherMeasures ?? [], before, span)
  const { ranked } = candidates
  if (candidates.overlappingAtTreated.length > 0) {
    warnings.push({
      code: 'overlapping-measure',
      message: `Other measures ran at the treated places in the analysed span (${candidates.overlappingAtTreated.join(', ')}): the estimate is their joint effect.`,
    })
  }
  let chosen: 'given' | 'automatic' | 'none'
  let controls: ControlChoice[]
  if (measure.controlPlaceIds !== undefined && measure.controlPlaceIds.length > 0) {
    chosen = 'given'
    controls = measure.controlPlaceIds.map(candidates.score)
  } else {
    chosen = 'automatic'
    controls = ranked.slice(0, maxControls)
  }
  if (controls.length < minControls) {
    warnings.push({
      code: 'no-controls',
      message: `Only ${controls.length} usable control places (at least ${minControls} needed): before/after at the treated places only.`,
    })
    chosen = 'none'
    controls = []
  } else if (controls.length < 5) {
    warnings.push({
      code: 'few-controls',
      message: `${controls.length} control places; with fewer than 5 a single unusual control can drive the result.`,
    })
  }
  const controlIds = controls.map((c) => c.placeId)
  const controlSeries = sumPlaces(controlIds)
  const c = sumOver(controlSeries, before)
  const d = sumOver(controlSeries, after)

  // Panel DiD (primary when there are controls)
  let panelDid: DidPanelResult | null = null
  let panelSeType: 'cluster' | 'quasi' | undefined
  let preTrendPlacebo: RateRatioEstimate | null = null
  if (controlIds.length > 0) {
    const rows = (indices: readonly number[], post: (i: number) => boolean): DidPanelRow[] =>
      [...measure.placeIds, ...controlIds].flatMap((unit) =>
        indices.map((i) => ({
          unit,
          period: i,
          y: series(unit)[i] as number,
          treatedPost: treatedSet.has(unit) && post(i) ? 1 : 0,
        })),
      )
    const fit = conservativePanel(
      rows([...before, ...after], (i) => i > w.startIndex),
      level,
    )
    if (fit.ok) {
      panelDid = fit.result
      panelSeType = fit.seType
      warnings.push(...fromStat('panel-did', fit.result.warnings))
    } else {
      warnings.push({ code: 'estimator-failed', message: fit.error, source: 'panel-did' })
    }
    // A fake start halfway through the before window: a significant "effect" there means the
    // treated and control places were already drifting apart, which DiD would misread.
    if (before.length >= 8) {
      const mid = before[Math.floor(before.length / 2)] as number
      const placebo = conservativePanel(
        rows(before, (i) => i >= mid),
        level,
      )
      if (placebo.ok) {
        preTrendPlacebo = {
          estimate: placebo.result.incidenceRateRatio.estimate,
          ci: placebo.result.incidenceRateRatio.ci,
          pValue: placebo.result.pValue,
        }
        if (placebo.result.ci.lower > 0 || placebo.result.ci.upper < 0) {
          warnings.push({
            code: 'pre-trends-differ',
            message: `Before the start, treated and control places already diverged (placebo rate ratio ${preTrendPlacebo.estimate.toFixed(2)}); the DiD assumption of parallel trends is doubtful.`,
          })
        }
      }
    }
  }

  // RES on the 2×2 counts, inflated by the panel's overdispersion
  let res: RelativeEffectSizeResult | null = null
  if (controlIds.length > 0) {
    try {
      const anyZero = a === 0 || b === 0 || c === 0 || d === 0
      res = relativeEffectSize(
        { a, b, c, d },
        {
          level,
          varianceInflation: Math.max(1, panelDid?.dispersion ?? 1),
          ...(anyZero ? { zeroCorrection: 0.5 } : {}),
        },
      )
      warnings.push(...fromStat('relative-effect-size', res.warnings))
    } catch (e) {
      warnings.push({
        code: 'estimator-failed',
        message: errorMessage(e),
        source: 'relative-effect-size',
      })
    }
  }

  // Exact rate-ratio tests, after vs before, per group
  const rateTest = (x1: number, x2: number, source: string): PoissonRateRatioResult | null => {
    try {
      return poissonRateRatioTest({ x1, t1: after.length, x2, t2: before.length }, { level })
    } catch (e) {
      warnings.push({ code: 'estimator-failed', message: errorMessage(e), source })
      return null
    }
  }
  const treatedRateRatio = rateTest(b, a, 'treated-rate-ratio')
  const controlRateRatio = controlIds.length > 0 ? rateTest(d, c, 'control-rate-ratio') : null
  if (controlRateRatio !== null && controlRateRatio.pValue < alpha) {
    warnings.push({
      code: 'controls-changed',
      message: `The control places also changed (rate ratio ${controlRateRatio.estimate.toFixed(2)}, p = ${controlRateRatio.pValue.toPrecision(2)}): something besides the measure moved the counts.`,
    })
  }

  // ITS on the treated sum
  const periodsPerYear = options.periodsPerYear
  const seasonality =
    periodsPerYear !== undefined && before.length >= periodsPerYear
      ? { period: periodsPerYear, harmonics: 1 }
      : undefined
  const its = interruptedSeries(treatedSeries, before, after, level, seasonality, warnings)

  // Synthetic control on the treated mean per place
  const donorPool = ranked.slice(0, maxDonors)
  let synthetic: SyntheticControlSummary | null = null
  if (options.syntheticControl === false) {
    // asked not to: no warning, the caller knows
  } else if (donorPool.length >= minDonors) {
    try {
      const idx = [...before, ...after]
      const k = measure.placeIds.length
      const sc = syntheticControl(
        {
          treated: idx.map((i) => (treatedSeries[i] as number) / k),
          donors: donorPool.map((p) => idx.map((i) => series(p.placeId)[i] as number)),
          preperiods: before.length,
        },
        { alpha },
      )
      const synthPost = sc.synthetic.slice(before.length)
      const obsPost = idx.slice(before.length).map((i) => (treatedSeries[i] as number) / k)
      const weights: Record<string, number> = {}
      donorPool.forEach((p, j) => {
        const wj = sc.weights[j] as number
        if (wj > 1e-6) weights[p.placeId] = wj
      })
      synthetic = {
        donors: donorPool.map((p) => p.placeId),
        weights,
        att: sc.att,
        ratio: mean(synthPost) > 0 ? mean(obsPost) / mean(synthPost) : null,
        preRmspe: sc.preRmspe,
        pValue: sc.pValue,
      }
      warnings.push(...fromStat('synthetic-control', sc.warnings))
    } catch (e) {
      warnings.push({
        code: 'estimator-failed',
        message: errorMessage(e),
        source: 'synthetic-control',
      })
    }
  } else {
    warnings.push({
      code: 'synthetic-control-skipped',
      message: `${donorPool.length} eligible donor places; synthetic control needs at least ${minDonors}.`,
    })
  }

  const bufferSeries = sumPlaces(measure.bufferPlaceIds ?? [])
  const displacement = displacementOf(
    measure.bufferPlaceIds ?? [],
    { before: sumOver(bufferSeries, before), after: sumOver(bufferSeries, after) },
    { a, b, c, d },
    before.length,
    after.length,
    controlIds.length > 0,
    level,
    warnings,
  )

  // Regression to the mean: measures are often started right after a spike, which would have
  // receded anyway.
  const pre = before.map((i) => treatedSeries[i] as number)
  if (pre.length >= 8) {
    const earlier = pre.slice(0, -3)
    const last3 = mean(pre.slice(-3))
    const threshold = mean(earlier) + 1.5 * sampleSd(earlier)
    if (last3 > threshold) {
      warnings.push({
        code: 'regression-to-the-mean',
        message: `The last 3 periods before the start averaged ${last3.toFixed(1)}, above the earlier mean + 1.5 sd (${threshold.toFixed(1)}): part of any fall may be regression to the mean.`,
      })
    }
  }

  // Primary estimate
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(MDE_POWER)
  let primary: PrimaryEstimate | null = null
  if (panelDid !== null) {
    primary = {
      estimator: 'panel-did',
      estimate: panelDid.incidenceRateRatio.estimate,
      ci: panelDid.incidenceRateRatio.ci,
      pValue: panelDid.pValue,
      logSe: panelDid.se,
      ...(panelSeType === undefined ? {} : { seType: panelSeType }),
      minimumDetectableReduction: 1 - Math.exp(-z * panelDid.se),
    }
  } else if (controlIds.length === 0 && its !== null) {
    const se =
      (Math.log(its.poisson.ci.upper) - Math.log(its.poisson.ci.lower)) /
      (2 * normalQuantile(1 - alpha / 2))
    primary = {
      estimator: 'its-poisson',
      estimate: its.poisson.estimate,
      ci: its.poisson.ci,
      pValue: its.poisson.pValue,
      logSe: se,
      minimumDetectableReduction: 1 - Math.exp(-z * se),
    }
  }
  if (primary !== null && Math.abs(Math.log(primary.estimate)) < z * primary.logSe) {
    warnings.push({
      code: 'below-minimum-detectable-effect',
      message: `The estimated change (rate ratio ${primary.estimate.toFixed(2)}) is smaller than the design can reliably detect (a reduction of ${(primary.minimumDetectableReduction * 100).toFixed(0)} % at 80 % power).`,
    })
  }

  const secondaries: SecondarySignal[] = []
  if (res !== null) {
    // RES > 1 is the desirable direction.
    secondaries.push({
      name: 'RES',
      direction: res.ci.lower > 1 ? 'better' : res.ci.upper < 1 ? 'worse' : 'none',
    })
  }
  if (its !== null && primary?.estimator !== 'its-poisson') {
    const { ci } = its.poisson
    secondaries.push({
      name: 'ITS level change',
      direction: ci.upper < 1 ? 'better' : ci.lower > 1 ? 'worse' : 'none',
    })
  }
  if (synthetic !== null && synthetic.pValue !== null && synthetic.pValue <= alpha) {
    secondaries.push({
      name: 'synthetic control',
      direction: synthetic.att < 0 ? 'better' : synthetic.att > 0 ? 'worse' : 'none',
    })
  }
  const verdict = decideVerdict({
    primary,
    minimumDetectableReduction: primary?.minimumDetectableReduction ?? null,
    meaningfulChange,
    secondaries,
    tooFewCounts,
  })
  if (verdict.verdict === 'inconclusive' && /significantly points/.test(verdict.reason)) {
    warnings.push({ code: 'contradicting-secondary', message: verdict.reason })
  }

  const preTrendsOk =
    preTrendPlacebo !== null && !warnings.some((x) => x.code === 'pre-trends-differ')
  let smsLevel: 2 | 3 | 4
  let smsReason: string
  if (controlIds.length === 0) {
    smsLevel = 2
    smsReason = 'Before/after at the treated places without comparable controls.'
  } else if (
    controlIds.length >= 5 &&
    measure.placeIds.length >= 2 &&
    preTrendsOk &&
    panelDid !== null
  ) {
    smsLevel = 4
    smsReason = `Panel of ${measure.placeIds.length} treated and ${controlIds.length} control places with place and period effects, and no pre-period divergence.`
  } else {
    smsLevel = 3
    smsReason = `Before/after with ${controlIds.length} control places${
      controlIds.length < 5 || measure.placeIds.length < 2
        ? ' (level 4 needs ≥ 2 treated and ≥ 5 control places)'
        : preTrendsOk
          ? ''
          : ' (level 4 needs a passed pre-period placebo check)'
    }.`
  }

  return {
    measureId: measure.id,
    windows: {
      startIndex: w.startIndex,
      before: {
        from: periods[before[0] as number] as string,
        to: periods[before[before.length - 1] as number] as string,
        periods: before.length,
      },
      after: {
        from: periods[after[0] as number] as string,
        to: periods[lastAfter] as string,
        periods: after.length,
      },
    },
    treated: { placeIds: measure.placeIds, before: a, after: b },
    controls: { chosen, places: controls, before: c, after: d },
    primary,
    relativeEffectSize: res,
    treatedRateRatio,
    controlRateRatio,
    panelDid,
    preTrendPlacebo,
    interruptedTimeSeries: its,
    syntheticControl: synthetic,
    displacement,
    survey: surveyChange(
      input.surveys ?? [],
      measure.placeIds,
      measure.startedOn,
      options.minCellSize ?? 5,
      level,
    ),
    verdict: verdict.verdict,
    verdictReason: verdict.reason,
    smsLevel,
    smsReason,
    warnings,
  }
}

type PanelFit =
  | { ok: true; result: DidPanelResult; seType: 'cluster' | 'quasi' }
  | { ok: false; error: string }

/**
 * Cluster-robust SEs by place are right under serial correlation but biased down with few places;
 * quasi-Poisson SEs handle overdispersion but ignore serial correlation. Neither is safe alone
 * here, so the larger one is used.
 */
function conservativePanel(rows: DidPanelRow[], level: number): PanelFit {
  try {
    const cluster = differenceInDifferences({ mode: 'panel', rows }, { level, se: 'cluster' })
    const quasi = differenceInDifferences({ mode: 'panel', rows }, { level, se: 'quasi' })
    return quasi.se > cluster.se
      ? { ok: true, result: quasi, seType: 'quasi' }
      : { ok: true, result: cluster, seType: 'cluster' }
  } catch (e) {
    return { ok: false, error: errorMessage(e) }
  }
}

function interruptedSeries(
  treated: readonly number[],
  before: readonly number[],
  after: readonly number[],
  level: number,
  seasonality: Seasonality | undefined,
  warnings: AnalysisWarning[],
): MeasureEffectResult['interruptedTimeSeries'] {
  const idx = [...before, ...after]
  const y = idx.map((i) => treated[i] as number)
  // Period numbers, not positions, so the left-out start period keeps its place on the time axis.
  const time = idx.map((i) => i + 1)
  const season = seasonality === undefined ? {} : { seasonality }
  try {
    const design = interruptedTimeSeriesDesign({
      n: y.length,
      interventionIndex: before.length,
      time,
      ...season,
    })
    const fit = poissonRegression(
      { X: design.X, y, intercept: true, names: design.names },
      { se: 'quasi', level },
    )
    const ratio = (name: string): RateRatioEstimate => {
      const rr = fit.rateRatios.find((r) => r.name === name)
      const co = fit.coefficients.find((r) => r.name === name)
      if (rr === undefined || co === undefined) throw new Error(`ITS fit has no '${name}' term.`)
      return { estimate: rr.estimate, ci: rr.ci, pValue: co.pValue }
    }
    const linear: InterruptedTimeSeriesResult = interruptedTimeSeries(
      { y, interventionIndex: before.length, time, ...season },
      { method: 'newey-west', level },
    )
    warnings.push(
      ...fromStat('its-poisson', fit.warnings),
      ...fromStat('its-linear', linear.warnings),
    )
    return {
      poisson: { ...ratio('post'), slopeChangeRatio: ratio('timeSinceIntervention') },
      linear,
    }
  } catch (e) {
    warnings.push({ code: 'estimator-failed', message: errorMessage(e), source: 'its' })
    return null
  }
}

function displacementOf(
  bufferIds: readonly string[],
  buffer: { readonly before: number; readonly after: number },
  counts: { readonly a: number; readonly b: number; readonly c: number; readonly d: number },
  nBefore: number,
  nAfter: number,
  hasControls: boolean,
  level: number,
  warnings: AnalysisWarning[],
): MeasureEffectResult['displacement'] {
  if (bufferIds.length === 0) return null
  if (!hasControls) {
    warnings.push({
      code: 'estimator-failed',
      message: 'Displacement needs control places to net out the general trend.',
      source: 'displacement',
    })
    return null
  }
  const { a, b, c, d } = counts
  try {
    // Rates per period, so windows of different length compare.
    const rate = (before: number, after: number) => ({
      before: before / nBefore,
      after: after / nAfter,
    })
    const wdq = weightedDisplacementQuotient({
      treatment: rate(a, b),
      buffer: rate(buffer.before, buffer.after),
      control: rate(c, d),
    })
    const timeWeights = { before: nBefore, after: nAfter }
    const control = { before: c, after: d }
    const wddLocal = weightedDisplacementDifference(
      { treatment: { before: a, after: b }, control },
      { level, timeWeights },
    )
    // The buffer against the same controls, as its own test: feeding one control group into both
    // halves of the combined WDD would count its variance twice but its change twice too, and
    // the variance formula assumes the four areas independent.
    const wddBuffer = weightedDisplacementDifference(
      { treatment: buffer, control },
      { level, timeWeights },
    )
    const displacementDetected = wdq.interpretation === 'displacement' || wddBuffer.ci.lower > 0
    warnings.push(
      ...fromStat('wdq', wdq.warnings),
      ...fromStat('wdd-local', wddLocal.warnings),
      ...fromStat('wdd-buffer', wddBuffer.warnings),
    )
    if (displacementDetected) {
      warnings.push({
        code: 'displacement',
        message: `Counts rose in the buffer places relative to the controls (WDQ ${wdq.estimate === null ? 'n/a' : wdq.estimate.toFixed(2)}, buffer WDD ${wddBuffer.estimate.toFixed(1)} per period): the problem may have moved next door.`,
      })
    }
    return { bufferPlaceIds: bufferIds, wdq, wddLocal, wddBuffer, displacementDetected }
  } catch (e) {
    warnings.push({ code: 'estimator-failed', message: errorMessage(e), source: 'displacement' })
    return null
  }
}

/**
 * Before = the latest wave before the start, after = the earliest wave after it, pooled over the
 * measure's places that have both waves.
 */
function surveyChange(
  surveys: readonly SurveyWaveShare[],
  placeIds: readonly string[],
  startedOn: string,
  minCellSize: number,
  level: number,
): SurveyChange | null {
  const places = new Set(placeIds)
  const startYear = Number(startedOn.slice(0, 4))
  const relevant = surveys.filter((s) => places.has(s.placeId))
  const isBefore = (s: SurveyWaveShare) =>
    s.surveyedOn === undefined ? s.year < startYear : s.surveyedOn < startedOn
  const isAfter = (s: SurveyWaveShare) =>
    s.surveyedOn === undefined ? s.year > startYear : s.surveyedOn > startedOn
  const beforeYears = relevant.filter(isBefore).map((s) => s.year)
  const afterYears = relevant.filter(isAfter).map((s) => s.year)
  if (beforeYears.length === 0 || afterYears.length === 0) return null
  const y0 = Math.max(...beforeYears)
  const y1 = Math.min(...afterYears)
  const at = (year: number, pred: (s: SurveyWaveShare) => boolean) =>
    relevant.filter((s) => s.year === year && pred(s))
  const w0 = at(y0, isBefore)
  const w1 = at(y1, isAfter)
  const both = new Set(w0.map((s) => s.placeId).filter((p) => w1.some((s) => s.placeId === p)))
  const pool = (ws: SurveyWaveShare[]) =>
    ws
      .filter((s) => both.has(s.placeId))
      .reduce((acc, s) => ({ x: acc.x + s.unsafe, n: acc.n + s.n }), { x: 0, n: 0 })
  const p0 = pool(w0)
  const p1 = pool(w1)
  if (p0.n < minCellSize || p1.n < minCellSize) {
    return {
      suppressed: true,
      before: { year: y0, n: null, share: null },
      after: { year: y1, n: null, share: null },
      difference: null,
      ci: null,
      pValue: null,
      minimumDetectableEffect: null,
    }
  }
  const t = twoProportionTest(p1.x, p1.n, p0.x, p0.n, { level })
  const share0 = p0.x / p0.n
  let mde: SurveyChange['minimumDetectableEffect'] = null
  if (share0 > 0 && share0 < 1) {
    // power.prop.test assumes equal groups; the harmonic mean is the equivalent per-group n.
    const n = 2 / (1 / p0.n + 1 / p1.n)
    const m = minimumDetectableEffect({ p1: share0, n, sigLevel: 1 - level, power: MDE_POWER })
    mde = { up: m.upward?.difference ?? null, down: m.downward?.difference ?? null }
  }
  return {
    suppressed: false,
    before: { year: y0, n: p0.n, share: share0 },
    after: { year: y1, n: p1.n, share: p1.x / p1.n },
    difference: t.estimate,
    ci: t.ci,
    pValue: t.pValue,
    minimumDetectableEffect: mde,
  }
}
