/**
 * Segmented regression for interrupted time series (ITS): level and slope change at an
 * intervention, with OLS, Newey-West or Prais-Winsten (AR(1)) errors.
 */
import {
  assertLevel,
  buildDesign,
  type Coefficient,
  linearCombination,
} from '../regression/coefficients.js'
import { weightedLeastSquares } from '../regression/least-squares.js'
import {
  finishLinearFit,
  type LinearRegressionResult,
  type LinearSe,
} from '../regression/linear-regression.js'
import { assertInput, StatisticsInputError, type StatWarning } from '../result.js'

/** Fourier seasonality: sin/cos(2πk·t/period) for k = 1..harmonics. */
export interface Seasonality {
  readonly period: number
  readonly harmonics: number
}

export interface ItsDesignInput {
  /** Number of observations. */
  readonly n: number
  /** 0-based index of the first observation after (at) the intervention. */
  readonly interventionIndex: number
  /** Time of each observation, strictly increasing; default 1..n. */
  readonly time?: readonly number[]
  readonly seasonality?: Seasonality
  /**
   * 'time-since' (default): term (t − t₀)·post, t₀ = time of the first post observation, so
   * the post coefficient is the level change at t₀. 'interaction': term t·post, whose post
   * coefficient is the (extrapolated) level change at t = 0.
   */
  readonly slopeParametrisation?: 'time-since' | 'interaction'
  /** Include the slope-change term; default true. A step-only model sets false. */
  readonly slopeChange?: boolean
}

export interface ItsDesign {
  /** Rows without the intercept column (pass `intercept: true` to the regression). */
  readonly X: number[][]
  readonly names: string[]
  /** Time of the first post-intervention observation. */
  readonly t0: number
  readonly time: readonly number[]
}

/**
 * Builds the segmented-regression design: columns time, post, then the slope-change term
 * (timeSinceIntervention = (t − t₀)·post, or timeAfter = t·post), then sin_k, cos_k.
 * Use it with {@link poissonRegression} for count outcomes (e.g. offset log(population)).
 * @param input - see {@link ItsDesignInput}.
 * @returns Rows without intercept, column names, t₀ and the time values.
 * @throws StatisticsInputError when the intervention leaves fewer than 2 observations on either
 *   side, time is not strictly increasing, or the seasonality is invalid.
 * @example
 * const d = interruptedTimeSeriesDesign({ n: 24, interventionIndex: 12 })
 * d.names // ['time', 'post', 'timeSinceIntervention']
 */
export function interruptedTimeSeriesDesign(input: ItsDesignInput): ItsDesign {
  const { n, interventionIndex: i0 } = input
  assertInput(Number.isInteger(n) && n > 0, 'empty-input', 'The series is empty.')
  assertInput(
    Number.isInteger(i0) && i0 >= 2 && i0 <= n - 2,
    'invalid-intervention',
    `interventionIndex must be an integer leaving at least 2 observations before and after (2..${n - 2}); got ${i0}.`,
  )
  const time = input.time ?? Array.from({ length: n }, (_, i) => i + 1)
  assertInput(
    time.length === n,
    'length-mismatch',
    `time has ${time.length} values; the series has ${n}.`,
  )
  for (let i = 0; i < n; i++) {
    assertInput(Number.isFinite(time[i]), 'non-finite', `time[${i}] is not finite.`)
    if (i > 0) {
      assertInput(
        (time[i] as number) > (time[i - 1] as number),
        'time-not-increasing',
        `time must be strictly increasing; time[${i}] ≤ time[${i - 1}].`,
      )
    }
  }
  const t0 = time[i0] as number
  const parametrisation = input.slopeParametrisation ?? 'time-since'
  const slope = input.slopeChange ?? true
  const season = input.seasonality
  if (season !== undefined) {
    assertInput(
      season.period > 0 && Number.isInteger(season.harmonics) && season.harmonics >= 1,
      'invalid-seasonality',
      'seasonality needs period > 0 and an integer harmonics ≥ 1.',
    )
    // At k = period/2 the sine vanishes at integer times and higher k alias lower ones.
    assertInput(
      2 * season.harmonics < season.period,
      'invalid-seasonality',
      `harmonics (${season.harmonics}) must be below period/2 (${season.period / 2}): higher terms vanish or alias lower ones.`,
    )
  }
  const names = ['time', 'post']
  if (slope) names.push(parametrisation === 'time-since' ? 'timeSinceIntervention' : 'timeAfter')
  if (season !== undefined) {
    for (let k = 1; k <= season.harmonics; k++) names.push(`sin${k}`, `cos${k}`)
  }
  const X = time.map((t, i) => {
    const post = i >= i0 ? 1 : 0
    const row = [t, post]
    if (slope) row.push(parametrisation === 'time-since' ? (t - t0) * post : t * post)
    if (season !== undefined) {
      for (let k = 1; k <= season.harmonics; k++) {
        const angle = (2 * Math.PI * k * t) / season.period
        row.push(Math.sin(angle), Math.cos(angle))
      }
    }
    return row
  })
  return { X, names, t0, time }
}

export interface InterruptedTimeSeriesData {
  readonly y: readonly number[]
  /** 0-based index of the first observation after (at) the intervention. */
  readonly interventionIndex: number
  readonly time?: readonly number[]
  readonly seasonality?: Seasonality
  readonly slopeParametrisation?: 'time-since' | 'interaction'
}

export type ItsMethod = 'ols' | 'newey-west' | 'prais-winsten' | 'prais-winsten-iterated'

export interface InterruptedTimeSeriesOptions {
  readonly method: ItsMethod
  /** Newey-West lag; default ⌊4(n/100)^(2/9)⌋ (Newey & West 1994; statsmodels' default). */
  readonly lag?: number
  /** Newey-West n/(n−k) factor; default true (Stata `newey`). */
  readonly smallSampleFactor?: boolean
  readonly level?: number
}

export interface InterruptedTimeSeriesResult {
  readonly method: string
  /** Change in level at t₀ (the first post-intervention time), whichever parametrisation. */
  readonly levelChange: Coefficient
  /** Change in slope per unit of time after the intervention. */
  readonly slopeChange: Coefficient
  /** Full regression (for Prais-Winsten: the transformed regression). */
  readonly regression: LinearRegressionResult
  /** Durbin-Watson statistic of the OLS residuals (≈ 2(1 − ρ̂)). */
  readonly durbinWatson: number
  /** Prais-Winsten only: AR(1) coefficient ρ̂ used in the final transformation. */
  readonly rho?: number
  /** Prais-Winsten only: Durbin-Watson of the transformed regression's residuals. */
  readonly durbinWatsonTransformed?: number
  /** Prais-Winsten only: number of ρ updates. */
  readonly iterations?: number
  readonly t0: number
  readonly warnings: readonly StatWarning[]
}

/** Fewer points than this on either side of the intervention gets a 'few-observations' warning. */
export const ITS_MIN_SEGMENT = 8

/**
 * Interrupted time series by segmented linear regression:
 * y = β₀ + β₁t + β₂·post + β₃·(t − t₀)·post [+ Fourier terms] + ε (time-since parametrisation),
 * or β₃·t·post (interaction parametrisation). `levelChange` is always the change at t₀, i.e. β₂
 * (time-since) or β₂ + β₃t₀ (interaction), with its SE from the covariance; `slopeChange` is β₃.
 *
 * Methods:
 * - 'ols': classical SEs, t(n−k).
 * - 'newey-west': OLS estimates, Bartlett-kernel HAC SEs (see {@link linearRegression}), normal
 *   inference.
 * - 'prais-winsten': two-step. ρ̂ = Σ_{t≥2} e_t e_{t−1} / Σ_{t≥2} e_{t−1}² from OLS residuals
 *   (regression of e_t on e_{t−1} without intercept, as R `prais::prais_winsten`), then OLS on
 *   y*_t = y_t − ρ̂y_{t−1}, X*_t = X_t − ρ̂X_{t−1} with the first row scaled by √(1 − ρ̂²).
 * - 'prais-winsten-iterated': repeat, re-estimating ρ̂ from the untransformed residuals y − Xβ̂,
 *   until |Δρ̂| < 1e-10 (at most 100 updates).
 * Prais-Winsten SEs are the classical SEs of the transformed regression with t(n−k) (ρ̂ is
 * treated as known, as in prais and Stata `prais`).
 *
 * Warnings: 'few-observations' with fewer than 8 points on either side; 'autocorrelation' for
 * 'ols' when the Durbin-Watson statistic is outside 1.5–2.5.
 *
 * @param data - series `y`, `interventionIndex` (0-based first post point), optional `time`,
 *   `seasonality` and `slopeParametrisation`.
 * @param options - `method`, Newey-West `lag` and `smallSampleFactor`, CI `level`.
 * @throws StatisticsInputError for invalid intervention index, non-finite values, a constant
 *   series, a singular design, or |ρ̂| ≥ 1 (Prais-Winsten needs a stationary AR(1)).
 * @example
 * const its = interruptedTimeSeries(
 *   { y: monthlyCounts, interventionIndex: 24 },
 *   { method: 'prais-winsten-iterated' },
 * )
 * its.levelChange.estimate
 */
export function interruptedTimeSeries(
  data: InterruptedTimeSeriesData,
  options: InterruptedTimeSeriesOptions,
): InterruptedTimeSeriesResult {
  const level = options.level ?? 0.95
  assertLevel(level)
  const n = data.y.length
  const its = interruptedTimeSeriesDesign({
    n,
    interventionIndex: data.interventionIndex,
    ...(data.time === undefined ? {} : { time: data.time }),
    ...(data.seasonality === undefined ? {} : { seasonality: data.seasonality }),
    ...(data.slopeParametrisation === undefined
      ? {}
      : { slopeParametrisation: data.slopeParametrisation }),
  })
  const design = buildDesign(its.X, true, its.names)
  const { X, k, names } = design
  for (let i = 0; i < n; i++) {
    assertInput(Number.isFinite(data.y[i]), 'non-finite', `y[${i}] is not a finite number.`)
  }
  assertInput(
    n > k,
    'too-few-observations',
    `The ITS model has ${k} coefficients and needs more than ${k} observations; got ${n}.`,
  )
  const y = Float64Array.from(data.y)
  assertInput(
    y.some((v) => v !== y[0]),
    'constant-response',
    'The series is constant: there is no level or slope change to estimate.',
  )
  const ols = weightedLeastSquares(X, n, k, y, undefined, names)
  const olsResiduals = residualsOf(X, n, k, y, ols.coefficients)
  const durbinWatson = durbinWatsonOf(olsResiduals)
  const warnings: StatWarning[] = []
  const pre = data.interventionIndex
  const post = n - pre
  if (pre < ITS_MIN_SEGMENT || post < ITS_MIN_SEGMENT) {
    warnings.push({
      code: 'few-observations',
      message: `${pre} observations before and ${post} after the intervention; with fewer than ${ITS_MIN_SEGMENT} on either side the trend and level change are poorly identified.`,
    })
  }
  let regression: LinearRegressionResult
  let rho: number | undefined
  let durbinWatsonTransformed: number | undefined
  let iterations: number | undefined
  let method: string
  const method0 = options.method
  if (method0 === 'ols' || method0 === 'newey-west') {
    let se: LinearSe = 'classical'
    if (method0 === 'newey-west') {
      const lag = options.lag ?? Math.floor(4 * (n / 100) ** (2 / 9))
      se = { type: 'newey-west', lag, smallSampleFactor: options.smallSampleFactor ?? true }
    }
    regression = finishLinearFit(ols, design, y, se, level, 'ITS segmented regression, OLS')
    method = regression.method
    if (method0 === 'ols' && (durbinWatson < 1.5 || durbinWatson > 2.5)) {
      warnings.push({
        code: 'autocorrelation',
        message: `Durbin-Watson ${durbinWatson.toFixed(2)} suggests autocorrelated errors; OLS SEs are unreliable. Use Newey-West or Prais-Winsten.`,
      })
    }
  } else {
    const iterate = method0 === 'prais-winsten-iterated'
    rho = rhoOf(olsResiduals)
    let beta = ols.coefficients
    let transformed = praisTransform(X, n, k, y, rho)
    let fit = weightedLeastSquares(transformed.X, n, k, transformed.y, undefined, names)
    iterations = 1
    if (iterate) {
      for (; iterations < 100; iterations++) {
        beta = fit.coefficients
        const next = rhoOf(residualsOf(X, n, k, y, beta))
        const change = Math.abs(next - rho)
        rho = next
        transformed = praisTransform(X, n, k, y, rho)
        fit = weightedLeastSquares(transformed.X, n, k, transformed.y, undefined, names)
        if (change < 1e-10) break
      }
      if (iterations >= 100) {
        warnings.push({
          code: 'not-converged',
          message: 'Iterated Prais-Winsten did not converge in 100 updates of ρ.',
        })
      }
    }
    regression = finishLinearFit(
      fit,
      { X: transformed.X, n, k, names },
      transformed.y,
      'classical',
      level,
      `ITS segmented regression, Prais-Winsten AR(1) ${iterate ? 'iterated' : 'two-step'} (ρ̂ = ${rho.toFixed(4)})`,
    )
    method = regression.method
    durbinWatsonTransformed = durbinWatsonOf(Float64Array.from(regression.residuals))
  }
  const beta = regression.coefficients.map((c) => c.estimate)
  const vcov = regression.vcov.flat()
  const c = new Float64Array(k)
  c[2] = 1
  if ((data.slopeParametrisation ?? 'time-since') === 'interaction') c[3] = its.t0
  const levelChange = linearCombination('levelChange', c, beta, vcov, regression.inference, level)
  const slopeRow = regression.coefficients[3] as Coefficient
  return {
    method,
    levelChange,
    slopeChange: { ...slopeRow, name: 'slopeChange' },
    regression,
    durbinWatson,
    ...(rho === undefined ? {} : { rho }),
    ...(durbinWatsonTransformed === undefined ? {} : { durbinWatsonTransformed }),
    ...(iterations === undefined ? {} : { iterations }),
    t0: its.t0,
    warnings,
  }
}

function residualsOf(
  X: Float64Array,
  n: number,
  k: number,
  y: Float64Array,
  beta: Float64Array,
): Float64Array {
  const e = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < k; j++) s += (X[i * k + j] as number) * (beta[j] as number)
    e[i] = (y[i] as number) - s
  }
  return e
}

/** Durbin-Watson d = Σ(e_t − e_{t−1})² / Σe_t². */
export function durbinWatsonOf(e: ArrayLike<number>): number {
  let num = 0
  let den = 0
  for (let i = 0; i < e.length; i++) {
    den += (e[i] as number) ** 2
    if (i > 0) num += ((e[i] as number) - (e[i - 1] as number)) ** 2
  }
  return num / den
}

function rhoOf(e: Float64Array): number {
  let num = 0
  let den = 0
  for (let i = 1; i < e.length; i++) {
    num += (e[i] as number) * (e[i - 1] as number)
    den += (e[i - 1] as number) ** 2
  }
  const rho = num / den
  if (!(Math.abs(rho) < 1)) {
    throw new StatisticsInputError(
      'nonstationary',
      `Estimated AR(1) coefficient ρ̂ = ${rho} is not inside (−1, 1); Prais-Winsten needs a stationary AR(1) error. Check the trend specification.`,
    )
  }
  return rho
}

function praisTransform(X: Float64Array, n: number, k: number, y: Float64Array, rho: number) {
  const scale = Math.sqrt(1 - rho * rho)
  const Xt = new Float64Array(n * k)
  const yt = new Float64Array(n)
  yt[0] = scale * (y[0] as number)
  for (let j = 0; j < k; j++) Xt[j] = scale * (X[j] as number)
  for (let i = 1; i < n; i++) {
    yt[i] = (y[i] as number) - rho * (y[i - 1] as number)
    for (let j = 0; j < k; j++) {
      Xt[i * k + j] = (X[i * k + j] as number) - rho * (X[(i - 1) * k + j] as number)
    }
  }
  return { X: Xt, y: yt }
}
