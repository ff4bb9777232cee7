import { describe, expect, it } from 'vitest'
import { poissonRegression } from './poisson-regression.js'
import { sicilyAces, sicilyBan, sicilyMonth, sicilyStdpop, sicilyTime } from './sicily.fixture.js'

const rel = (actual: number | undefined, expected: number, tol = 1e-6) =>
  expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThan(tol)

const offset = sicilyStdpop.map(Math.log)
const harmonics = (m: number) => [
  Math.sin((2 * Math.PI * m) / 12),
  Math.cos((2 * Math.PI * m) / 12),
  Math.sin((4 * Math.PI * m) / 12),
  Math.cos((4 * Math.PI * m) / 12),
]

describe('poissonRegression', () => {
  it('reproduces the Sicily smoking-ban rate ratio of Lopez Bernal et al. (2017), model 3', () => {
    // R 4.2 (Debian r-base-core), tutorial's model3 with tsModel::harmonic(month, 2, 12) written
    // out as sin/cos(2πk·month/12):
    //   glm(aces ~ offset(log(stdpop)) + smokban + time + h, family = quasipoisson, data,
    //       control = glm.control(epsilon = 1e-14, maxit = 100))
    // The paper reports RR 0.885; its printed CI (0.834–0.939) does not come from this call,
    // which gives the values below (exp(β ± qt(.975, 52)·se)).
    const X = sicilyTime.map((t, i) => [
      sicilyBan[i] as number,
      t,
      ...harmonics(sicilyMonth[i] as number),
    ])
    const fit = poissonRegression(
      {
        X,
        y: sicilyAces,
        offset,
        intercept: true,
        names: ['smokban', 'time', 's1', 'c1', 's2', 'c2'],
      },
      { se: 'quasi' },
    )
    const expected = [
      [-6.252372322669962, 0.017568902664051519, 9.67782922172588e-90],
      [-0.1220867928986183, 0.02703109876567146, 3.6422598738104e-5],
      [0.00538921954052073, 0.000795536972450238, 1.13343218564302e-8],
      [0.03709672670412003, 0.010024067682079375, 5.19875263704047e-4],
      [0.03816077550583351, 0.009684811461837854, 2.4388272922316e-4],
      [-0.01821220232503487, 0.009643501142718404, 6.45364134813328e-2],
      [0.01476338825505753, 0.009722092061432734, 1.3493525569242e-1],
    ]
    fit.coefficients.forEach((c, j) => {
      const [est, se, p] = expected[j] as [number, number, number]
      rel(c.estimate, est, 1e-8)
      rel(c.se, se, 1e-7)
      rel(c.pValue, p, 1e-6)
    })
    rel(fit.dispersion, 2.26218264050476, 1e-8)
    const ban = fit.rateRatios[1]
    rel(ban?.estimate, 0.885071547243836, 1e-8)
    rel(ban?.ci.lower, 0.838342407705613, 1e-7)
    rel(ban?.ci.upper, 0.934405365326186, 1e-7)
    expect(fit.inference).toEqual({ distribution: 't', df: 52 })
    expect(fit.warnings).toEqual([])
  })

  it('matches glm(family = poisson) with model SEs and flags overdispersion', () => {
    // R: glm(aces ~ offset(log(stdpop)) + smokban + time, family = poisson, data,
    //        control = glm.control(epsilon = 1e-14)); deviance(m1); sum(residuals(m1, 'pearson')^2)
    const fit = poissonRegression({
      X: sicilyTime.map((t, i) => [sicilyBan[i] as number, t]),
      y: sicilyAces,
      exposure: sicilyStdpop,
      intercept: true,
    })
    const expected = [
      [-6.24315091046742, 0.011189363456229638],
      [-0.1116284425630999, 0.017224781632160006],
      [0.00494499203225465, 0.000499230009961368],
    ]
    fit.coefficients.forEach((c, j) => {
      rel(c.estimate, expected[j]?.[0] as number, 1e-8)
      rel(c.se, expected[j]?.[1] as number, 1e-7)
    })
    rel(fit.coefficients[1]?.pValue, 9.13050622812e-11, 1e-5)
    rel(fit.deviance, 197.309612511853, 1e-9)
    rel(fit.pearsonChiSquare, 199.314458770599, 1e-9)
    expect(fit.converged).toBe(true)
    expect(fit.warnings.map((w) => w.code)).toEqual(['overdispersion'])
  })

  it('matches statsmodels GLM cluster-robust SEs (HC1 factor) with clusters = year', () => {
    // statsmodels 0.13.5: sm.GLM(aces, add_constant([smokban, time]), family=Poisson(),
    //   offset=log(stdpop)).fit(cov_type='cluster', cov_kwds={'groups': year}, tol=1e-14)
    // R agrees to 1e-12: sandwich::vcovCL(glm(aces ~ offset(log(stdpop)) + smokban + time,
    //   family = poisson), cluster = ~year, type = 'HC1')
    const year = sicilyTime.map((t) => 2002 + Math.floor((t - 1) / 12))
    const fit = poissonRegression(
      {
        X: sicilyTime.map((t, i) => [sicilyBan[i] as number, t]),
        y: sicilyAces,
        offset,
        intercept: true,
      },
      { se: { type: 'cluster', clusters: year } },
    )
    ;[0.008297693318028, 0.021971541699926, 0.000450519582985].forEach((se, j) => {
      rel(fit.coefficients[j]?.se, se, 1e-8)
    })
    rel(fit.coefficients[1]?.pValue, 3.762601345008473e-7, 1e-6)
    rel(fit.coefficients[1]?.ci.lower, -1.546918729797754e-1, 1e-8)
    rel(fit.coefficients[2]?.ci.upper, 5.827994189234901e-3, 1e-8)
    expect(fit.clusterCount).toBe(5)
    expect(fit.warnings.map((w) => w.code)).toContain('few-clusters')
  })

  it('gives the closed-form rate ratio for a single binary covariate', () => {
    // With one 0/1 column and an intercept the MLE is the ratio of rates, and the model SE of
    // log RR is √(1/a + 1/b) (Poisson likelihood theory).
    const fit = poissonRegression({
      X: [[0], [0], [1], [1]],
      y: [10, 12, 5, 7],
      exposure: [100, 120, 50, 70],
      intercept: true,
    })
    rel(fit.rateRatios[1]?.estimate, 12 / 120 / (22 / 220), 1e-10)
    rel(fit.coefficients[1]?.se, Math.sqrt(1 / 22 + 1 / 12), 1e-9)
  })

  it('rejects all-zero outcomes, negative counts and separation', () => {
    const X = [[0], [0], [1], [1]]
    expect(() => poissonRegression({ X, y: [0, 0, 0, 0], intercept: true })).toThrow(/zero/)
    expect(() => poissonRegression({ X, y: [1, -1, 2, 3], intercept: true })).toThrow(/negative/)
    // All counts in the x = 1 group are zero: β₁ → −∞.
    expect(() =>
      poissonRegression({ X: [[0], [0], [0], [1], [1]], y: [3, 4, 5, 0, 0], intercept: true }),
    ).toThrow(/separat/)
    // Large counts elsewhere must not hide it (deviance-based stopping leaves μ ≈ 1e-12·deviance).
    expect(() =>
      poissonRegression({
        X: [
          [0, 0],
          [0, 1],
          [0, 0],
          [1, 1],
          [1, 0],
        ],
        y: [3000, 4000, 5000, 0, 0],
        intercept: true,
      }),
    ).toThrow(/separat/)
    // A tiny exposure with a zero count is not separation: its rate is ordinary.
    const tiny = poissonRegression({
      X: [[0], [0], [1], [1], [1]],
      y: [3, 4, 5, 6, 0],
      exposure: [1, 1, 1, 1, 1e-12],
      intercept: true,
    })
    expect(tiny.converged).toBe(true)
    expect(() =>
      poissonRegression({ X, y: [1, 2, 3, 4], offset: [0, 0, 0, 0], exposure: [1, 1, 1, 1] }),
    ).toThrow(/either/)
  })
})
