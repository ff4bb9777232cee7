import { describe, expect, it } from 'vitest'
import { isStatisticsInputError } from '../result.js'
import { expectClose } from './expect-close.js'
import { twoProportionTest } from './two-proportion-test.js'

type Counts = readonly [number, number, number, number]

describe('twoProportionTest: Newcombe (1998) Table II, method 10', () => {
  // Newcombe RG (1998) Interval estimation for the difference between independent proportions:
  // comparison of eleven methods. Stat Med 17:873–890, Table II, column 10. Published to 4 d.p.,
  // so the check is at that precision.
  const TABLE_II: ReadonlyArray<{ counts: Counts; ci: readonly [number, number] }> = [
    { counts: [56, 70, 48, 80], ci: [0.0524, 0.3339] },
    { counts: [9, 10, 3, 10], ci: [0.1705, 0.809] },
    { counts: [6, 7, 2, 7], ci: [0.0582, 0.8062] },
    { counts: [5, 56, 0, 29], ci: [-0.0381, 0.1926] },
    { counts: [0, 10, 0, 20], ci: [-0.1611, 0.2775] },
    { counts: [0, 10, 0, 10], ci: [-0.2775, 0.2775] },
    { counts: [10, 10, 0, 20], ci: [0.6791, 1] },
    { counts: [10, 10, 0, 10], ci: [0.6075, 1] },
  ]
  for (const { counts, ci } of TABLE_II) {
    it(`${counts[0]}/${counts[1]} − ${counts[2]}/${counts[3]}`, () => {
      const r = twoProportionTest(...counts)
      expect(Math.abs(r.ci.lower - ci[0])).toBeLessThan(0.00005 + 1e-12)
      expect(Math.abs(r.ci.upper - ci[1])).toBeLessThan(0.00005 + 1e-12)
    })
  }
})

describe('twoProportionTest against R prop.test', () => {
  // R 4.2: prop.test(c(x1, x2), c(n1, n2), correct = FALSE / TRUE), options(digits = 15).
  const R: ReadonlyArray<{
    counts: Counts
    plain: readonly [number, number, number, number]
    yates: readonly [number | null, number | null, number, number]
  }> = [
    {
      counts: [56, 70, 48, 80],
      plain: [7.02341137123746, 0.00804508136819656, 0.0575048991490372, 0.342495100850963],
      yates: [6.11427041029623, 0.0134094751786689, 0.04411204200618, 0.35588795799382],
    },
    {
      counts: [9, 10, 3, 10],
      plain: [7.5, 0.00616989932054415, 0.260524279777149, 0.939475720222851],
      yates: [5.20833333333333, 0.0224788733661252, 0.160524279777149, 1],
    },
    {
      counts: [10, 10, 0, 20],
      plain: [30, 4.3204630578275e-8, 1, 1],
      yates: [25.66875, 4.05337928175705e-7, 0.925, 1],
    },
    // First two groups of the prop.test help-page example (smokers/patients).
    {
      counts: [83, 86, 90, 93],
      plain: [0.00950851874818416, 0.922320095734269, -0.0554773785585338, 0.0502260657303268],
      yates: [null, null, -0.0581030349726373, 0.0528517221444303],
    },
  ]
  for (const { counts, plain, yates } of R) {
    it(`${counts.join(', ')}`, () => {
      const r = twoProportionTest(...counts)
      expectClose(r.chiSquare.statistic, plain[0])
      expectClose(r.chiSquare.pValue, plain[1])
      expectClose(r.statistic ** 2, plain[0])
      expectClose(r.pValue, plain[1])
      expectClose(r.waldCi.lower, plain[2])
      expectClose(r.waldCi.upper, plain[3])
      if (yates[0] !== null) expectClose(r.chiSquareYates.statistic, yates[0])
      if (yates[1] !== null) expectClose(r.chiSquareYates.pValue, yates[1])
      expectClose(r.waldCiCorrected.lower, yates[2])
      expectClose(r.waldCiCorrected.upper, yates[3])
    })
  }

  it('Yates at |d| ≈ 0 caps the correction: 83/86 vs 90/93 gives X² ≈ 0 and p ≈ 1 as R', () => {
    // R prints X-squared = 8.35e-30, p = 0.999999999999998: only round-off away from 0 and 1.
    const r = twoProportionTest(83, 86, 90, 93)
    expect(r.chiSquareYates.statistic).toBeLessThan(1e-20)
    expectClose(r.chiSquareYates.pValue, 1, 1e-9)
  })

  it('honours level for the Wald CI: prop.test(c(56,48), c(70,80), correct=FALSE, conf.level=0.9)', () => {
    const r = twoProportionTest(56, 70, 48, 80, { level: 0.9 })
    expectClose(r.waldCi.lower, 0.0804143416377496)
    expectClose(r.waldCi.upper, 0.319585658362251)
  })
})

describe('twoProportionTest ratio measures', () => {
  it('matches statsmodels Table2x2 for 56/70 vs 48/80', () => {
    // statsmodels 0.13.5: Table2x2(np.array([[56, 14], [48, 32]])) .oddsratio, .oddsratio_confint(),
    // .log_oddsratio_se, .riskratio, .riskratio_confint(), .log_riskratio_se
    const r = twoProportionTest(56, 70, 48, 80)
    expectClose(r.oddsRatio.estimate, 2.6666666666666665)
    expectClose(r.oddsRatio.logSe, 0.375990754698899)
    expectClose(r.oddsRatio.ci.lower, 1.2762178705364335)
    expectClose(r.oddsRatio.ci.upper, 5.5720196960743795)
    expectClose(r.riskRatio.estimate, 1.3333333333333335)
    expectClose(r.riskRatio.logSe, 0.10910894511799618)
    expectClose(r.riskRatio.ci.lower, 1.0766264227631928)
    expectClose(r.riskRatio.ci.upper, 1.6512485112663873)
    expect(r.oddsRatio.zeroCellCorrected).toBe(false)
    expect(r.warnings).toEqual([])
  })

  it('adds 0.5 to every cell when a cell is zero (5/56 vs 0/29)', () => {
    // Independent R arithmetic on the corrected cells a=5.5, b=51.5, c=0.5, d=29.5:
    // exp(log(a*d/(b*c)) ± qnorm(.975)*sqrt(1/a+1/b+1/c+1/d)) and the Katz RR analogue.
    const r = twoProportionTest(5, 56, 0, 29)
    expect(r.riskRatio.zeroCellCorrected).toBe(true)
    expect(r.oddsRatio.zeroCellCorrected).toBe(true)
    expectClose(r.riskRatio.estimate, 5.78947368421053)
    expectClose(r.riskRatio.logSe, 1.45977429379878)
    expectClose(r.riskRatio.ci.lower, 0.331189799758132)
    expectClose(r.riskRatio.ci.upper, 101.204824437964)
    expectClose(r.oddsRatio.estimate, 6.30097087378641)
    expectClose(r.oddsRatio.ci.lower, 0.336379984003089)
    expectClose(r.oddsRatio.ci.upper, 118.027932220664)
    expect(r.warnings.map((w) => w.code)).toContain('zero-count')
  })

  it('corrects only the odds ratio when the zero is a failure cell (10/10 vs 5/10)', () => {
    const r = twoProportionTest(10, 10, 5, 10)
    expect(r.riskRatio.zeroCellCorrected).toBe(false)
    expectClose(r.riskRatio.estimate, 2)
    expect(r.oddsRatio.zeroCellCorrected).toBe(true)
    expectClose(r.oddsRatio.estimate, (10.5 * 5.5) / (0.5 * 5.5))
  })
})

describe('twoProportionTest edge cases', () => {
  it('all failures: documented statistic 0, p = 1, finite everywhere', () => {
    const r = twoProportionTest(0, 10, 0, 20)
    expect(r.statistic).toBe(0)
    expect(r.pValue).toBe(1)
    expect(r.warnings.map((w) => w.code)).toEqual(['boundary', 'zero-count'])
    for (const v of [r.ci.lower, r.ci.upper, r.riskRatio.ci.upper, r.oddsRatio.ci.lower]) {
      expect(Number.isFinite(v)).toBe(true)
    }
  })

  it('warns on small expected counts', () => {
    expect(twoProportionTest(9, 10, 3, 10).warnings.map((w) => w.code)).toEqual(['small-counts'])
  })

  it('rejects bad counts', () => {
    const bad: Counts[] = [
      [11, 10, 3, 10],
      [1, 10, -3, 10],
      [1, 0, 0, 10],
      [1, 10, 0.5, 10],
    ]
    for (const args of bad) {
      expect(() => twoProportionTest(...args)).toThrow(/must be|exceeds/)
      try {
        twoProportionTest(...args)
      } catch (error) {
        expect(isStatisticsInputError(error)).toBe(true)
      }
    }
  })
})
