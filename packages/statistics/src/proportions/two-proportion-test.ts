/**
 * Comparison of two independent binomial proportions p1 = x1/n1 and p2 = x2/n2.
 *
 * One call returns every convention an evaluator is likely to be asked about, so that a report
 * can quote R's prop.test next to the interval we recommend (Newcombe's hybrid score) and the
 * ratio measures, all computed from the same counts.
 */
import { normalQuantile, normalTwoSidedP } from '../distributions.js'
import type { Interval, StatWarning } from '../result.js'
import { wilsonInterval } from './binomial-intervals.js'
import { assertCounts, assertLevel } from './validate.js'

/** A chi-square statistic with its degrees of freedom and upper-tail p-value. */
export interface ChiSquareStatistic {
  readonly statistic: number
  readonly df: number
  readonly pValue: number
}

/** A ratio measure with its Wald interval built on the log scale. */
export interface RatioEstimate {
  readonly estimate: number
  /** Standard error of the log ratio. */
  readonly logSe: number
  readonly ci: Interval
  /** True when 0.5 was added to every cell because one was zero (Haldane–Anscombe). */
  readonly zeroCellCorrected: boolean
}

export interface TwoProportionTestResult {
  readonly p1: number
  readonly p2: number
  /** Difference p1 − p2. */
  readonly estimate: number
  /** Unpooled SE of the difference √(p1q1/n1 + p2q2/n2). */
  readonly se: number
  /** Pooled z = (p1 − p2)/√(p̄q̄(1/n1 + 1/n2)), p̄ = (x1 + x2)/(n1 + n2); z² = chiSquare.statistic. */
  readonly statistic: number
  /** Two-sided p-value of the pooled z (equals chiSquare.pValue). */
  readonly pValue: number
  /** Newcombe (1998) method 10 hybrid score interval for p1 − p2: the recommended interval. */
  readonly ci: Interval
  /** Wald interval p1 − p2 ± z·se, clipped to [−1, 1] (R prop.test, correct = FALSE). */
  readonly waldCi: Interval
  /** Wald interval widened by c·(1/n1 + 1/n2), c = min(0.5, |p1−p2|/(1/n1+1/n2)) (prop.test, correct = TRUE). */
  readonly waldCiCorrected: Interval
  /** Pearson X² without continuity correction (prop.test correct = FALSE). */
  readonly chiSquare: ChiSquareStatistic
  /** Pearson X² with Yates' correction as prop.test(correct = TRUE), R's default. */
  readonly chiSquareYates: ChiSquareStatistic
  /** p1/p2 with CI exp(log RR ± z·√(1/x1 − 1/n1 + 1/x2 − 1/n2)). */
  readonly riskRatio: RatioEstimate
  /** (x1(n2−x2))/(x2(n1−x1)) with Woolf CI exp(log OR ± z·√(Σ 1/cell)). */
  readonly oddsRatio: RatioEstimate
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

export interface TwoProportionOptions {
  /** Coverage of every interval; default 0.95. */
  readonly level?: number
}

function chiSquare2x2(x1: number, n1: number, x2: number, n2: number, yates: number) {
  const pooled = (x1 + x2) / (n1 + n2)
  const observed = [x1, n1 - x1, x2, n2 - x2]
  const expected = [n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)]
  let statistic = 0
  observed.forEach((o, i) => {
    const e = expected[i] as number
    statistic += (Math.abs(o - e) - yates) ** 2 / e
  })
  return { statistic, expected }
}

function ratio(logEstimate: number, logSe: number, z: number, level: number, corrected: boolean) {
  return {
    estimate: Math.exp(logEstimate),
    logSe,
    ci: {
      lower: Math.exp(logEstimate - z * logSe),
      upper: Math.exp(logEstimate + z * logSe),
      level,
    },
    zeroCellCorrected: corrected,
  }
}

/**
 * Two-sample test and intervals for p1 − p2, the risk ratio and the odds ratio.
 *
 * Conventions (all two-sided, z = Φ⁻¹((1+level)/2)):
 * - `statistic`/`pValue`: pooled-variance z test; identical to R `prop.test(c(x1,x2), c(n1,n2),
 *   correct = FALSE)` (X² = z²). `chiSquareYates` reproduces R's default `correct = TRUE`, where
 *   the correction is min(0.5, |p1−p2|/(1/n1+1/n2)).
 * - `ci`: Newcombe (1998) method 10: with Wilson limits (l_i, u_i) of each proportion (no
 *   continuity correction), L = d − √((p1−l1)² + (u2−p2)²), U = d + √((u1−p1)² + (p2−l2)²).
 * - Risk ratio and odds ratio: Wald intervals on the log scale (Katz; Woolf). Zero cells: when
 *   x1 or x2 is 0 (risk ratio) or any of the four cells is 0 (odds ratio), 0.5 is added to all
 *   four cells of that measure (Haldane–Anscombe), `zeroCellCorrected` is set and a `zero-count`
 *   warning is given. When both x1 and x2 are 0 (or both equal n) the pooled test is undefined
 *   (0/0): we report statistic 0 and p-value 1 with a `boundary` warning.
 * - `small-counts` warning when any expected cell count is below 5 (R warns "Chi-squared
 *   approximation may be incorrect").
 *
 * @param x1 - Successes in group 1 (integer, 0 ≤ x1 ≤ n1).
 * @param n1 - Size of group 1 (positive integer).
 * @param x2 - Successes in group 2.
 * @param n2 - Size of group 2.
 * @param options - `level` (default 0.95).
 * @throws {StatisticsInputError} For invalid counts or level.
 * @example
 * const r = twoProportionTest(56, 70, 48, 80)
 * r.ci // Newcombe: { lower: 0.0524, upper: 0.3339 } (Newcombe 1998, Table II)
 * r.chiSquareYates.pValue // 0.01341 = prop.test(c(56, 48), c(70, 80))$p.value
 */
export function twoProportionTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  options: TwoProportionOptions = {},
): TwoProportionTestResult {
  const level = options.level ?? 0.95
  assertCounts(x1, n1, 'group 1')
  assertCounts(x2, n2, 'group 2')
  assertLevel(level)
  const z = normalQuantile((1 + level) / 2)
  const warnings: StatWarning[] = []
  const p1 = x1 / n1
  const p2 = x2 / n2
  const d = p1 - p2
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2)

  const pooled = (x1 + x2) / (n1 + n2)
  const degenerate = pooled === 0 || pooled === 1
  let statistic = 0
  let chiSquare: ChiSquareStatistic = { statistic: 0, df: 1, pValue: 1 }
  let chiSquareYates: ChiSquareStatistic = { statistic: 0, df: 1, pValue: 1 }
  if (degenerate) {
    warnings.push({
      code: 'boundary',
      message: `all observations are ${pooled === 0 ? 'failures' : 'successes'}; the test is undefined and reported as statistic 0, p = 1`,
    })
  } else {
    statistic = d / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    const sumInv = 1 / n1 + 1 / n2
    const yates = Math.min(0.5, Math.abs(d) / sumInv)
    const plain = chiSquare2x2(x1, n1, x2, n2, 0)
    const corrected = chiSquare2x2(x1, n1, x2, n2, yates)
    // df = 1: the chi-square upper tail is the two-sided normal tail of √X², which keeps full
    // relative precision for tiny p-values (1 − CDF would not).
    chiSquare = {
      statistic: plain.statistic,
      df: 1,
      pValue: normalTwoSidedP(Math.sqrt(plain.statistic)),
    }
    chiSquareYates = {
      statistic: corrected.statistic,
      df: 1,
      pValue: normalTwoSidedP(Math.sqrt(corrected.statistic)),
    }
    if (plain.expected.some((e) => e < 5)) {
      warnings.push({
        code: 'small-counts',
        message:
          'an expected cell count is below 5; the chi-square/normal approximation may be poor',
      })
    }
  }
  const pValue = normalTwoSidedP(statistic)

  const w1 = wilsonInterval(x1, n1, { level }).ci
  const w2 = wilsonInterval(x2, n2, { level }).ci
  const ci: Interval = {
    lower: d - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2),
    upper: d + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2),
    level,
  }
  const clip = (v: number) => Math.max(-1, Math.min(1, v))
  const waldCi: Interval = { lower: clip(d - z * se), upper: clip(d + z * se), level }
  const sumInv = 1 / n1 + 1 / n2
  const widen = z * se + Math.min(0.5, Math.abs(d) / sumInv) * sumInv
  const waldCiCorrected: Interval = { lower: clip(d - widen), upper: clip(d + widen), level }

  const [a, b, c, e] = [x1, n1 - x1, x2, n2 - x2]
  const rrZero = a === 0 || c === 0
  const orZero = rrZero || b === 0 || e === 0
  const rrCells = rrZero ? [a + 0.5, b + 0.5, c + 0.5, e + 0.5] : [a, b, c, e]
  const orCells = orZero ? [a + 0.5, b + 0.5, c + 0.5, e + 0.5] : [a, b, c, e]
  const [ra, rb, rc, re] = rrCells as [number, number, number, number]
  const [oa, ob, oc, oe] = orCells as [number, number, number, number]
  const riskRatio = ratio(
    Math.log(ra / (ra + rb)) - Math.log(rc / (rc + re)),
    Math.sqrt(1 / ra - 1 / (ra + rb) + 1 / rc - 1 / (rc + re)),
    z,
    level,
    rrZero,
  )
  const oddsRatio = ratio(
    Math.log(oa) + Math.log(oe) - Math.log(ob) - Math.log(oc),
    Math.sqrt(1 / oa + 1 / ob + 1 / oc + 1 / oe),
    z,
    level,
    orZero,
  )
  if (orZero) {
    warnings.push({
      code: 'zero-count',
      message: `a cell of the 2×2 table is zero; 0.5 was added to every cell for the ${rrZero ? 'risk ratio and odds ratio' : 'odds ratio'}`,
    })
  }

  return {
    p1,
    p2,
    estimate: d,
    se,
    statistic,
    pValue,
    ci,
    waldCi,
    waldCiCorrected,
    chiSquare,
    chiSquareYates,
    riskRatio,
    oddsRatio,
    method:
      'Pooled two-proportion z test (= prop.test correct = FALSE); Newcombe hybrid score CI (method 10) for p1 − p2; log-scale Wald CIs for risk ratio (Katz) and odds ratio (Woolf), Haldane–Anscombe 0.5 on zero cells',
    warnings,
  }
}
