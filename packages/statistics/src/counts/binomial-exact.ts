/**
 * Exact binomial tail probabilities, the two-sided p-value and Clopper-Pearson limits, written to
 * follow R's `binom.test` line by line, because `poissonRateRatioTest` is R's `poisson.test`,
 * which conditions on the total count and hands the problem to `binom.test`.
 *
 * The pmf is imported here rather than wrapped in distributions.ts: only this module needs it.
 */
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf'
import { betaDistCdf, betaDistQuantile, binomialDistCdf } from '../distributions.js'

export type Alternative = 'two-sided' | 'less' | 'greater'

/** P(X ≤ k) for X ~ Bin(n, p). */
export function binomLower(k: number, n: number, p: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  return binomialDistCdf(k, n, p)
}

/**
 * P(X > k) for X ~ Bin(n, p), as the regularised incomplete beta I_p(k+1, n−k) rather than
 * 1 − CDF, so small upper-tail p-values keep their relative precision.
 */
export function binomUpper(k: number, n: number, p: number): number {
  if (k < 0) return 1
  if (k >= n) return 0
  if (p <= 0) return 0
  if (p >= 1) return 1
  return betaDistCdf(p, k + 1, n - k)
}

/**
 * R's `binom.test` p-value. Two-sided: the total probability of outcomes no more likely than the
 * observed one, where "no more likely" allows a relative tolerance of 1e-7 so that outcomes of
 * equal probability are not split by rounding (R's `relErr <- 1 + 1e-07`).
 */
export function binomPValue(x: number, n: number, p: number, alternative: Alternative): number {
  if (alternative === 'less') return binomLower(x, n, p)
  if (alternative === 'greater') return binomUpper(x - 1, n, p)
  if (p === 0) return x === 0 ? 1 : 0
  if (p === 1) return x === n ? 1 : 0
  const relErr = 1 + 1e-7
  const d = binomialPmf(x, n, p)
  const m = n * p
  if (x === m) return 1
  let pValue: number
  if (x < m) {
    let y = 0
    for (let i = Math.ceil(m); i <= n; i++) if (binomialPmf(i, n, p) <= d * relErr) y++
    pValue = binomLower(x, n, p) + binomUpper(n - y, n, p)
  } else {
    let y = 0
    for (let i = 0; i <= Math.floor(m); i++) if (binomialPmf(i, n, p) <= d * relErr) y++
    pValue = binomLower(y - 1, n, p) + binomUpper(x - 1, n, p)
  }
  // R 4.2 returns the raw sum, which can exceed 1 by rounding; newer R clamps. Clamp here.
  return Math.min(1, pValue)
}

/** Clopper-Pearson limits for a binomial proportion, with R's one-sided conventions. */
export function clopperPearson(
  x: number,
  n: number,
  level: number,
  alternative: Alternative,
): { lower: number; upper: number } {
  const lowerAt = (alpha: number) => (x === 0 ? 0 : betaDistQuantile(alpha, x, n - x + 1))
  const upperAt = (alpha: number) => (x === n ? 1 : betaDistQuantile(1 - alpha, x + 1, n - x))
  if (alternative === 'less') return { lower: 0, upper: upperAt(1 - level) }
  if (alternative === 'greater') return { lower: lowerAt(1 - level), upper: 1 }
  const alpha = (1 - level) / 2
  return { lower: lowerAt(alpha), upper: upperAt(alpha) }
}
