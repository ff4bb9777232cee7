import { describe, expect, it } from 'vitest'
import { isStatisticsInputError } from '../result.js'
import { chiSquareTest } from './chi-square-test.js'
import { expectClose } from './expect-close.js'

describe('chiSquareTest: R ?chisq.test party identification example', () => {
  // M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477))); r <- chisq.test(M)
  // G² and V from R by formula: 2*sum(M*log(M/r$expected)); sqrt(r$statistic/(sum(M)*1)).
  const M = [
    [762, 327, 468],
    [484, 239, 477],
  ]
  const r = chiSquareTest(M)

  it('X², df and p-value', () => {
    expectClose(r.statistic, 30.0701490957547)
    expect(r.df).toBe(2)
    expectClose(r.pValue, 2.95358918321176e-7)
  })

  it('expected counts, Pearson and standardised residuals', () => {
    const expected = [
      [703.671381936888, 319.645266594124, 533.683351468988],
      [542.328618063112, 246.354733405876, 411.316648531012],
    ]
    const residuals = [
      [2.198855766015898, 0.411370170056629, -2.843239715545149],
      [-2.504669492560728, -0.468582947101273, 3.238673443536582],
    ]
    const stdres = [
      [4.50205352108671, 0.69945173298443, -5.31594554270493],
      [-4.50205352108671, -0.69945173298443, 5.31594554270493],
    ]
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        expectClose(r.expected[i]?.[j] ?? Number.NaN, expected[i]?.[j] ?? 0)
        expectClose(r.residuals[i]?.[j] ?? Number.NaN, residuals[i]?.[j] ?? 0)
        expectClose(r.stdResiduals[i]?.[j] ?? Number.NaN, stdres[i]?.[j] ?? 0)
      }
    }
  })

  it('G², Cramér V, no warnings', () => {
    expectClose(r.gSquared.statistic, 30.0166926132397)
    expectClose(r.gSquared.pValue, 3.03359791063882e-7)
    expectClose(r.cramersV, 0.104435802356468)
    expect(r.warnings).toEqual([])
    expect(r.n).toBe(2757)
  })
})

describe('chiSquareTest: 2×2 with and without Yates', () => {
  // T2 <- matrix(c(12, 5, 7, 9), 2, byrow = TRUE); chisq.test(T2, correct = TRUE / FALSE)
  const T2 = [
    [12, 5],
    [7, 9],
  ]
  it('without correction', () => {
    const r = chiSquareTest(T2)
    expectClose(r.statistic, 2.43057551968156)
    expectClose(r.pValue, 0.118989205532145)
    expectClose(r.stdResiduals[0]?.[0] ?? Number.NaN, 1.55903031390719)
    expectClose(r.gSquared.statistic, 2.46004300773072)
    expectClose(r.gSquared.pValue, 0.116775584678495)
    expect(r.yatesApplied).toBe(false)
  })
  it('with Yates (R default for 2×2)', () => {
    const r = chiSquareTest(T2, { yates: true })
    expectClose(r.statistic, 1.45599637881468)
    expectClose(r.pValue, 0.22756821457581)
    expect(r.yatesApplied).toBe(true)
    // V is defined on the uncorrected X² so that it does not depend on the test variant.
    expectClose(r.cramersV, Math.sqrt(2.43057551968156 / 33))
  })
})

describe('chiSquareTest: sparse 3×3 with zero cells', () => {
  // T3 <- matrix(c(3,0,5, 2,6,1, 4,4,0), 3, byrow = TRUE); chisq.test(T3) (R warns);
  // G² = 2*sum(ifelse(O > 0, O*log(O/E), 0)); V = sqrt(X²/(N*2)).
  const r = chiSquareTest([
    [3, 0, 5],
    [2, 6, 1],
    [4, 4, 0],
  ])
  it('matches R and treats 0·ln 0 as 0', () => {
    expectClose(r.statistic, 13.3989197530864)
    expect(r.df).toBe(4)
    expectClose(r.pValue, 0.00948247713159277)
    expectClose(r.gSquared.statistic, 16.8892266221782)
    expectClose(r.gSquared.pValue, 0.00203111829759138)
    expectClose(r.cramersV, 0.517666297011625)
  })
  it('warns like R about expected counts below 5', () => {
    expect(r.warnings.map((w) => w.code)).toEqual(['small-counts'])
    expect(r.warnings[0]?.message).toMatch(/^9 of 9/)
  })
})

describe('chiSquareTest input errors', () => {
  const bad: Array<[string, number[][], boolean?]> = [
    ['one row', [[1, 2, 3]]],
    ['one column', [[1], [2]]],
    ['ragged', [[1, 2], [3]]],
    [
      'negative',
      [
        [1, -2],
        [3, 4],
      ],
    ],
    [
      'fractional',
      [
        [1, 2.5],
        [3, 4],
      ],
    ],
    [
      'empty column',
      [
        [1, 0],
        [3, 0],
      ],
    ],
    [
      'empty row',
      [
        [0, 0],
        [3, 1],
      ],
    ],
    [
      'Yates on 2×3',
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      true,
    ],
  ]
  for (const [label, table, yates] of bad) {
    it(label, () => {
      let caught: unknown
      try {
        chiSquareTest(table, yates === undefined ? {} : { yates })
      } catch (error) {
        caught = error
      }
      expect(isStatisticsInputError(caught)).toBe(true)
    })
  }
})

describe('chiSquareTest reproduces the k-sample prop.test', () => {
  it('?prop.test smokers/patients as a 4×2 table: X² 12.6004, df 3', () => {
    // prop.test(smokers, patients): X-squared = 12.6004112971276, df = 3, p = 0.00558547666163
    const smokers = [83, 90, 129, 70]
    const patients = [86, 93, 136, 82]
    const r = chiSquareTest(smokers.map((s, i) => [s, (patients[i] ?? 0) - s]))
    expectClose(r.statistic, 12.6004112971276)
    expect(r.df).toBe(3)
    expectClose(r.pValue, 0.00558547666163)
    // Smallest expected count is 5.16 (82 × 25/397), so no warning: R prints none either.
    expect(r.warnings).toEqual([])
  })
})

describe('chiSquareTest keeps relative precision for tiny p-values', () => {
  it('4 × the party table: chisq.test(M * 4) p = 7.61e-27', () => {
    // 1 − CDF would return 0 here; reports may still quote the order of magnitude.
    const r = chiSquareTest([
      [762 * 4, 327 * 4, 468 * 4],
      [484 * 4, 239 * 4, 477 * 4],
    ])
    expectClose(r.statistic, 120.28059638301869)
    expectClose(r.pValue, 7.610275087114218e-27)
  })
})
