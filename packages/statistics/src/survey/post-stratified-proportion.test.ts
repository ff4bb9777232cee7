import { describe, expect, it } from 'vitest'
import { wilsonInterval } from '../proportions/binomial-intervals.js'
import { expectClose } from '../proportions/expect-close.js'
import { isStatisticsInputError } from '../result.js'
import {
  type PostStratifiedProportionInput,
  postStratifiedProportion,
  type SurveyResponse,
} from './post-stratified-proportion.js'

// 25 respondents in three post-strata (A: 10, B: 8, C: 7) with population shares 0.5/0.3/0.2.
const Y = [1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0] as const
const STRATA = [...Array(10).fill('A'), ...Array(8).fill('B'), ...Array(7).fill('C')] as string[]
const SHARES = { A: 0.5, B: 0.3, C: 0.2 }
const responses: SurveyResponse[] = Y.map((y, i) => ({ y, stratum: STRATA[i] as string }))

describe('postStratifiedProportion with population shares', () => {
  const r = postStratifiedProportion({ responses, populationShares: SHARES })

  it('estimate and SE match R survey 4.1.1', () => {
    // d <- svydesign(ids = ~1, data = data.frame(y, s)); pop <- data.frame(s = c('A','B','C'),
    // Freq = c(.5, .3, .2) * 1000); m <- svymean(~y, postStratify(d, ~s, pop)); coef(m); SE(m)
    // (same SE for Freq totals of 1, 1000 and 1e6: no fpc enters).
    expectClose(r.estimate, 0.453571428571429)
    expectClose(r.se, 0.0957921113597615)
  })

  it('weights are population share / sample share, as weights(ps)/mean(weights(ps)) in R', () => {
    expect(r.strata.map((s) => s.stratum)).toEqual(['A', 'B', 'C'])
    expectClose(r.strata[0]?.weight ?? Number.NaN, 1.25, 1e-12)
    expectClose(r.strata[1]?.weight ?? Number.NaN, 0.9375, 1e-12)
    expectClose(r.strata[2]?.weight ?? Number.NaN, 0.714285714285714)
    expect(r.weights[0]).toBe(r.strata[0]?.weight)
    expect(r.weights[24]).toBe(r.strata[2]?.weight)
  })

  it('Kish effective n, design effect and Wilson interval on n_eff', () => {
    // R: w as above; neff <- sum(w)^2/sum(w^2); Wilson formula with m = neff.
    expectClose(r.effectiveN, 23.8297872340426)
    expectClose(r.designEffect, 1.04910714285714)
    expectClose(r.ci.lower, 0.274413736753838)
    expectClose(r.ci.upper, 0.645620006827144)
    const r90 = postStratifiedProportion({ responses, populationShares: SHARES, level: 0.9 })
    expectClose(r90.ci.lower, 0.299268707575927)
    expectClose(r90.ci.upper, 0.617341867831902)
  })

  it('Wald interval matches R confint(svymean(~y, ps))', () => {
    expectClose(r.waldCi.lower, 0.265822340303246)
    expectClose(r.waldCi.upper, 0.641320516839611)
  })

  it('shares equal to the sample shares reduce to the unweighted Wilson interval', () => {
    const self = postStratifiedProportion({
      responses,
      populationShares: { A: 10 / 25, B: 8 / 25, C: 7 / 25 },
    })
    const plain = wilsonInterval(11, 25)
    expectClose(self.estimate, 11 / 25, 1e-12)
    expectClose(self.effectiveN, 25, 1e-12)
    expectClose(self.ci.lower, plain.ci.lower, 1e-12)
    expectClose(self.ci.upper, plain.ci.upper, 1e-12)
  })

  it('warns about thin post-strata and a boundary estimate', () => {
    const thin = postStratifiedProportion({
      responses: [
        { y: 0, stratum: 'x' },
        { y: 0, stratum: 'x' },
        { y: 0, stratum: 'y' },
      ],
      populationShares: { x: 0.4, y: 0.6 },
    })
    expect(thin.warnings.map((w) => w.code)).toEqual(['few-observations', 'boundary'])
    expect(thin.se).toBe(0)
    expect(thin.ci.lower).toBe(0)
    expect(thin.ci.upper).toBeGreaterThan(0)
  })
})

describe('postStratifiedProportion with respondent weights', () => {
  const WT = [
    1.2, 0.8, 1, 1, 2.5, 0.5, 1, 1.1, 0.9, 1, 3, 1, 1, 0.7, 1, 1, 2, 1, 0.6, 1, 1, 1.4, 1, 1, 1,
  ]
  const r = postStratifiedProportion({
    responses: Y.map((y, i) => ({ y, weight: WT[i] as number })),
  })
  it('matches R svymean(~y, svydesign(ids = ~1, weights = ~wt))', () => {
    expectClose(r.estimate, 0.536585365853659)
    expectClose(r.se, 0.110448831101155)
    expect(r.strata).toEqual([])
  })
  it('Kish n_eff = sum(wt)^2/sum(wt^2) and the Wilson interval on it', () => {
    expectClose(r.effectiveN, 20.3833209601584)
    expectClose(r.ci.lower, 0.332125055755985)
    expectClose(r.ci.upper, 0.729442583775613)
  })
  it('weights are rescaled to mean 1 without changing the estimate', () => {
    const doubled = postStratifiedProportion({
      responses: Y.map((y, i) => ({ y, weight: 2 * (WT[i] as number) })),
    })
    expectClose(doubled.estimate, r.estimate, 1e-12)
    expectClose(doubled.se, r.se, 1e-12)
    expectClose(
      r.weights.reduce((a, b) => a + b, 0),
      25,
      1e-12,
    )
  })
})

describe('postStratifiedProportion input errors', () => {
  const cases: Array<[string, PostStratifiedProportionInput]> = [
    ['one response', { responses: [{ y: 1, stratum: 'A' }], populationShares: { A: 1 } }],
    [
      'y not 0/1',
      {
        responses: [
          { y: 2 as 1, weight: 1 },
          { y: 0, weight: 1 },
        ],
      },
    ],
    ['missing weight', { responses: [{ y: 1 }, { y: 0, weight: 1 }] }],
    [
      'zero weight',
      {
        responses: [
          { y: 1, weight: 0 },
          { y: 0, weight: 1 },
        ],
      },
    ],
    ['shares not summing to 1', { responses, populationShares: { A: 0.5, B: 0.3, C: 0.1 } }],
    ['stratum without share', { responses, populationShares: { A: 0.5, B: 0.5 } }],
    [
      'share without respondents',
      { responses, populationShares: { A: 0.5, B: 0.2, C: 0.2, D: 0.1 } },
    ],
    [
      'both shares and weights',
      {
        responses: [
          { y: 1, stratum: 'A', weight: 2 },
          { y: 0, stratum: 'A' },
        ],
        populationShares: { A: 1 },
      },
    ],
    [
      'missing stratum',
      { responses: [{ y: 1 }, { y: 0, stratum: 'A' }], populationShares: { A: 1 } },
    ],
    ['bad level', { responses, populationShares: SHARES, level: 95 }],
  ]
  for (const [label, input] of cases) {
    it(label, () => {
      let caught: unknown
      try {
        postStratifiedProportion(input)
      } catch (error) {
        caught = error
      }
      expect(isStatisticsInputError(caught)).toBe(true)
    })
  }
})
