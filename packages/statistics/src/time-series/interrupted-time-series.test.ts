import { describe, expect, it } from 'vitest'
import { poissonRegression } from '../glm/poisson-regression.js'
import { sicilyAces, sicilyStdpop } from '../glm/sicily.fixture.js'
import { interruptedTimeSeries, interruptedTimeSeriesDesign } from './interrupted-time-series.js'

const rel = (actual: number | undefined, expected: number, tol = 1e-6) =>
  expect(Math.abs((actual as number) - expected) / Math.abs(expected)).toBeLessThan(tol)

// A simulated monthly series (AR(1) noise with ρ = 0.5, seed 7, rounded to 0.1), 24 months
// before and 24 after the intervention. References: statsmodels 0.13.5 with
//   X = add_constant([t, post, (t − 25)·post, sin(2πt/12), cos(2πt/12)])
//   OLS(y, X).fit(); OLS(y, X).fit(cov_type='HAC', cov_kwds={'maxlags': 3, 'use_correction': True})
//   statsmodels.stats.stattools.durbin_watson(resid)
// Prais-Winsten references follow the documented prais/Stata recipe in numpy: ρ = e[1:]·e[:-1] /
// e[:-1]·e[:-1], first row × √(1 − ρ²), rows t ≥ 2 quasi-differenced, OLS(ys, Xs) in
// statsmodels; iterated until |Δρ| < 1e-13 with ρ from the untransformed residuals y − Xβ.
const y = [
  51.8, 53.8, 53.7, 51.9, 51.1, 48.9, 49.3, 51.8, 49.7, 49.2, 52.2, 54.5, 56.1, 55.3, 56.7, 58.4,
  54.4, 53.4, 49.4, 48.4, 47.1, 50.4, 51.1, 55.6, 54.5, 55.6, 51.4, 52.6, 53.4, 53.2, 49.2, 48.9,
  48.0, 48.5, 53.5, 53.2, 55.4, 58.8, 57.4, 57.1, 56.6, 55.3, 51.4, 51.8, 54.7, 51.0, 54.9, 56.4,
]
const seasonality = { period: 12, harmonics: 1 }

describe('interruptedTimeSeries', () => {
  it('matches statsmodels OLS for the segmented model with Fourier terms', () => {
    const its = interruptedTimeSeries({ y, interventionIndex: 24, seasonality }, { method: 'ols' })
    rel(its.levelChange.estimate, -3.508746924437582, 1e-9)
    rel(its.levelChange.se, 0.9742351842898, 1e-9)
    rel(its.levelChange.pValue, 8.2994385983451e-4, 1e-7)
    rel(its.slopeChange.estimate, 0.105304347826089, 1e-9)
    rel(its.slopeChange.se, 0.06587230620101, 1e-9)
    rel(its.slopeChange.pValue, 1.174035150971371e-1, 1e-7)
    rel(its.regression.coefficients[4]?.estimate, 3.594199499641, 1e-9)
    rel(its.durbinWatson, 1.6357789690222513, 1e-10)
    expect(its.t0).toBe(25)
    expect(its.regression.coefficients.map((c) => c.name)).toEqual([
      '(Intercept)',
      'time',
      'post',
      'timeSinceIntervention',
      'sin1',
      'cos1',
    ])
  })

  it('gives the same level change at t₀ under the interaction parametrisation', () => {
    // statsmodels: same model with column t·post; c = e_post + 25·e_timeAfter, c'β and √(c'Vc).
    const its = interruptedTimeSeries(
      { y, interventionIndex: 24, seasonality, slopeParametrisation: 'interaction' },
      { method: 'ols' },
    )
    rel(its.levelChange.estimate, -3.5087469244375464, 1e-9)
    rel(its.levelChange.se, 0.9742351842898022, 1e-9)
    rel(its.regression.coefficients[3]?.estimate, 0.105304347826089, 1e-9)
    expect(its.regression.coefficients[3]?.name).toBe('timeAfter')
  })

  it('matches statsmodels Newey-West (lag 3, n/(n−k) correction)', () => {
    const its = interruptedTimeSeries(
      { y, interventionIndex: 24, seasonality },
      { method: 'newey-west', lag: 3 },
    )
    rel(its.levelChange.se, 0.997338531537743, 1e-9)
    rel(its.levelChange.pValue, 4.346317264449516e-4, 1e-7)
    rel(its.slopeChange.se, 0.068636210829183, 1e-9)
    rel(its.regression.coefficients[5]?.pValue, 7.473641091857202e-3, 1e-7)
  })

  it('matches the two-step Prais-Winsten recipe', () => {
    const its = interruptedTimeSeries(
      { y, interventionIndex: 24, seasonality },
      { method: 'prais-winsten' },
    )
    rel(its.rho, 0.17356721415432375, 1e-10)
    rel(its.levelChange.estimate, -3.475166135338273, 1e-9)
    rel(its.levelChange.se, 1.106794846363653, 1e-9)
    rel(its.levelChange.pValue, 3.091204849677414e-3, 1e-7)
    rel(its.levelChange.ci.lower, -5.708768557224809, 1e-8)
    rel(its.slopeChange.se, 0.077376515274997, 1e-9)
    rel(its.durbinWatsonTransformed, 1.9452935601520556, 1e-8)
  })

  it('matches the iterated Prais-Winsten recipe', () => {
    const its = interruptedTimeSeries(
      { y, interventionIndex: 24, seasonality },
      { method: 'prais-winsten-iterated' },
    )
    rel(its.rho, 0.17479486827306695, 1e-8)
    rel(its.levelChange.estimate, -3.474840525849169, 1e-8)
    rel(its.levelChange.se, 1.107939170637112, 1e-8)
    rel(its.slopeChange.estimate, 0.100558362710581, 1e-8)
    rel(its.slopeChange.pValue, 2.01428713559149e-1, 1e-7)
    rel(its.levelChange.ci.upper, -1.238928764090823, 1e-8)
    expect(its.iterations).toBeGreaterThan(2)
  })

  it('reproduces Lopez Bernal et al. (2017) Sicily RR 0.885 via the design helper + Poisson', () => {
    // R: glm(aces ~ offset(log(stdpop)) + smokban + time + harmonic(month, 2, 12),
    //        family = quasipoisson) gives exp(β_smokban) = 0.885071547243836 and
    //        exp(β ± qt(.975, 52)·se) = (0.838342407705613, 0.934405365326186).
    const design = interruptedTimeSeriesDesign({
      n: sicilyAces.length,
      interventionIndex: 36,
      slopeChange: false,
      seasonality: { period: 12, harmonics: 2 },
    })
    const fit = poissonRegression(
      {
        X: design.X,
        y: sicilyAces,
        exposure: sicilyStdpop,
        intercept: true,
        names: design.names,
      },
      { se: 'quasi' },
    )
    const ban = fit.rateRatios.find((r) => r.name === 'post')
    rel(ban?.estimate, 0.885071547243836, 1e-8)
    rel(ban?.ci.lower, 0.838342407705613, 1e-7)
    rel(ban?.ci.upper, 0.934405365326186, 1e-7)
  })

  it('warns about autocorrelation and short segments, rejects bad input', () => {
    const trending = [0, 1, 3, 4, 3, 1, 0, 1, 3, 4, 3, 1]
    const its = interruptedTimeSeries({ y: trending, interventionIndex: 6 }, { method: 'ols' })
    expect(its.warnings.map((w) => w.code)).toContain('few-observations')
    expect(its.warnings.map((w) => w.code)).toContain('autocorrelation')
    expect(() => interruptedTimeSeries({ y, interventionIndex: 1 }, { method: 'ols' })).toThrow(
      /interventionIndex/,
    )
    expect(() =>
      interruptedTimeSeries({ y: y.map(() => 3), interventionIndex: 24 }, { method: 'ols' }),
    ).toThrow(/constant/)
    expect(() =>
      interruptedTimeSeries(
        { y, interventionIndex: 24, time: y.map((_, i) => (i === 5 ? 4 : i)) },
        { method: 'ols' },
      ),
    ).toThrow(/increasing/)
    expect(() =>
      interruptedTimeSeries(
        { y, interventionIndex: 24, seasonality: { period: 12, harmonics: 6 } },
        { method: 'ols' },
      ),
    ).toThrow(/below period\/2/)
  })
})
