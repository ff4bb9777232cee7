/**
 * Confidence intervals for one binomial proportion x/n.
 *
 * Three conventions because readers meet all three: Wilson (R's prop.test), Agresti–Coull (what
 * textbooks teach as the "add two successes and two failures" fix of Wald) and Clopper–Pearson
 * (R's binom.test, the "exact" interval Brå-style tables sometimes quote).
 */
import { betaDistQuantile, normalQuantile } from '../distributions.js'
import { assertInput, type Interval, type StatWarning } from '../result.js'
import { assertCounts, assertLevel, assertProbability } from './validate.js'

/** A one-sample proportion with its interval. */
export interface ProportionInterval {
  /** x / n. */
  readonly estimate: number
  /** Wald standard error √(p̂(1−p̂)/n); 0 when x = 0 or x = n (see the `boundary` warning). */
  readonly se: number
  readonly ci: Interval
  readonly x: number
  readonly n: number
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

export interface IntervalOptions {
  /** Coverage of the two-sided interval; default 0.95. */
  readonly level?: number
}

export interface WilsonOptions extends IntervalOptions {
  /** Apply R's prop.test continuity correction; default false. */
  readonly correct?: boolean
  /**
   * Null proportion used only to cap the continuity correction, as R does:
   * the correction is min(0.5, |x − n·p0|). Default 0.5 (R's default `p`).
   */
  readonly nullProportion?: number
}

function boundaryWarnings(x: number, n: number): StatWarning[] {
  if (x !== 0 && x !== n) return []
  return [
    {
      code: 'boundary',
      message: `x = ${x} of n = ${n} lies on the boundary; the Wald SE is 0 and only the interval is informative`,
    },
  ]
}

function base(x: number, n: number, level: number) {
  assertCounts(x, n)
  assertLevel(level)
  const estimate = x / n
  return { estimate, se: Math.sqrt((estimate * (1 - estimate)) / n) }
}

/**
 * Wilson score interval for a binomial proportion, exactly as R's one-sample `prop.test`.
 *
 * Without correction: (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), z = Φ⁻¹((1+level)/2).
 * With `correct: true`, R's continuity correction: p̂ is shifted by c/n with
 * c = min(0.5, |x − n·p0|) before the score formula, and a limit is set to 0 (or 1) when the
 * shifted p̂ passes the boundary. Note that R caps the correction by the distance to the null
 * proportion `p0` (default 0.5), so at x = n/2 the corrected and uncorrected intervals agree.
 *
 * @param x - Number of successes, an integer 0 ≤ x ≤ n.
 * @param n - Number of trials, a positive integer.
 * @param options - `level` (default 0.95), `correct` (default false), `nullProportion` (default 0.5).
 * @returns Estimate x/n, Wald SE, the interval and the convention used.
 * @throws {StatisticsInputError} For non-integer or negative counts, x > n, n = 0, or a level
 *   outside (0, 1).
 * @example
 * wilsonInterval(7, 20).ci // { lower: 0.18119…, upper: 0.56715…, level: 0.95 }
 * // = prop.test(7, 20, correct = FALSE)$conf.int
 */
export function wilsonInterval(
  x: number,
  n: number,
  options: WilsonOptions = {},
): ProportionInterval {
  const level = options.level ?? 0.95
  const correct = options.correct ?? false
  const p0 = options.nullProportion ?? 0.5
  const { estimate, se } = base(x, n, level)
  assertProbability(p0, 'nullProportion')
  const z = normalQuantile((1 + level) / 2)
  const yates = correct ? Math.min(0.5, Math.abs(x - n * p0)) : 0
  const z22n = (z * z) / (2 * n)
  const score = (pc: number, sign: 1 | -1): number =>
    (pc + z22n + sign * z * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n)
  const pUpper = estimate + yates / n
  const pLower = estimate - yates / n
  const upper = pUpper >= 1 ? 1 : score(pUpper, 1)
  const lower = pLower <= 0 ? 0 : score(pLower, -1)
  return {
    estimate,
    se,
    ci: { lower, upper, level },
    x,
    n,
    method: correct
      ? `Wilson score interval with continuity correction min(0.5, |x − n·${p0}|) (R prop.test, correct = TRUE)`
      : 'Wilson score interval without continuity correction (R prop.test, correct = FALSE)',
    warnings: boundaryWarnings(x, n),
  }
}

/**
 * Agresti–Coull interval (Agresti & Coull 1998; Brown, Cai & DasGupta 2001, eq. 7).
 *
 * ñ = n + z², p̃ = (x + z²/2)/ñ, interval p̃ ± z√(p̃(1−p̃)/ñ), z = Φ⁻¹((1+level)/2). The limits
 * are clipped to [0, 1] (as statsmodels' `proportion_confint(method='agresti_coull')`); the raw
 * formula can pass the boundary for x near 0 or n.
 *
 * @param x - Number of successes, an integer 0 ≤ x ≤ n.
 * @param n - Number of trials, a positive integer.
 * @param options - `level` (default 0.95).
 * @returns Estimate x/n (not p̃), Wald SE of x/n, the interval and the convention used.
 * @throws {StatisticsInputError} For invalid counts or level.
 * @example
 * agrestiCoullInterval(7, 20).ci.lower // 0.17993… (statsmodels agresti_coull)
 */
export function agrestiCoullInterval(
  x: number,
  n: number,
  options: IntervalOptions = {},
): ProportionInterval {
  const level = options.level ?? 0.95
  const { estimate, se } = base(x, n, level)
  const z = normalQuantile((1 + level) / 2)
  const nTilde = n + z * z
  const pTilde = (x + (z * z) / 2) / nTilde
  const half = z * Math.sqrt((pTilde * (1 - pTilde)) / nTilde)
  return {
    estimate,
    se,
    ci: { lower: Math.max(0, pTilde - half), upper: Math.min(1, pTilde + half), level },
    x,
    n,
    method: 'Agresti–Coull interval (ñ = n + z², p̃ = (x + z²/2)/ñ), clipped to [0, 1]',
    warnings: boundaryWarnings(x, n),
  }
}

/**
 * Clopper–Pearson "exact" interval, as R's `binom.test(x, n)$conf.int`.
 *
 * Lower = Beta⁻¹(α/2; x, n−x+1), upper = Beta⁻¹(1−α/2; x+1, n−x) with α = 1 − level. At x = 0 the
 * lower limit is 0 and at x = n the upper limit is 1, while the other limit still uses α/2 (not α),
 * exactly as binom.test does; so at the edges the interval is conservative.
 *
 * @param x - Number of successes, an integer 0 ≤ x ≤ n.
 * @param n - Number of trials, a positive integer.
 * @param options - `level` (default 0.95).
 * @returns Estimate x/n, Wald SE, the interval and the convention used.
 * @throws {StatisticsInputError} For invalid counts or level.
 * @example
 * clopperPearsonInterval(0, 10).ci.upper // 0.30850… = binom.test(0, 10)$conf.int[2]
 */
export function clopperPearsonInterval(
  x: number,
  n: number,
  options: IntervalOptions = {},
): ProportionInterval {
  const level = options.level ?? 0.95
  const { estimate, se } = base(x, n, level)
  const alpha = (1 - level) / 2
  const lower = x === 0 ? 0 : betaDistQuantile(alpha, x, n - x + 1)
  const upper = x === n ? 1 : betaDistQuantile(1 - alpha, x + 1, n - x)
  assertInput(
    Number.isFinite(lower) && Number.isFinite(upper),
    'numerical-failure',
    `beta quantile failed for x = ${x}, n = ${n}`,
  )
  return {
    estimate,
    se,
    ci: { lower, upper, level },
    x,
    n,
    method: 'Clopper–Pearson exact interval from beta quantiles (R binom.test)',
    warnings: boundaryWarnings(x, n),
  }
}
