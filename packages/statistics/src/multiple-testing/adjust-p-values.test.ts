import { describe, expect, it } from 'vitest'
import { expectClose } from '../proportions/expect-close.js'
import { isStatisticsInputError } from '../result.js'
import { adjustPValues, type PAdjustMethod } from './adjust-p-values.js'

// Benjamini & Hochberg (1995) J R Stat Soc B 57:289–300, section 4: the 15 p-values of the
// myocardial-infarction trial example. In the paper BH at q = 0.05 rejects the four smallest.
const BH1995 = [
  0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719,
  0.6528, 0.759, 1,
]

// R 4.2.2: sprintf('%.17g', p.adjust(p, method)).
const R_BH1995: Record<PAdjustMethod, number[]> = {
  BH: [
    0.0015, 0.0030000000000000001, 0.0094999999999999998, 0.035624999999999997,
    0.060299999999999999, 0.063857142857142862, 0.063857142857142862, 0.064500000000000002,
    0.076500000000000012, 0.48599999999999999, 0.58118181818181813, 0.71487499999999993,
    0.75323076923076926, 0.81321428571428567, 1,
  ],
  BY: [
    0.0049773434898434899, 0.0099546869796869799, 0.031523175435675434, 0.11821190788378289,
    0.20008920829170829, 0.21189262285333715, 0.21189262285333715, 0.21402577006327006,
    0.25384451798201801, 1, 1, 1, 1, 1, 1,
  ],
  holm: [
    0.0015, 0.0055999999999999999, 0.0247, 0.11399999999999999, 0.22109999999999999,
    0.27799999999999997, 0.27799999999999997, 0.27799999999999997, 0.32130000000000003, 1, 1, 1, 1,
    1, 1,
  ],
  bonferroni: [
    0.0015, 0.0060000000000000001, 0.028500000000000001, 0.14249999999999999, 0.30149999999999999,
    0.41699999999999998, 0.44700000000000001, 0.51600000000000001, 0.6885, 1, 1, 1, 1, 1, 1,
  ],
}

// Unsorted input with ties: q <- c(0.04, 0.01, 0.03, 0.04, 0.2, 0.005); p.adjust(q, method)
const UNSORTED = [0.04, 0.01, 0.03, 0.04, 0.2, 0.005]
const R_UNSORTED: Record<PAdjustMethod, number[]> = {
  BH: [0.048, 0.03, 0.048, 0.048, 0.2, 0.03],
  BY: [0.1176, 0.0735, 0.1176, 0.1176, 0.49, 0.0735],
  holm: [0.12, 0.05, 0.12, 0.12, 0.2, 0.03],
  bonferroni: [0.24, 0.06, 0.18, 0.24, 1, 0.03],
}

const METHODS: PAdjustMethod[] = ['BH', 'BY', 'holm', 'bonferroni']

describe('adjustPValues', () => {
  for (const method of METHODS) {
    it(`${method}: Benjamini & Hochberg (1995) p-values match R p.adjust`, () => {
      const adjusted = adjustPValues(BH1995, method)
      expect(adjusted).toHaveLength(15)
      for (const [i, v] of adjusted.entries()) {
        expectClose(v, R_BH1995[method][i] ?? Number.NaN, 1e-12)
      }
    })
    it(`${method}: unsorted input with ties keeps the input order`, () => {
      const adjusted = adjustPValues(UNSORTED, method)
      for (const [i, v] of adjusted.entries()) {
        expectClose(v, R_UNSORTED[method][i] ?? Number.NaN, 1e-12)
      }
    })
  }

  it('BH at FDR 0.05 rejects the four hypotheses the 1995 paper rejects', () => {
    const rejected = adjustPValues(BH1995, 'BH').filter((v) => v <= 0.05)
    expect(rejected).toHaveLength(4)
  })

  it('empty input gives empty output', () => {
    expect(adjustPValues([], 'holm')).toEqual([])
  })

  it('refuses values that are not p-values and unknown methods', () => {
    for (const [p, method] of [
      [[0.1, 1.2], 'BH'],
      [[-0.1], 'holm'],
      [[Number.NaN], 'BY'],
      [[0.1], 'hochberg'],
    ] as const) {
      let caught: unknown
      try {
        adjustPValues(p, method as PAdjustMethod)
      } catch (error) {
        caught = error
      }
      expect(isStatisticsInputError(caught)).toBe(true)
    }
  })
})
