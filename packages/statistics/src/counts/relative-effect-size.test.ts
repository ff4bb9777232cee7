import { describe, expect, it } from 'vitest'
import { isStatisticsInputError, StatisticsInputError } from '../result.js'
import { relativeEffectSize } from './relative-effect-size.js'

const rel = (actual: number, expected: number, tol = 1e-9) =>
  expect(Math.abs(actual / expected - 1)).toBeLessThan(tol)

// RES is the odds ratio of the table [[a, b], [c, d]] and var(log RES) is Woolf's variance, so
// statsmodels 0.13.5 Table2x2 is an independent implementation of the same documented formula:
//   t = sm.stats.Table2x2(np.array([[a, b], [c, d]], dtype=float))
//   t.oddsratio, t.log_oddsratio_se, t.oddsratio_confint(alpha=0.05), t.log_oddsratio_pvalue()
describe('relativeEffectSize agrees with statsmodels Table2x2 (Woolf log odds ratio)', () => {
  const cases = [
    {
      x: [120, 80, 100, 100],
      or: 1.5,
      se: 0.20207259421636903,
      lo: 1.0094545153883725,
      hi: 2.2289265793559276,
      p: 0.044799527909293216,
    },
    {
      x: [45, 30, 210, 190],
      or: 1.3571428571428572,
      se: 0.2560871301182415,
      lo: 0.8215685480968535,
      hi: 2.241853998623068,
      p: 0.23306869854803547,
    },
    {
      x: [3, 7, 40, 35],
      or: 0.375,
      se: 0.7278474460777511,
      lo: 0.09005055595209945,
      hi: 1.5616227852585662,
      p: 0.17779501382070373,
    },
  ] as const
  for (const c of cases) {
    it(`a, b, c, d = ${c.x.join(', ')}`, () => {
      const [a, b, cc, d] = c.x
      const r = relativeEffectSize({ a, b, c: cc, d })
      rel(r.estimate, c.or)
      rel(r.se, c.se)
      rel(r.ci.lower, c.lo)
      rel(r.ci.upper, c.hi)
      rel(r.pValue, c.p)
      rel(r.statistic, Math.log(c.or) / c.se)
    })
  }

  it('90 % interval: Table2x2(...).oddsratio_confint(alpha=0.10) for 45, 30, 210, 190', () => {
    const r = relativeEffectSize({ a: 45, b: 30, c: 210, d: 190 }, { level: 0.9 })
    rel(r.ci.lower, 0.890613974385217)
    rel(r.ci.upper, 2.068052812628819)
    expect(r.ci.level).toBe(0.9)
  })
})

describe('relativeEffectSize orientation and percent change', () => {
  it('RES > 1 when crime fell in the treated area relative to control', () => {
    // treated 120 → 80, control flat at 100: RES = 1.5, i.e. treated is at 2/3 of its expected count
    const r = relativeEffectSize({ a: 120, b: 80, c: 100, d: 100 })
    expect(r.estimate).toBeGreaterThan(1)
    rel(r.percentChange, (1 / 1.5 - 1) * 100)
    expect(r.percentChange).toBeLessThan(0)
  })

  it('swapping before and after inverts RES', () => {
    const up = relativeEffectSize({ a: 45, b: 30, c: 210, d: 190 })
    const down = relativeEffectSize({ a: 30, b: 45, c: 190, d: 210 })
    rel(up.estimate * down.estimate, 1)
    rel(up.se, down.se)
  })

  it('variance inflation scales the SE by its square root', () => {
    const base = relativeEffectSize({ a: 45, b: 30, c: 210, d: 190 })
    const inflated = relativeEffectSize({ a: 45, b: 30, c: 210, d: 190 }, { varianceInflation: 2 })
    rel(inflated.se, base.se * Math.SQRT2)
    rel(inflated.estimate, base.estimate)
  })
})

describe('relativeEffectSize small and zero counts', () => {
  it("warns 'small-counts' when a cell is below 5", () => {
    const r = relativeEffectSize({ a: 3, b: 7, c: 40, d: 35 })
    expect(r.warnings.map((w) => w.code)).toEqual(['small-counts'])
  })

  it('throws a zero-count error rather than returning NaN or Infinity', () => {
    let caught: unknown
    try {
      relativeEffectSize({ a: 0, b: 9, c: 20, d: 12 })
    } catch (error) {
      caught = error
    }
    expect(isStatisticsInputError(caught)).toBe(true)
    expect((caught as StatisticsInputError).code).toBe('zero-count')
    expect((caught as StatisticsInputError).message).toMatch(/zeroCorrection/)
  })

  it('with zeroCorrection 0.5 matches Table2x2 on the corrected table [[0.5, 9.5], [20.5, 12.5]]', () => {
    const r = relativeEffectSize({ a: 0, b: 9, c: 20, d: 12 }, { zeroCorrection: 0.5 })
    rel(r.estimate, 0.03209242618741977)
    rel(r.se, 1.494671751823662)
    rel(r.ci.lower, 0.0017144927352930998)
    rel(r.ci.upper, 0.6007163503197439)
    rel(r.pValue, 0.021395582507736842)
    expect(r.warnings.map((w) => w.code)).toEqual(['zero-count', 'small-counts'])
  })

  it('rejects negative and fractional counts', () => {
    expect(() => relativeEffectSize({ a: -1, b: 9, c: 20, d: 12 })).toThrow(StatisticsInputError)
    expect(() => relativeEffectSize({ a: 1.5, b: 9, c: 20, d: 12 })).toThrow(StatisticsInputError)
  })
})
