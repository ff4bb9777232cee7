import { describe, expect, it } from 'vitest'
import { isStatisticsInputError } from '../result.js'
import { linearRegression } from './linear-regression.js'

const rel = (actual: number, expected: number, tol = 1e-6) =>
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300)).toBeLessThan(tol)

// Reference data and values: statsmodels 0.13.5 (Debian python3-statsmodels), script
//   X = sm.add_constant(np.column_stack([t, x2])); m = sm.OLS(y, X)
//   m.fit(); m.fit(cov_type='HAC', cov_kwds={'maxlags': 3, 'use_correction': True|False})
//   m.fit(cov_type='cluster', cov_kwds={'groups': np.repeat([1, 2, 3, 4, 5], 4)})
// The robust SEs agree to 1e-12 with R 4.2: m <- lm(y ~ t + x2);
//   sandwich::NeweyWest(m, lag = 3, prewhite = FALSE, adjust = TRUE|FALSE);
//   sandwich::vcovCL(m, cluster = ceiling(t / 4), type = 'HC1')
const t = Array.from({ length: 20 }, (_, i) => i + 1)
const x2 = [
  0.5, 1.2, -0.3, 2.2, 1.1, 0.0, -1.4, 0.8, 1.9, 2.5, -0.7, 0.3, 1.6, -1.1, 0.9, 2.0, -0.2, 1.3,
  0.4, -0.9,
]
const y = [
  3.1, 4.0, 3.2, 6.8, 5.9, 5.1, 4.0, 7.2, 8.8, 9.9, 6.1, 7.9, 9.8, 7.0, 10.1, 12.3, 8.9, 11.8, 10.7,
  9.6,
]
const X = t.map((ti, i) => [ti, x2[i] as number])
const clusters = t.map((ti) => Math.ceil(ti / 4))

describe('linearRegression', () => {
  it('matches statsmodels OLS with classical SEs (t with n−k df)', () => {
    const fit = linearRegression({ X, y, intercept: true, names: ['t', 'x2'] })
    const expected = {
      est: [2.270351426641978, 0.433930998275926, 1.294831556133561],
      se: [0.159356719177751, 0.01256617905309, 0.065032444533102],
      p: [6.990720225500915e-11, 3.466923187323619e-17, 3.22014114132156e-13],
      lo: [1.934138138088373, 0.407418677955875, 1.15762509159305],
      hi: [2.606564715195584, 0.460443318595976, 1.432038020674073],
    }
    fit.coefficients.forEach((c, j) => {
      rel(c.estimate, expected.est[j] as number, 1e-9)
      rel(c.se, expected.se[j] as number, 1e-9)
      rel(c.pValue, expected.p[j] as number, 1e-6)
      rel(c.ci.lower, expected.lo[j] as number, 1e-9)
      rel(c.ci.upper, expected.hi[j] as number, 1e-9)
    })
    expect(fit.coefficients.map((c) => c.name)).toEqual(['(Intercept)', 't', 'x2'])
    rel(fit.rSquared, 0.9883545025720223, 1e-10)
    rel(fit.adjustedRSquared, 0.9869844440510838, 1e-10)
    expect(fit.dfResidual).toBe(17)
    rel((fit.fitted[0] as number) + (fit.residuals[0] as number), 3.1, 1e-12)
  })

  it('matches statsmodels HAC with and without the n/(n−k) correction', () => {
    const withFactor = linearRegression(
      { X, y, intercept: true },
      { se: { type: 'newey-west', lag: 3, smallSampleFactor: true } },
    )
    ;[0.243103605869834, 0.016737361874979, 0.068410406333261].forEach((se, j) => {
      rel(withFactor.coefficients[j]?.se as number, se, 1e-9)
    })
    rel(withFactor.coefficients[0]?.pValue as number, 9.722235146830195e-21, 1e-6)
    rel(withFactor.coefficients[0]?.ci.lower as number, 1.793877114625283, 1e-9)
    const without = linearRegression(
      { X, y, intercept: true },
      { se: { type: 'newey-west', lag: 3, smallSampleFactor: false } },
    )
    ;[0.224130450204515, 0.015431085190417, 0.063071278253097].forEach((se, j) => {
      rel(without.coefficients[j]?.se as number, se, 1e-9)
    })
    rel(without.coefficients[2]?.ci.upper as number, 1.418448989968536, 1e-9)
    expect(without.inference).toEqual({ distribution: 'normal' })
  })

  it('matches statsmodels cluster-robust (CR1) SEs and warns about 5 clusters', () => {
    const fit = linearRegression({ X, y, intercept: true }, { se: { type: 'cluster', clusters } })
    ;[0.291424352510905, 0.022146295253545, 0.070084552071669].forEach((se, j) => {
      rel(fit.coefficients[j]?.se as number, se, 1e-9)
    })
    rel(fit.coefficients[1]?.ci.upper as number, 0.477336939363864, 1e-9)
    rel(fit.coefficients[2]?.pValue as number, 3.265432472430198e-76, 1e-6)
    expect(fit.clusterCount).toBe(5)
    expect(fit.warnings.map((w) => w.code)).toEqual(['few-clusters'])
  })

  it('names the collinear column of a singular design', () => {
    const Xs = X.map(([a, b]) => [a as number, b as number, 2 * (a as number) - (b as number)])
    try {
      linearRegression({ X: Xs, y, intercept: true, names: ['t', 'x2', 'combo'] })
      expect.unreachable()
    } catch (error) {
      expect(isStatisticsInputError(error)).toBe(true)
      expect((error as Error).message).toContain("'combo'")
    }
  })

  it('rejects a constant response, too few rows and a bad lag', () => {
    expect(() => linearRegression({ X, y: y.map(() => 1), intercept: true })).toThrow(/constant/)
    expect(() => linearRegression({ X: [[1], [2]], y: [1, 2], intercept: true })).toThrow(
      /more observations/,
    )
    expect(() =>
      linearRegression(
        { X, y, intercept: true },
        { se: { type: 'newey-west', lag: 20, smallSampleFactor: true } },
      ),
    ).toThrow(/lag/)
    expect(() => linearRegression({ X, y: [...y, 1], intercept: true })).toThrow(/length|rows/)
  })

  it('stays accurate with a large trend offset where normal equations lose digits', () => {
    // y = 5 + 0.001·t ± 0.01 alternating, t = 1e6 + i, i = 0..49. The exact OLS slope is
    // 0.001 + Σ(i − ī)eᵢ / Σ(i − ī)² = 0.001 − 0.25 / 10412.5 (closed form, 25 pairs each −0.01).
    const tt = Array.from({ length: 50 }, (_, i) => 1e6 + i)
    const yy = tt.map((v, i) => 5 + 0.001 * v + (i % 2 === 0 ? 0.01 : -0.01))
    const fit = linearRegression({ X: tt.map((v) => [v]), y: yy, intercept: true })
    rel(fit.coefficients[1]?.estimate as number, 0.001 - 0.25 / 10412.5, 1e-7)
  })
})

describe('linearRegression edge cases', () => {
  it('refuses an exact fit instead of returning zero SEs and NaN p-values', () => {
    expect(() =>
      linearRegression({ X: [[1], [2], [3], [4]], y: [3, 5, 7, 9], intercept: true }),
    ).toThrow(/residuals are all zero/)
  })
})
