import { normalCdf, normalQuantile, normalSf } from '../distributions.js'
import { assertInput, type Interval, type StatWarning } from '../result.js'
import { type Alternative, binomPValue, clopperPearson } from './binomial-exact.js'

/** Counts and exposures (time, population, area…) of two Poisson processes. */
export interface PoissonRateRatioInput {
  /** Event count in group 1 (the numerator of the ratio). */
  readonly x1: number
  /** Exposure of group 1, > 0. */
  readonly t1: number
  /** Event count in group 2 (the denominator). */
  readonly x2: number
  /** Exposure of group 2, > 0. */
  readonly t2: number
}

export interface PoissonRateRatioOptions {
  /** Confidence level, default 0.95. */
  readonly level?: number
  /** Rate ratio under the null hypothesis, default 1. */
  readonly ratio?: number
  /** Alternative hypothesis about rate1/rate2 relative to `ratio`, default 'two-sided'. */
  readonly alternative?: Alternative
}

/** Large-sample interval and test on the log rate ratio. */
export interface WaldRateRatio {
  /** log(rate ratio). */
  readonly logEstimate: number
  /** SE of the log rate ratio, sqrt(1/x1 + 1/x2). */
  readonly se: number
  /** Interval on the rate-ratio scale (exp of the log-scale limits). */
  readonly ci: Interval
  /** z = (log RR − log ratio) / se. */
  readonly statistic: number
  readonly pValue: number
}

export interface PoissonRateRatioResult {
  /** Rate ratio (x1/t1)/(x2/t2); `Infinity` when x2 = 0. */
  readonly estimate: number
  /** Exact conditional interval for the rate ratio (R's poisson.test). Bounds may be 0 or Infinity. */
  readonly ci: Interval
  /** The conditioning statistic: x1 (R's `count1`). */
  readonly statistic: number
  /** Expected x1 under the null: (x1+x2)·ratio·t1/(ratio·t1 + t2). */
  readonly expectedCount1: number
  /** Exact conditional p-value (R's poisson.test / binom.test). */
  readonly pValue: number
  readonly nullValue: number
  readonly alternative: Alternative
  /** Wald log-scale interval and test; `null` when a count is zero (log RR undefined). */
  readonly wald: WaldRateRatio | null
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

const isCount = (v: number) => Number.isInteger(v) && v >= 0

/**
 * Compares two Poisson rates: exact conditional test and interval, identical to R's
 * `poisson.test(c(x1, x2), c(t1, t2), r = ratio, alternative, conf.level = level)`, plus a Wald
 * interval on the log rate ratio.
 *
 * Convention. Conditional on n = x1 + x2, x1 ~ Bin(n, π) with π = ratio·t1/(ratio·t1 + t2) under
 * the null. The p-value is R's `binom.test` p-value: one-sided tails, or for two-sided the sum of
 * the probabilities of all outcomes whose probability is ≤ that of x1 (relative tolerance 1e-7).
 * The interval is Clopper-Pearson for π (each tail (1 − level)/2 for two-sided; one-sided
 * alternatives give a one-sided interval, as R does) mapped to the rate-ratio scale by
 * π/(1 − π)·t2/t1. The interval does not depend on `ratio`. No continuity correction.
 *
 * Wald: log(RR) ± z·sqrt(1/x1 + 1/x2), z the normal quantile for `level` (one-sided alternatives
 * get one-sided limits, mirroring the exact interval).
 *
 * Zero counts are a documented result, not an error: x1 = 0 gives estimate 0 and exact lower bound
 * 0; x2 = 0 gives estimate Infinity and exact upper bound Infinity; the Wald part is `null` and a
 * 'zero-count' warning says so. Both counts zero carries no information and throws (R errors too).
 *
 * @param input - counts x1, x2 (non-negative integers) and exposures t1, t2 (> 0).
 * @param options - `level` (default 0.95), null `ratio` (default 1), `alternative`.
 * @throws {StatisticsInputError} on non-integer or negative counts, non-positive exposures,
 *   x1 + x2 = 0, ratio ≤ 0, or level outside (0, 1).
 * @example
 * // R's ?poisson.test example: 11 cases in 800 person-years vs 21 in 3011
 * const r = poissonRateRatioTest({ x1: 11, t1: 800, x2: 21, t2: 3011 })
 * r.estimate // 1.971488
 * r.ci // { lower: 0.8584264, upper: 4.2772659, level: 0.95 }
 * r.pValue // 0.07966863
 */
export function poissonRateRatioTest(
  input: PoissonRateRatioInput,
  options: PoissonRateRatioOptions = {},
): PoissonRateRatioResult {
  const { x1, t1, x2, t2 } = input
  const level = options.level ?? 0.95
  const ratio = options.ratio ?? 1
  const alternative = options.alternative ?? 'two-sided'
  assertInput(
    isCount(x1) && isCount(x2),
    'invalid-count',
    'x1 and x2 must be non-negative integers',
  )
  assertInput(
    Number.isFinite(t1) && Number.isFinite(t2) && t1 > 0 && t2 > 0,
    'invalid-exposure',
    't1 and t2 must be finite and > 0',
  )
  assertInput(
    x1 + x2 > 0,
    'zero-count',
    'x1 + x2 = 0: with no events at all the rate ratio is not identified',
  )
  assertInput(Number.isFinite(ratio) && ratio > 0, 'invalid-ratio', 'ratio must be finite and > 0')
  assertInput(level > 0 && level < 1, 'invalid-level', 'level must be in (0, 1)')
  assertInput(
    alternative === 'two-sided' || alternative === 'less' || alternative === 'greater',
    'invalid-alternative',
    "alternative must be 'two-sided', 'less' or 'greater'",
  )

  const n = x1 + x2
  const pi0 = (ratio * t1) / (ratio * t1 + t2)
  const pValue = binomPValue(x1, n, pi0, alternative)
  const cp = clopperPearson(x1, n, level, alternative)
  const toRatio = (p: number) => (p >= 1 ? Number.POSITIVE_INFINITY : (p / (1 - p)) * (t2 / t1))
  const estimate = x2 === 0 ? Number.POSITIVE_INFINITY : x1 / t1 / (x2 / t2)

  const warnings: StatWarning[] = []
  let wald: WaldRateRatio | null = null
  if (x1 === 0 || x2 === 0) {
    warnings.push({
      code: 'zero-count',
      message: `A zero count (x1 = ${x1}, x2 = ${x2}): the exact interval has a bound at ${
        x1 === 0 ? '0' : 'Infinity'
      } and the Wald log-scale interval is not available.`,
    })
  } else {
    const logEstimate = Math.log(estimate)
    const se = Math.sqrt(1 / x1 + 1 / x2)
    const statistic = (logEstimate - Math.log(ratio)) / se
    let ci: Interval
    let waldP: number
    if (alternative === 'two-sided') {
      const z = normalQuantile(1 - (1 - level) / 2)
      ci = { lower: Math.exp(logEstimate - z * se), upper: Math.exp(logEstimate + z * se), level }
      waldP = 2 * normalSf(Math.abs(statistic))
    } else if (alternative === 'less') {
      ci = { lower: 0, upper: Math.exp(logEstimate + normalQuantile(level) * se), level }
      waldP = normalCdf(statistic)
    } else {
      const lower = Math.exp(logEstimate - normalQuantile(level) * se)
      ci = { lower, upper: Number.POSITIVE_INFINITY, level }
      waldP = normalSf(statistic)
    }
    wald = { logEstimate, se, ci, statistic, pValue: waldP }
    if (Math.min(x1, x2) < 5) {
      warnings.push({
        code: 'small-counts',
        message: `A count below 5 (x1 = ${x1}, x2 = ${x2}): the Wald interval is unreliable; use the exact interval.`,
      })
    }
  }

  return {
    estimate,
    ci: { lower: toRatio(cp.lower), upper: toRatio(cp.upper), level },
    statistic: x1,
    expectedCount1: n * pi0,
    pValue,
    nullValue: ratio,
    alternative,
    wald,
    method:
      'Exact conditional comparison of Poisson rates (R poisson.test: binomial test of x1 given x1 + x2, Clopper-Pearson interval mapped to the rate ratio); Wald interval on log rate ratio with SE sqrt(1/x1 + 1/x2)',
    warnings,
  }
}
