import { describe, expect, it } from 'vitest'
import { isStatisticsInputError } from '../result.js'
import { poissonRateRatioTest } from './poisson-rate-ratio.js'

const rel = (actual: number, expected: number, tol = 1e-9) => {
  if (expected === 0) expect(Math.abs(actual)).toBeLessThan(tol)
  else expect(Math.abs(actual / expected - 1)).toBeLessThan(tol)
}

// Every reference below is R 4.2.2 output, printed with options(digits = 17), from the call quoted
// in the test name's comment: r <- poisson.test(x, T, ...); r$estimate, r$conf.int, r$p.value.
describe('poissonRateRatioTest agrees with R poisson.test', () => {
  it("reproduces the ?poisson.test help-page example (Doll's smoking data)", () => {
    // poisson.test(c(11, 6+8+7), c(800, 1083+1050+878))
    const r = poissonRateRatioTest({ x1: 11, t1: 800, x2: 6 + 8 + 7, t2: 1083 + 1050 + 878 })
    rel(r.estimate, 1.9714880952380953)
    rel(r.ci.lower, 0.85842640339163923)
    rel(r.ci.upper, 4.2772659436540712)
    rel(r.pValue, 0.079668633033329522)
    rel(r.expectedCount1, 6.7173970086591446)
    expect(r.statistic).toBe(11)
    expect(r.ci.level).toBe(0.95)
    expect(r.warnings).toEqual([])
  })

  const cases = [
    // poisson.test(c(2, 10), c(100, 120))
    {
      x: [2, 100, 10, 120],
      o: {},
      est: 0.24,
      lo: 0.025568453054944831,
      hi: 1.1262023862829533,
      p: 0.077583158668541985,
    },
    // poisson.test(c(30, 12), c(1000, 900), r = 2, alternative = "greater", conf.level = 0.9)
    {
      x: [30, 1000, 12, 900],
      o: { ratio: 2, alternative: 'greater', level: 0.9 },
      est: 2.25,
      lo: 1.386925702316798,
      hi: Number.POSITIVE_INFINITY,
      p: 0.43756411027420783,
    },
    // poisson.test(c(8, 20), c(500, 600), alternative = "less")
    {
      x: [8, 500, 20, 600],
      o: { alternative: 'less' },
      est: 0.48,
      lo: 0,
      hi: 1.0088505162490662,
      p: 0.052420636825794127,
    },
    // poisson.test(c(410, 380), c(10000, 9000))
    {
      x: [410, 10000, 380, 9000],
      o: {},
      est: 0.97105263157894739,
      lo: 0.84249046835291119,
      hi: 1.1194522843790802,
      p: 0.69517879949997408,
    },
    // poisson.test(c(3, 7), c(1, 1)): π0 = 0.5, so P(3) = P(7) exactly; relErr must count both tails
    {
      x: [3, 1, 7, 1],
      o: {},
      est: 0.42857142857142855,
      lo: 0.071512200481086349,
      hi: 1.8773074392140194,
      p: 0.34375000000000011,
    },
    // poisson.test(c(2, 60), c(1, 1)): tiny p-value must keep relative precision
    {
      x: [2, 1, 60, 1],
      o: {},
      est: 0.033333333333333333,
      lo: 0.0039462690229747424,
      hi: 0.12577004382368726,
      p: 8.474124180146678e-16,
    },
  ] as const

  for (const c of cases) {
    it(`matches R for x = (${c.x[0]}, ${c.x[2]}), T = (${c.x[1]}, ${c.x[3]}), ${JSON.stringify(c.o)}`, () => {
      const [x1, t1, x2, t2] = c.x
      const r = poissonRateRatioTest({ x1, t1, x2, t2 }, c.o)
      rel(r.estimate, c.est)
      if (c.lo === 0) expect(r.ci.lower).toBe(0)
      else rel(r.ci.lower, c.lo)
      if (c.hi === Number.POSITIVE_INFINITY) expect(r.ci.upper).toBe(Number.POSITIVE_INFINITY)
      else rel(r.ci.upper, c.hi)
      rel(r.pValue, c.p, 1e-8)
    })
  }

  it('uses the conditional null π0 = ratio·t1/(ratio·t1 + t2) for the expected count', () => {
    // R prints n·r·t1/(t1 + r·t2) = 30 here, which is not the null used by its own test when
    // r ≠ 1; we report n·π0 = 42·2000/2900 instead (documented).
    const r = poissonRateRatioTest({ x1: 30, t1: 1000, x2: 12, t2: 900 }, { ratio: 2 })
    rel(r.expectedCount1, (42 * 2000) / 2900)
  })
})

describe('poissonRateRatioTest zero counts', () => {
  it('x1 = 0: estimate 0, exact lower bound 0, no Wald part, warning', () => {
    // poisson.test(c(0, 7), c(50, 60))
    const r = poissonRateRatioTest({ x1: 0, t1: 50, x2: 7, t2: 60 })
    expect(r.estimate).toBe(0)
    expect(r.ci.lower).toBe(0)
    rel(r.ci.upper, 0.8325767761157431)
    rel(r.pValue, 0.018374190897180502)
    expect(r.wald).toBeNull()
    expect(r.warnings.map((w) => w.code)).toEqual(['zero-count'])
  })

  it('x2 = 0: estimate and exact upper bound are Infinity, not NaN', () => {
    // poisson.test(c(5, 0), c(10, 10))
    const r = poissonRateRatioTest({ x1: 5, t1: 10, x2: 0, t2: 10 })
    expect(r.estimate).toBe(Number.POSITIVE_INFINITY)
    rel(r.ci.lower, 0.9163558573154601)
    expect(r.ci.upper).toBe(Number.POSITIVE_INFINITY)
    rel(r.pValue, 0.0625)
    expect(r.wald).toBeNull()
  })

  it('both zero throws: the ratio is not identified', () => {
    expect(() => poissonRateRatioTest({ x1: 0, t1: 1, x2: 0, t2: 1 })).toThrowError(
      /not identified/,
    )
  })
})

describe('poissonRateRatioTest Wald interval', () => {
  it('matches the log-scale formula evaluated in R', () => {
    // R: rr <- (11/800)/(21/3011); se <- sqrt(1/11 + 1/21); exp(log(rr) + c(-1, 1)*qnorm(0.975)*se);
    //    2*pnorm(-abs(log(rr)/se))
    const r = poissonRateRatioTest({ x1: 11, t1: 800, x2: 21, t2: 3011 })
    const w = r.wald
    if (w === null) throw new Error('expected a Wald part')
    rel(w.se, 0.37219368415938836)
    rel(w.ci.lower, 0.95056609694730787)
    rel(w.ci.upper, 4.0888953668215935)
    rel(w.statistic, 1.8237510865393123)
    rel(w.pValue, 0.068189711698096664)
  })

  it('large counts: same R formula for (410, 10000) vs (380, 9000)', () => {
    const w = poissonRateRatioTest({ x1: 410, t1: 10000, x2: 380, t2: 9000 }).wald
    if (w === null) throw new Error('expected a Wald part')
    rel(w.ci.lower, 0.84455952865380579)
    rel(w.ci.upper, 1.1164911191037212)
    rel(w.pValue, 0.67996023057910504)
  })

  it('warns that Wald is unreliable when a count is below 5', () => {
    const r = poissonRateRatioTest({ x1: 2, t1: 100, x2: 10, t2: 120 })
    expect(r.warnings.map((w) => w.code)).toEqual(['small-counts'])
  })
})

describe('poissonRateRatioTest input errors', () => {
  const bad = [
    [{ x1: -1, t1: 1, x2: 2, t2: 1 }, {}],
    [{ x1: 1.5, t1: 1, x2: 2, t2: 1 }, {}],
    [{ x1: 1, t1: 0, x2: 2, t2: 1 }, {}],
    [{ x1: 1, t1: 1, x2: 2, t2: Number.NaN }, {}],
    [{ x1: 1, t1: 1, x2: 2, t2: 1 }, { ratio: 0 }],
    [{ x1: 1, t1: 1, x2: 2, t2: 1 }, { level: 1 }],
  ] as const
  for (const [input, options] of bad) {
    it(`rejects ${JSON.stringify(input)} ${JSON.stringify(options)}`, () => {
      let caught: unknown
      try {
        poissonRateRatioTest(input, options)
      } catch (error) {
        caught = error
      }
      expect(isStatisticsInputError(caught)).toBe(true)
    })
  }
})
