/**
 * Cochran–Armitage chi-square test for a linear trend in proportions across ordered groups.
 */
import { assertInput, type StatWarning } from '../result.js'
import { chiSquareUpperTail } from './chi-square-tail.js'
import type { ChiSquareStatistic } from './two-proportion-test.js'
import { assertCounts } from './validate.js'

export interface ProportionTrendTestResult {
  /** Trend X² (1 df). */
  readonly statistic: number
  readonly df: 1
  readonly pValue: number
  /**
   * Departure from linear trend: the k-sample Pearson X² (prop.test without correction) minus the
   * trend X², on k − 2 df. Null when there are only two groups.
   */
  readonly departure: ChiSquareStatistic | null
  /** Group proportions x/n. */
  readonly proportions: readonly number[]
  readonly scores: readonly number[]
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

/**
 * Chi-square test for trend in proportions, identical to R's `prop.trend.test(x, n, score)`.
 *
 * With p̄ = Σx/Σn and weights wᵢ = nᵢ/(p̄(1−p̄)), the statistic is the regression sum of squares
 * of xᵢ/nᵢ on the scores in a weighted least-squares fit:
 * X² = (Σ wᵢ(pᵢ − p̄)(sᵢ − s̄))² / Σ wᵢ(sᵢ − s̄)², s̄ = Σwᵢsᵢ/Σwᵢ, referred to χ²(1). No continuity
 * correction. When every observation is a success (or every one a failure) the statistic is 0/0;
 * we report 0 with p = 1 and a `boundary` warning.
 *
 * @param x - Successes per group (non-negative integers).
 * @param n - Group sizes (positive integers, same length as x, at least 2 groups).
 * @param score - Group scores; default 1, 2, …, k as in R. Must not all be equal.
 * @throws {StatisticsInputError} For invalid counts, mismatched lengths, fewer than 2 groups or
 *   constant/non-finite scores.
 * @example
 * // ?prop.test: smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82)
 * proportionTrendTest([83, 90, 129, 70], [86, 93, 136, 82]).statistic // 8.2249 (p 0.004132)
 */
export function proportionTrendTest(
  x: readonly number[],
  n: readonly number[],
  score?: readonly number[],
): ProportionTrendTestResult {
  const k = x.length
  assertInput(k >= 2, 'invalid-input', `need at least 2 groups, got ${k}`)
  assertInput(n.length === k, 'invalid-input', `x has ${k} groups but n has ${n.length}`)
  for (const [i, xi] of x.entries()) assertCounts(xi, n[i] ?? Number.NaN, `group ${i + 1}`)
  const s = score ?? x.map((_, i) => i + 1)
  assertInput(s.length === k, 'invalid-input', `score has ${s.length} values; expected ${k}`)
  assertInput(
    s.every((v) => Number.isFinite(v)),
    'invalid-input',
    'scores must be finite numbers',
  )
  assertInput(
    s.some((v) => v !== s[0]),
    'invalid-input',
    'scores are all equal, so no trend can be estimated',
  )
  const sizes = n.map((v) => v)
  const proportions = x.map((xi, i) => xi / (sizes[i] ?? 1))
  const total = sizes.reduce((a, b) => a + b, 0)
  const pBar = x.reduce((a, b) => a + b, 0) / total
  const method = 'Chi-squared test for trend in proportions (Cochran–Armitage, R prop.trend.test)'
  if (pBar === 0 || pBar === 1) {
    return {
      statistic: 0,
      df: 1,
      pValue: 1,
      departure: k > 2 ? { statistic: 0, df: k - 2, pValue: 1 } : null,
      proportions,
      scores: s,
      method,
      warnings: [
        {
          code: 'boundary',
          message:
            'all observations fall in one category; the trend test is undefined and reported as 0 with p = 1',
        },
      ],
    }
  }
  const w = sizes.map((ni) => ni / (pBar * (1 - pBar)))
  const sumW = w.reduce((a, b) => a + b, 0)
  const sBar = w.reduce((acc, wi, i) => acc + wi * (s[i] ?? 0), 0) / sumW
  let sxy = 0
  let sxx = 0
  let total2 = 0
  w.forEach((wi, i) => {
    const ds = (s[i] ?? 0) - sBar
    const dp = (proportions[i] ?? 0) - pBar
    sxy += wi * dp * ds
    sxx += wi * ds * ds
    total2 += wi * dp * dp
  })
  const statistic = (sxy * sxy) / sxx
  const warnings: StatWarning[] = []
  const smallest = Math.min(...sizes.map((ni) => Math.min(ni * pBar, ni * (1 - pBar))))
  if (smallest < 5) {
    warnings.push({
      code: 'small-counts',
      message: 'an expected count is below 5; the chi-square approximation may be poor',
    })
  }
  // Σw(p − p̄)² is the k-sample Pearson X²: the usual partition into trend and departure.
  const departureStat = Math.max(0, total2 - statistic)
  return {
    statistic,
    df: 1,
    pValue: chiSquareUpperTail(statistic, 1),
    departure:
      k > 2
        ? { statistic: departureStat, df: k - 2, pValue: chiSquareUpperTail(departureStat, k - 2) }
        : null,
    proportions,
    scores: s,
    method,
    warnings,
  }
}
