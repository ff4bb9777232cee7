import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { adjustPValues } from '../multiple-testing/adjust-p-values.js'
import { mannWhitneyU } from '../nonparametric/mann-whitney-u.js'
import {
  agrestiCoullInterval,
  clopperPearsonInterval,
  wilsonInterval,
} from './binomial-intervals.js'
import { chiSquareTest } from './chi-square-test.js'
import { twoProportionTest } from './two-proportion-test.js'

// Invariants that must hold for every input, not just the reference cases: they catch sign
// slips and index mix-ups that a handful of worked examples can miss.
const binomial = fc
  .integer({ min: 1, max: 500 })
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)))

describe('interval properties', () => {
  it('one-sample intervals lie in [0, 1] and contain x/n', () => {
    fc.assert(
      fc.property(binomial, ([x, n]) => {
        for (const r of [
          wilsonInterval(x, n),
          wilsonInterval(x, n, { correct: true }),
          agrestiCoullInterval(x, n),
          clopperPearsonInterval(x, n),
        ]) {
          expect(r.ci.lower).toBeGreaterThanOrEqual(0)
          expect(r.ci.upper).toBeLessThanOrEqual(1)
          expect(r.ci.lower).toBeLessThanOrEqual(r.estimate + 1e-12)
          expect(r.ci.upper).toBeGreaterThanOrEqual(r.estimate - 1e-12)
        }
      }),
    )
  })

  it('two-sample results are finite, Newcombe contains p1 − p2, swapping groups mirrors them', () => {
    fc.assert(
      fc.property(binomial, binomial, ([x1, n1], [x2, n2]) => {
        const r = twoProportionTest(x1, n1, x2, n2)
        const s = twoProportionTest(x2, n2, x1, n1)
        expect(r.ci.lower).toBeLessThanOrEqual(r.estimate + 1e-12)
        expect(r.ci.upper).toBeGreaterThanOrEqual(r.estimate - 1e-12)
        expect(r.ci.lower).toBeGreaterThanOrEqual(-1 - 1e-12)
        expect(r.ci.upper).toBeLessThanOrEqual(1 + 1e-12)
        expect(s.ci.lower).toBeCloseTo(-r.ci.upper, 12)
        expect(s.pValue).toBeCloseTo(r.pValue, 12)
        expect(s.oddsRatio.estimate * r.oddsRatio.estimate).toBeCloseTo(1, 9)
        for (const v of [
          r.pValue,
          r.chiSquareYates.pValue,
          r.riskRatio.ci.upper,
          r.oddsRatio.ci.lower,
        ]) {
          expect(Number.isFinite(v)).toBe(true)
        }
      }),
    )
  })
})

describe('chi-square properties', () => {
  it('transposing the table changes nothing', () => {
    const cell = fc.integer({ min: 1, max: 200 })
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 4 }),
        (t) => {
          const transposed = [0, 1, 2].map((j) => t.map((row) => row[j] as number))
          const a = chiSquareTest(t)
          const b = chiSquareTest(transposed)
          expect(b.statistic).toBeCloseTo(a.statistic, 9)
          expect(b.gSquared.statistic).toBeCloseTo(a.gSquared.statistic, 9)
          expect(b.cramersV).toBeCloseTo(a.cramersV, 12)
          expect(a.pValue).toBeGreaterThanOrEqual(0)
          expect(a.pValue).toBeLessThanOrEqual(1)
        },
      ),
    )
  })
})

describe('Mann–Whitney properties', () => {
  it('U_a + U_b = n_a·n_b, p in [0, 1], rank-biserial in [−1, 1]', () => {
    const sample = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 30 })
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        fc.pre(new Set([...a, ...b]).size > 1)
        const r = mannWhitneyU(a, b)
        expect(r.statistic + r.uB).toBe(a.length * b.length)
        expect(r.pValue).toBeGreaterThanOrEqual(0)
        expect(r.pValue).toBeLessThanOrEqual(1)
        expect(r.pValue).toBeGreaterThanOrEqual(r.pValueUncorrected - 1e-12)
        expect(Math.abs(r.rankBiserial)).toBeLessThanOrEqual(1)
      }),
    )
  })
})

describe('p-value adjustment properties', () => {
  it('adjusted ≥ raw, BH ≤ BY, Holm ≤ Bonferroni, order of raw p preserved by BH', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }), (p) => {
        const bh = adjustPValues(p, 'BH')
        const by = adjustPValues(p, 'BY')
        const holm = adjustPValues(p, 'holm')
        const bonf = adjustPValues(p, 'bonferroni')
        p.forEach((v, i) => {
          expect(bh[i]).toBeGreaterThanOrEqual(v)
          expect(by[i]).toBeGreaterThanOrEqual((bh[i] as number) - 1e-15)
          expect(holm[i]).toBeLessThanOrEqual((bonf[i] as number) + 1e-15)
          for (const [j, w] of p.entries()) {
            if (v < w) expect(bh[i]).toBeLessThanOrEqual(bh[j] as number)
          }
        })
      }),
    )
  })
})
