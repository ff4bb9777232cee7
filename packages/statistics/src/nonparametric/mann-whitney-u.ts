/**
 * Mann–Whitney U (Wilcoxon rank-sum) test with the normal approximation.
 */
import { normalCdf, normalSf } from '../distributions.js'
import { assertInput, type StatWarning } from '../result.js'

export interface MannWhitneyResult {
  /** U for the first sample: rank sum of a − n_a(n_a+1)/2 (R's W). */
  readonly statistic: number
  /** U for the second sample; uA + uB = n_a·n_b. */
  readonly uB: number
  /** Rank sum of a (midranks for ties). */
  readonly rankSumA: number
  /** Midranks of a then b in input order (ranks in the pooled sample). */
  readonly ranksA: readonly number[]
  readonly ranksB: readonly number[]
  /** Tie-corrected variance of U: n_a·n_b/12 · (N + 1 − Σ(t³ − t)/(N(N − 1))). */
  readonly variance: number
  /** z with continuity correction (sign(U − n_a·n_b/2)·0.5 removed), R's default. */
  readonly z: number
  /** Two-sided p-value from `z` (R wilcox.test(exact = FALSE, correct = TRUE)). */
  readonly pValue: number
  /** z without continuity correction. */
  readonly zUncorrected: number
  /** Two-sided p-value from `zUncorrected` (R wilcox.test(exact = FALSE, correct = FALSE)). */
  readonly pValueUncorrected: number
  /** 2·U_a/(n_a·n_b) − 1 ∈ [−1, 1]; positive when values in a tend to exceed those in b. */
  readonly rankBiserial: number
  /** U_a/(n_a·n_b): probability a random a exceeds a random b, ties counting one half. */
  readonly commonLanguageEffect: number
  readonly nA: number
  readonly nB: number
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

function assertSample(values: readonly number[], name: string): void {
  assertInput(values.length > 0, 'invalid-input', `sample ${name} is empty`)
  for (const [i, v] of values.entries()) {
    assertInput(Number.isFinite(v), 'invalid-input', `${name}[${i}] is not a finite number: ${v}`)
  }
}

/**
 * Two-sample Mann–Whitney U test, normal approximation, as R's `wilcox.test(a, b, exact = FALSE)`.
 *
 * Ranks are midranks in the pooled sample; U_a = R_a − n_a(n_a+1)/2; the variance is tie-corrected
 * (see `variance`); z = (U_a − n_a·n_b/2 − cc)/σ with cc = sign(U_a − n_a·n_b/2)·0.5 (`z`, R's
 * default correct = TRUE) or cc = 0 (`zUncorrected`); p-values are two-sided. The exact
 * distribution is not computed.
 *
 * Small groups: any group size ≥ 1 is accepted and the result is computed exactly as R does, but
 * when either group has fewer than 5 values a `few-observations` warning is added with the
 * smallest two-sided p-value an exact test could reach without ties, 2/C(n_a + n_b, n_a) (for one
 * element against m, 2/(m + 1)): the normal approximation can report p-values that no exact test
 * could attain.
 *
 * @param a - First sample (finite numbers, at least one).
 * @param b - Second sample (finite numbers, at least one).
 * @returns U, ranks, variance, z and p with and without correction, rank-biserial correlation.
 * @throws {StatisticsInputError} For an empty sample, a non-finite value, or when every value in
 *   both samples is equal (σ = 0: R returns p = NA).
 * @example
 * const r = mannWhitneyU([1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
 *                        [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29])
 * r.statistic // 58 (R's W)
 * r.pValue    // 0.1329 = wilcox.test(a, b, exact = FALSE)$p.value
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  assertSample(a, 'a')
  assertSample(b, 'b')
  const nA = a.length
  const nB = b.length
  const total = nA + nB
  const pooled = [
    ...a.map((value, i) => ({ value, i })),
    ...b.map((value, i) => ({ value, i: nA + i })),
  ]
  pooled.sort((x, y) => x.value - y.value)
  const ranks = new Array<number>(total)
  let tieTerm = 0
  for (let start = 0; start < total; ) {
    let end = start
    while (end + 1 < total && pooled[end + 1]?.value === pooled[start]?.value) end++
    const midrank = (start + end) / 2 + 1
    for (let k = start; k <= end; k++) ranks[(pooled[k] as { i: number }).i] = midrank
    const t = end - start + 1
    tieTerm += t * t * t - t
    start = end + 1
  }
  const ranksA = ranks.slice(0, nA)
  const ranksB = ranks.slice(nA)
  const rankSumA = ranksA.reduce((s, r) => s + r, 0)
  const uA = rankSumA - (nA * (nA + 1)) / 2
  const uB = nA * nB - uA
  const variance = ((nA * nB) / 12) * (total + 1 - tieTerm / (total * (total - 1)))
  assertInput(
    variance > 0,
    'no-variation',
    'all values in both samples are equal; the rank test has no information (R returns p = NA)',
  )
  const sigma = Math.sqrt(variance)
  const centred = uA - (nA * nB) / 2
  const z = (centred - Math.sign(centred) * 0.5) / sigma
  const zUncorrected = centred / sigma
  const twoSided = (v: number) => Math.min(1, 2 * Math.min(normalCdf(v), normalSf(v)))

  const warnings: StatWarning[] = []
  if (Math.min(nA, nB) < 5) {
    const smallestP = 2 / binomialCoefficient(total, nA)
    warnings.push({
      code: 'few-observations',
      message: `group sizes ${nA} and ${nB}: the normal approximation is rough; an exact test without ties could not give a two-sided p below ${smallestP.toPrecision(3)}`,
    })
  }
  return {
    statistic: uA,
    uB,
    rankSumA,
    ranksA,
    ranksB,
    variance,
    z,
    pValue: twoSided(z),
    zUncorrected,
    pValueUncorrected: twoSided(zUncorrected),
    rankBiserial: (2 * uA) / (nA * nB) - 1,
    commonLanguageEffect: uA / (nA * nB),
    nA,
    nB,
    method:
      'Wilcoxon rank-sum / Mann–Whitney U test, normal approximation with tie-corrected variance (R wilcox.test, exact = FALSE)',
    warnings,
  }
}

function binomialCoefficient(n: number, k: number): number {
  let c = 1
  for (let i = 1; i <= Math.min(k, n - k); i++) c = (c * (n - Math.min(k, n - k) + i)) / i
  return c
}
