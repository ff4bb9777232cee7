import { describe, expect, it } from 'vitest'
import { StatisticsInputError } from '../result.js'
import { simplexLeastSquares } from './simplex-least-squares.js'
import { syntheticControl } from './synthetic-control.js'

const rel = (actual: number | null | undefined, expected: number, tol = 1e-9) => {
  if (actual === null || actual === undefined) throw new Error('expected a number')
  expect(Math.abs(actual / expected - 1)).toBeLessThan(tol)
}

// Crime counts generated once in R 4.2.2 and pasted here; 16 periods, the first 12 before the
// intervention, then a drop of 12 in the treated unit:
//   set.seed(20261124); T <- 16; T0 <- 12; J <- 7; base <- 40 + 3*sin((1:T)/2)
//   donors <- sapply(1:J, function(j) rpois(T, base*(0.6 + 0.15*j) + (1:T)*(j %% 3)))
//   treated <- round(donors %*% c(0.3, 0, 0.25, 0, 0.45, 0, 0)*1.05 + rnorm(T, 0, 1.5))
//   treated[(T0+1):T] <- treated[(T0+1):T] - 12
// Reference fits use quadprog::solve.QP as quoted in each test (with k = 1 donor, w = 1).
const treated = [47, 54, 60, 40, 52, 55, 59, 51, 42, 59, 61, 60, 47, 52, 57, 61]
const donors = [
  [29, 38, 27, 22, 34, 40, 36, 34, 23, 33, 42, 42, 38, 46, 54, 47],
  [41, 34, 41, 43, 48, 49, 64, 58, 53, 65, 53, 49, 58, 74, 55, 89],
  [44, 47, 56, 41, 36, 40, 34, 40, 36, 32, 35, 34, 43, 51, 62, 57],
  [69, 59, 55, 53, 55, 63, 59, 61, 45, 54, 66, 46, 63, 60, 79, 83],
  [52, 62, 79, 55, 66, 68, 76, 66, 53, 81, 79, 77, 71, 77, 75, 95],
  [57, 50, 55, 52, 66, 66, 52, 48, 45, 54, 50, 63, 59, 86, 67, 63],
  [64, 55, 77, 68, 69, 70, 83, 66, 67, 77, 65, 64, 74, 91, 86, 74],
]
const T0 = 12

/** KKT for min ‖y − Xw‖² on the simplex: g_j ≥ ν for all j, g_j = ν where w_j > 0, ν = min g. */
function kktViolation(cols: number[][], y: number[], w: readonly number[]): number {
  const r = y.map(
    (v, t) => v - cols.reduce((s, x, j) => s + (w[j] as number) * (x[t] as number), 0),
  )
  const g = cols.map((x) => -2 * x.reduce((s, v, t) => s + v * (r[t] as number), 0))
  const nu = Math.min(...g)
  const scale = Math.max(...cols.map((x) => x.reduce((s, v) => s + v * v, 0)))
  let worst = 0
  g.forEach((gj, j) => {
    if ((w[j] as number) > 1e-12) worst = Math.max(worst, Math.abs(gj - nu) / scale)
  })
  return worst
}

describe('syntheticControl weights', () => {
  it('recovers an exact convex combination of donors', () => {
    // treated = 0.2·d1 + 0.5·d3 + 0.3·d4 in every period; the 7 donors are affinely independent
    // over 12 pre-periods, so these weights are the unique minimiser with zero error.
    const truth = [0.2, 0, 0.5, 0.3, 0, 0, 0]
    const y = treated.map((_, t) =>
      donors.reduce((s, d, j) => s + (truth[j] as number) * (d[t] as number), 0),
    )
    const r = syntheticControl({ treated: y, donors, preperiods: T0 }, { placebo: false })
    for (const [j, w] of r.weights.entries()) {
      expect(Math.abs(w - (truth[j] as number))).toBeLessThan(1e-10)
    }
    expect(r.preRmspe).toBe(0)
    expect(r.optimisation.converged).toBe(true)
    expect(Math.abs(r.estimate)).toBeLessThan(1e-9)
  })

  it('matches R quadprog::solve.QP on a noisy case (treated outside the donor hull)', () => {
    // R 4.2.2, quadprog 1.5-8: D = 2·crossprod(Xpre); d = 2·crossprod(Xpre, ypre);
    // solve.QP(D, d, cbind(rep(1, J), diag(J)), c(1, rep(0, J)), meq = 1)$solution
    const qp = [
      3.0133402412396904e-1, 0, 1.2815105122554335e-1, 4.6887795568408948e-2, 5.2362712908207876e-1,
      0, 0,
    ]
    const r = syntheticControl({ treated, donors, preperiods: T0 })
    r.weights.forEach((w, j) => {
      const q = qp[j] as number
      if (q === 0) expect(w).toBeLessThan(1e-12)
      else rel(w, q, 1e-8)
    })
    // pre, post RMSPE, ratio, ATT and SSE from the same R fit (g <- y - X %*% w)
    rel(r.preRmspe, 1.3897253500138205)
    rel(r.postRmspe, 11.593246578734957)
    rel(r.rmspeRatio, 8.342113482077352)
    rel(r.estimate, -11.479854289768152)
    rel(r.optimisation.objective, 23.176038581652428)
    expect(
      kktViolation(
        donors.map((d) => d.slice(0, T0)),
        treated.slice(0, T0),
        r.weights,
      ),
    ).toBeLessThan(1e-12)
  })

  it('satisfies KKT when donors outnumber pre-periods (weights not unique)', () => {
    const pre = 4
    const sol = simplexLeastSquares(
      donors.map((d) => d.slice(0, pre)),
      treated.slice(0, pre),
    )
    expect(sol.converged).toBe(true)
    expect(sol.gap).toBeLessThanOrEqual(sol.tolerance)
    expect(Math.abs(sol.weights.reduce((s, w) => s + w, 0) - 1)).toBeLessThan(1e-14)
    for (const w of sol.weights) expect(w).toBeGreaterThanOrEqual(0)
    expect(
      kktViolation(
        donors.map((d) => d.slice(0, pre)),
        treated.slice(0, pre),
        sol.weights,
      ),
    ).toBeLessThan(1e-12)
  })
})

describe('syntheticControl placebo inference', () => {
  it('matches the RMSPE ratios and rank of an R/quadprog placebo loop', () => {
    // R: for each donor j, fit donors[, j] from donors[, -j] with solve.QP as above and take
    // sqrt(mean(post gaps^2)) / sqrt(mean(pre gaps^2)); rank = 1 + sum(ratios >= treated ratio).
    const ratios = [
      0.8085095315353878, 2.28884228408449, 0.1747886748502236, 1.5661150099186818,
      1.5249179720915778, 1.3580158001610316, 1.6351921511210934,
    ]
    const r = syntheticControl({ treated, donors, preperiods: T0 })
    const placebos = r.placebos
    if (placebos === null) throw new Error('expected placebos')
    placebos.forEach((p, j) => {
      expect(p.donor).toBe(j)
      rel(p.rmspeRatio, ratios[j] as number, 1e-7)
    })
    // placebo weights are indexed like the donors, with 0 for the unit itself
    for (const [j, p] of placebos.entries()) {
      expect(p.weights).toHaveLength(donors.length)
      expect(p.weights[j]).toBe(0)
      const synthetic = donors[j]?.map((_, t) =>
        donors.reduce((s, d, k) => s + (p.weights[k] as number) * (d[t] as number), 0),
      )
      synthetic?.forEach((v, t) => {
        expect(Math.abs(v - (p.synthetic[t] as number))).toBeLessThan(1e-9)
      })
    }
    expect(r.rank).toBe(1)
    expect(r.pValue).toBe(0.125)
    expect(r.smallestAttainablePValue).toBe(0.125)
    // 7 donors cannot give p < 0.05
    expect(r.warnings.map((w) => w.code)).toEqual(['smallest-placebo-p'])
  })

  it('a treated unit with no effect ranks in the middle, not first', () => {
    const noEffect = treated.map((v, t) => (t >= T0 ? v + 12 : v))
    const r = syntheticControl({ treated: noEffect, donors, preperiods: T0 })
    expect(r.rank).toBeGreaterThan(1)
    expect(r.pValue).toBe((r.rank ?? 0) / 8)
  })
})

describe('syntheticControl edge cases', () => {
  it('one donor: weight 1, no placebo p-value, a warning', () => {
    const r = syntheticControl({ treated: [5, 6, 7, 4], donors: [[4, 6, 6, 8]], preperiods: 3 })
    expect(r.weights).toEqual([1])
    expect(r.gaps).toEqual([1, 0, 1, -4])
    expect(r.estimate).toBe(-4)
    expect(r.pValue).toBeNull()
    expect(r.placebos).toBeNull()
    expect(r.warnings.map((w) => w.code)).toContain('smallest-placebo-p')
  })

  it('constant series inside the donor range: exact fit, ratio 0 (no effect), p = 1', () => {
    const r = syntheticControl({
      treated: [5, 5, 5, 5, 5],
      donors: [
        [3, 3, 3, 3, 3],
        [8, 8, 8, 8, 8],
        [5, 5, 5, 5, 5],
      ],
      preperiods: 3,
    })
    expect(r.preRmspe).toBe(0)
    expect(r.postRmspe).toBe(0)
    expect(r.rmspeRatio).toBe(0)
    expect(Math.abs(r.estimate)).toBeLessThan(1e-12)
    expect(r.pValue).toBe(1)
    expect(Number.isNaN(r.rmspeRatio)).toBe(false)
  })

  it('constant treated above every donor: best donor gets all weight, poor-pre-fit warning', () => {
    const r = syntheticControl({
      treated: [10, 10, 10, 10],
      donors: [
        [3, 3, 3, 3],
        [5, 5, 5, 5],
      ],
      preperiods: 2,
    })
    expect(r.weights).toEqual([0, 1])
    expect(r.preRmspe).toBe(5)
    expect(r.rmspeRatio).toBe(1)
    expect(r.warnings.map((w) => w.code)).toContain('poor-pre-fit')
  })

  it('rejects bad input', () => {
    expect(() => syntheticControl({ treated: [1, 2], donors: [], preperiods: 1 })).toThrow(
      StatisticsInputError,
    )
    expect(() => syntheticControl({ treated: [1, 2], donors: [[1]], preperiods: 1 })).toThrow(
      /periods/,
    )
    expect(() => syntheticControl({ treated: [1, 2], donors: [[1, 2]], preperiods: 2 })).toThrow(
      /preperiods/,
    )
    expect(() =>
      syntheticControl({ treated: [1, Number.NaN], donors: [[1, 2]], preperiods: 1 }),
    ).toThrow(StatisticsInputError)
  })
})
