/**
 * Multiplicity adjustment of p-values, for reports that test many places or categories at once.
 */
import { assertInput } from '../result.js'

export type PAdjustMethod = 'BH' | 'BY' | 'holm' | 'bonferroni'

/**
 * Adjusted p-values, identical to R's `p.adjust(p, method)` (n = p.length):
 * - `bonferroni`: min(1, n·p).
 * - `holm` (step-down, FWER): sorted ascending, cummax((n − i + 1)·p₍ᵢ₎), capped at 1.
 * - `BH` (Benjamini & Hochberg 1995, FDR): sorted descending, cummin(n/i·p₍ᵢ₎), capped at 1.
 * - `BY` (Benjamini & Yekutieli 2001, FDR under any dependence): BH multiplied by Σ_{k≤n} 1/k.
 * Results come back in the input order. Compare an adjusted value with the error rate (e.g. 0.05)
 * to decide. An empty array gives an empty array.
 *
 * @param p - Raw p-values, each a finite number in [0, 1].
 * @param method - 'BH' | 'BY' | 'holm' | 'bonferroni'.
 * @returns Adjusted p-values in the same order as `p`.
 * @throws {StatisticsInputError} For a value outside [0, 1] or not finite (R passes NA through;
 *   we refuse it so no NaN leaks into a report), or an unknown method.
 * @example
 * adjustPValues([0.01, 0.04, 0.03, 0.005], 'BH') // [0.02, 0.04, 0.04, 0.02]
 */
export function adjustPValues(p: readonly number[], method: PAdjustMethod): number[] {
  assertInput(
    method === 'BH' || method === 'BY' || method === 'holm' || method === 'bonferroni',
    'invalid-option',
    `method must be 'BH', 'BY', 'holm' or 'bonferroni', got ${String(method)}`,
  )
  for (const [i, v] of p.entries()) {
    assertInput(
      Number.isFinite(v) && v >= 0 && v <= 1,
      'invalid-probability',
      `p[${i}] must be a p-value in [0, 1], got ${v}`,
    )
  }
  const n = p.length
  if (n === 0) return []
  if (method === 'bonferroni') return p.map((v) => Math.min(1, n * v))

  const out = new Array<number>(n)
  // A stable sort on the index keeps ties in input order, like R's order().
  const ascending = p.map((_, i) => i).sort((a, b) => (p[a] as number) - (p[b] as number))
  if (method === 'holm') {
    let running = 0
    ascending.forEach((index, rank) => {
      running = Math.max(running, (n - rank) * (p[index] as number))
      out[index] = Math.min(1, running)
    })
    return out
  }
  const factor = method === 'BY' ? harmonic(n) : 1
  const descending = p.map((_, i) => i).sort((a, b) => (p[b] as number) - (p[a] as number))
  let running = Number.POSITIVE_INFINITY
  descending.forEach((index, k) => {
    const i = n - k
    running = Math.min(running, ((factor * n) / i) * (p[index] as number))
    out[index] = Math.min(1, running)
  })
  return out
}

function harmonic(n: number): number {
  let sum = 0
  for (let k = 1; k <= n; k++) sum += 1 / k
  return sum
}
