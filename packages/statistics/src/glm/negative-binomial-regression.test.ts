import { describe, expect, it } from 'vitest'
import { negativeBinomialRegression } from './negative-binomial-regression.js'
import { poissonRegression } from './poisson-regression.js'
import { sicilyAces, sicilyBan, sicilyMonth, sicilyStdpop, sicilyTime } from './sicily.fixture.js'

const rel = (actual: number | undefined, expected: number, tol = 1e-6) =>
  expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThan(tol)

// Simulated overdispersed counts (numpy seed 11, NB2 with θ = 2), two groups and a covariate.
// Reference: R 4.2 with MASS (Debian r-cran-mass):
//   m <- glm.nb(y ~ g + x, control = glm.control(epsilon = 1e-13, maxit = 100))
//   summary(m)$coefficients; m$theta; deviance(m)
//   th <- theta.ml(y, fitted(m), limit = 100, eps = 1e-14); attr(th, 'SE')
// glm.nb's own m$SE.theta (0.985336330218534) evaluates the information one Newton step before
// its default tolerance (1.2e-4) stops; the fully converged value is the theta.ml one.
const g = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1))
const x = [
  0.39, 1.5, 1.8, 0.09, 0.44, 2.78, 0.21, 0.39, 2.84, 1.87, 1.11, 1.53, 1.99, 0.83, 0.41, 2.36,
  2.01, 1.54, 2.45, 1.65, 2.94, 0.61, 1.66, 1.45, 1.06, 1.77, 0.71, 2.41, 2.6, 0.39, 1.4, 0.83,
  0.25, 2.69, 1.29, 0.44, 2.02, 0.61, 2.7, 0.65,
]
const y = [
  4, 3, 3, 3, 4, 10, 1, 7, 5, 1, 7, 5, 1, 5, 4, 2, 8, 4, 9, 6, 12, 1, 2, 13, 2, 22, 0, 19, 9, 5, 6,
  4, 17, 18, 3, 2, 10, 4, 2, 5,
]
const X = g.map((gi, i) => [gi, x[i] as number])

describe('negativeBinomialRegression', () => {
  it('matches MASS::glm.nb', () => {
    const nb = negativeBinomialRegression({ X, y, intercept: true, names: ['g', 'x'] })
    const expected = [
      [1.083539776477476, 0.260114052672431, 3.10489349200072e-5],
      [0.489302662817919, 0.228799637842028, 3.24709977806547e-2],
      [0.301306432054749, 0.132602179804768, 2.30709009296209e-2],
    ]
    nb.coefficients.forEach((c, j) => {
      const [est, se, p] = expected[j] as [number, number, number]
      rel(c.estimate, est, 1e-8)
      rel(c.se, se, 1e-8)
      rel(c.pValue, p, 1e-7)
    })
    rel(nb.theta.estimate, 2.91113039877713, 1e-9)
    rel(nb.theta.se, 0.985338349404701, 1e-8)
    rel(nb.alpha.estimate, 1 / 2.91113039877713, 1e-9)
    rel(nb.deviance, 41.8608133594997, 1e-9)
    // exp(β ± qnorm(.975)·se) in R
    rel(nb.rateRatios[1]?.estimate, 1.63117834195072, 1e-8)
    rel(nb.rateRatios[1]?.ci.lower, 1.04171002012244, 1e-8)
    rel(nb.rateRatios[2]?.ci.upper, 1.75277794894099, 1e-8)
    expect(nb.converged).toBe(true)
    expect(nb.warnings).toEqual([])
  })

  it('flags θ → ∞ when the counts are underdispersed and matches Poisson then', () => {
    // Nearly equal counts: no extra-Poisson variation, the NB likelihood peaks at θ = ∞.
    const Xu = [[0], [0], [0], [0], [1], [1], [1], [1]]
    const yu = [10, 10, 11, 10, 20, 21, 20, 20]
    const nb = negativeBinomialRegression({ X: Xu, y: yu, intercept: true })
    expect(nb.warnings.map((w) => w.code)).toEqual(['boundary'])
    const pois = poissonRegression({ X: Xu, y: yu, intercept: true })
    rel(nb.coefficients[1]?.estimate, pois.coefficients[1]?.estimate as number, 1e-6)
  })

  it('matches glm.nb with an offset and a large θ (Sicily data, Lopez Bernal et al. 2017)', () => {
    // R: glm.nb(aces ~ offset(log(stdpop)) + smokban + time + h, data,
    //           control = glm.control(epsilon = 1e-13, maxit = 100))
    //    with h = sin/cos(2πk·month/12), k = 1, 2; θ and its SE from
    //    theta.ml(aces, fitted(m), limit = 100, eps = 1e-14)
    const X = sicilyTime.map((t, i) => {
      const m = sicilyMonth[i] as number
      return [
        sicilyBan[i] as number,
        t,
        Math.sin((2 * Math.PI * m) / 12),
        Math.cos((2 * Math.PI * m) / 12),
        Math.sin((4 * Math.PI * m) / 12),
        Math.cos((4 * Math.PI * m) / 12),
      ]
    })
    const nb = negativeBinomialRegression({
      X,
      y: sicilyAces,
      offset: sicilyStdpop.map(Math.log),
      intercept: true,
    })
    rel(nb.coefficients[0]?.estimate, -6.25238242862795, 1e-9)
    rel(nb.coefficients[1]?.estimate, -0.1230861253600237, 1e-8)
    rel(nb.coefficients[1]?.se, 0.025429261547009731, 1e-8)
    rel(nb.coefficients[1]?.pValue, 1.29620934657802e-6, 1e-7)
    rel(nb.coefficients[2]?.se, 0.000743606216743931, 1e-8)
    rel(nb.theta.estimate, 840.013818279498, 1e-8)
    rel(nb.theta.se, 309.128282996509, 1e-7)
    rel(nb.deviance, 58.5740046446506, 1e-8)
  })

  it('rejects all-zero outcomes', () => {
    expect(() => negativeBinomialRegression({ X, y: y.map(() => 0), intercept: true })).toThrow(
      /zero/,
    )
  })
})
