import { describe, expect, it } from 'vitest'
import { expectClose } from '../proportions/expect-close.js'
import { isStatisticsInputError } from '../result.js'
import { mannWhitneyU } from './mann-whitney-u.js'

// Reference: R 4.2.2 wilcox.test(a, b, exact = FALSE, correct = TRUE / FALSE), p printed with
// sprintf('%.17g').
describe('mannWhitneyU against R wilcox.test', () => {
  it('?wilcox.test depression data (Hollander & Wolfe), no ties', () => {
    // x, y of the help page's paired example used here as two independent samples.
    const a = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3]
    const b = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    const r = mannWhitneyU(a, b)
    expect(r.statistic).toBe(58)
    expect(r.uB).toBe(81 - 58)
    expectClose(r.pValue, 0.13291945818531886, 1e-9)
    expectClose(r.pValueUncorrected, 0.12189099149676107, 1e-9)
    expectClose(r.rankBiserial, (2 * 58) / 81 - 1, 1e-12)
  })

  it('tied data: midranks and tie-corrected variance', () => {
    const x = [1, 2, 2, 3, 3, 3, 4, 7]
    const y = [2, 3, 5, 5, 6, 8, 8, 9, 10]
    const r = mannWhitneyU(x, y)
    expect(r.statistic).toBe(12.5)
    expectClose(r.pValue, 0.025404337886846307, 1e-9)
    expectClose(r.pValueUncorrected, 0.022383905520215595, 1e-9)
    // Pooled sorted: 1 | 2 2 2 | 3 3 3 3 | 4 | 5 5 | 6 | 7 | 8 8 | 9 | 10
    expect(r.ranksA).toEqual([1, 3, 3, 6.5, 6.5, 6.5, 9, 13])
    expect(r.ranksB).toEqual([3, 6.5, 10.5, 10.5, 12, 14.5, 14.5, 16, 17])
    // Ties t = 3, 4, 2, 2: Σ(t³ − t) = 24 + 60 + 6 + 6 = 96, N = 17.
    expectClose(r.variance, ((8 * 9) / 12) * (18 - 96 / (17 * 16)), 1e-12)
    expect(r.rankBiserial).toBeLessThan(0)
  })

  it('one-element group: computed as R, with a documented warning', () => {
    const r = mannWhitneyU([5], [1, 2, 3, 4, 6, 7])
    expect(r.statistic).toBe(4)
    expectClose(r.pValue, 0.8025873486341526, 1e-9)
    expectClose(r.pValueUncorrected, 0.61707507745197387, 1e-9)
    expect(r.warnings.map((w) => w.code)).toEqual(['few-observations'])
    // Exact minimum two-sided p for 1 vs 6 is 2/7.
    expect(r.warnings[0]?.message).toContain('0.286')
    const extreme = mannWhitneyU([10], [1, 2, 3, 4, 6, 7])
    expectClose(extreme.pValue, 0.21129954733371048, 1e-9)
    expectClose(extreme.pValueUncorrected, 0.13361440253771614, 1e-9)
    expect(extreme.rankBiserial).toBe(1)
  })

  it('one against one: wilcox.test(3, 4, exact = FALSE)$p.value is 1', () => {
    const r = mannWhitneyU([3], [4])
    expect(r.pValue).toBe(1)
    expect(r.rankBiserial).toBe(-1)
  })

  it('is antisymmetric in its arguments', () => {
    const a = [3.1, 4.5, 2.2, 8.0, 5.5]
    const b = [1.0, 2.2, 0.4, 3.3, 2.9, 1.7]
    const ab = mannWhitneyU(a, b)
    const ba = mannWhitneyU(b, a)
    expect(ab.statistic).toBe(ba.uB)
    expectClose(ab.pValue, ba.pValue, 1e-14)
    expectClose(ab.rankBiserial, -ba.rankBiserial, 1e-14)
  })

  it('rejects empty samples, non-finite values and all-tied data', () => {
    for (const [a, b] of [
      [[], [1, 2]],
      [[1], []],
      [[1, Number.NaN], [2]],
      [
        [1, 1],
        [1, 1, 1],
      ],
    ] as const) {
      let caught: unknown
      try {
        mannWhitneyU(a, b)
      } catch (error) {
        caught = error
      }
      expect(isStatisticsInputError(caught)).toBe(true)
    }
  })
})
