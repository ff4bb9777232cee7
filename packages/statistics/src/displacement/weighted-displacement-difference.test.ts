import { describe, expect, it } from 'vitest'
import { StatisticsInputError } from '../result.js'
import { weightedDisplacementDifference } from './weighted-displacement-difference.js'

const rel = (actual: number | null, expected: number, tol = 1e-9) => {
  if (actual === null) throw new Error('expected a number')
  expect(Math.abs(actual / expected - 1)).toBeLessThan(tol)
}

// Wheeler & Ratcliffe (2018), "A simple weighted displacement difference test to evaluate place
// based crime interventions", Crime Science 7:11, worked example: treated 207 → 110, control
// 308 → 318, displacement area 178 → 157, displacement control 150 → 140. The paper reports
// WDD = −118, variance 1568, z = −2.98, 95 % CI (−196, −40); the same numbers are asserted in
// the authors' R package (apwheele/ptools, tests/testthat/test-wdd.R, "Est & Variance Paper").
const paper = {
  treatment: { before: 207, after: 110 },
  control: { before: 308, after: 318 },
  displacementArea: { before: 178, after: 157 },
  displacementControl: { before: 150, after: 140 },
}

describe('weightedDisplacementDifference reproduces Wheeler & Ratcliffe (2018)', () => {
  it('total estimate, variance, z and rounded CI as published', () => {
    const r = weightedDisplacementDifference(paper)
    expect(r.estimate).toBe(-118)
    rel(r.se, Math.sqrt(1568))
    expect(Math.round((r.statistic ?? 0) * 100) / 100).toBe(-2.98)
    expect(Math.round(r.ci.lower)).toBe(-196)
    expect(Math.round(r.ci.upper)).toBe(-40)
    expect(r.warnings).toEqual([])
  })

  it('full precision against R: e <- -118; v <- 1568; e + c(-1, 1)*qnorm(0.975)*sqrt(v); 2*pnorm(-abs(e/sqrt(v)))', () => {
    const r = weightedDisplacementDifference(paper)
    rel(r.statistic, -2.9799500064290219)
    rel(r.ci.lower, -195.61061416358194)
    rel(r.ci.upper, -40.389385836418057)
    rel(r.pValue, 2.8829543049806376e-3)
  })

  it('local part ΔT − ΔCt = −107 with variance 943 (R: 90 % CI via qnorm(0.95))', () => {
    const r = weightedDisplacementDifference(paper, { level: 0.9 })
    expect(r.local.estimate).toBe(-107)
    rel(r.local.se, 30.708305065568176)
    rel(r.local.statistic, -3.484399408288223)
    rel(r.local.ci.lower, -157.51066696463207)
    rel(r.local.ci.upper, -56.489333035367942)
    rel(r.local.pValue, 4.9324282945921037e-4)
  })

  it('displacement part ΔD − ΔCd = −11 with variance 625 (R: 2*pnorm(-0.44))', () => {
    const d = weightedDisplacementDifference(paper).displacement
    if (d === null) throw new Error('expected a displacement part')
    expect(d.estimate).toBe(-11)
    expect(d.se).toBe(25)
    rel(d.pValue, 0.65993710732118738)
  })
})

describe('weightedDisplacementDifference without displacement areas', () => {
  it('equals the local estimate (ptools test "Local -10": wdd(c(20,20), c(20,10)))', () => {
    const r = weightedDisplacementDifference({
      treatment: { before: 20, after: 10 },
      control: { before: 20, after: 20 },
    })
    expect(r.estimate).toBe(-10)
    expect(r.local.estimate).toBe(-10)
    rel(r.se, Math.sqrt(70))
    expect(r.displacement).toBeNull()
  })

  it('warns on small counts and reports no z when the displacement areas are empty', () => {
    const r = weightedDisplacementDifference({
      treatment: { before: 4, after: 1 },
      control: { before: 6, after: 7 },
      displacementArea: { before: 0, after: 0 },
      displacementControl: { before: 0, after: 0 },
    })
    expect(r.warnings.map((w) => w.code)).toEqual(['small-counts'])
    expect(r.displacement?.statistic).toBeNull()
    expect(r.displacement?.pValue).toBeNull()
    expect(r.estimate).toBe(-4)
  })
})

// Wheeler's weighted extensions, with the values the authors assert in apwheele/ptools
// tests/testthat/test-wdd.R and on the blog posts they cite:
// https://andrewpwheeler.com/2021/01/09/the-wdd-test-with-different-pre-post-time-periods/
// https://andrewpwheeler.com/2021/02/23/the-wdd-test-with-different-area-sizes/
// Full-precision values from R: e <- sum(±count/weight); v <- sum(count/weight^2);
// c(e, sqrt(v), e/sqrt(v), e + c(-1, 1)*qnorm(0.975)*sqrt(v)).
describe('weightedDisplacementDifference with time and area weights', () => {
  it('two-year before period, one-year after: WDD −20, SE sqrt(115)', () => {
    // ptools::wdd(control = c(100, 50), treated = c(80, 20), time_weights = c(2, 1))
    const r = weightedDisplacementDifference(
      { treatment: { before: 80, after: 20 }, control: { before: 100, after: 50 } },
      { timeWeights: { before: 2, after: 1 } },
    )
    expect(r.estimate).toBe(-20)
    rel(r.se, Math.sqrt(115))
    rel(r.statistic, -1.8650096164806276)
    expect(r.method).toMatch(/weight/)
  })

  it('different area sizes: blog values −99.69444444, 35.4280755, −2.813995483, (−169.1321965, −30.25669241)', () => {
    // ptools::wdd(c(308, 318), c(207, 110), c(150, 140), c(178, 157),
    //             area_weights = c(0.9, 1.2, 1.6, 1.5), alpha = 0.05)
    const r = weightedDisplacementDifference(paper, {
      areaWeights: {
        control: 0.9,
        treatment: 1.2,
        displacementControl: 1.6,
        displacementArea: 1.5,
      },
    })
    rel(r.estimate, -99.694444444444414)
    rel(r.se, 35.42807550447268)
    rel(r.statistic, -2.813995483098096)
    rel(r.ci.lower, -169.13219647477655)
    rel(r.ci.upper, -30.256692414112266)
    // and to the blog's printed digits
    expect(Math.abs(r.estimate - -99.69444444)).toBeLessThan(1e-8)
    expect(Math.abs(r.ci.lower - -169.1321965)).toBeLessThan(1e-7)
  })

  it('rejects non-positive weights', () => {
    expect(() =>
      weightedDisplacementDifference(
        { treatment: { before: 80, after: 20 }, control: { before: 100, after: 50 } },
        { timeWeights: { before: 0, after: 1 } },
      ),
    ).toThrow(StatisticsInputError)
    expect(() =>
      weightedDisplacementDifference(paper, { areaWeights: { displacementArea: -1 } }),
    ).toThrow(/displacementArea/)
  })
})

describe('weightedDisplacementDifference input errors', () => {
  it('rejects only one displacement area', () => {
    expect(() =>
      weightedDisplacementDifference({
        treatment: { before: 4, after: 1 },
        control: { before: 6, after: 7 },
        displacementArea: { before: 3, after: 3 },
      }),
    ).toThrow(/together/)
  })

  it('rejects all-zero treated and control counts instead of returning NaN', () => {
    expect(() =>
      weightedDisplacementDifference({
        treatment: { before: 0, after: 0 },
        control: { before: 0, after: 0 },
      }),
    ).toThrow(StatisticsInputError)
  })

  it('rejects fractional and negative counts', () => {
    expect(() =>
      weightedDisplacementDifference({
        treatment: { before: 2.5, after: 1 },
        control: { before: 6, after: 7 },
      }),
    ).toThrow(StatisticsInputError)
    expect(() =>
      weightedDisplacementDifference({
        treatment: { before: 2, after: 1 },
        control: { before: -6, after: 7 },
      }),
    ).toThrow(StatisticsInputError)
  })
})
