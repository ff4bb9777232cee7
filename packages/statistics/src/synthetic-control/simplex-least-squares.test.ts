import { describe, expect, it } from 'vitest'
import { projectOntoSimplex, simplexLeastSquares } from './simplex-least-squares.js'

describe('projectOntoSimplex', () => {
  it('leaves points of the simplex alone and clips the rest exactly', () => {
    expect(projectOntoSimplex([0.2, 0.3, 0.5])).toEqual([0.2, 0.3, 0.5])
    expect(projectOntoSimplex([2, 0, 0])).toEqual([1, 0, 0])
    const p = projectOntoSimplex([0.5, 0.5, 0.5, -1])
    for (const v of p.slice(0, 3)) expect(Math.abs(v - 1 / 3)).toBeLessThan(1e-15)
    expect(p[3]).toBe(0)
  })
})

/**
 * Independent optimality check, not the solver's own gap: with ν the mean gradient over the
 * support, KKT needs g_j = ν on the support and g_j ≥ ν off it. Returns the worst violation
 * relative to the data scale.
 */
function kktViolation(cols: number[][], y: number[], w: readonly number[]): number {
  const r = y.map(
    (v, t) => v - cols.reduce((s, x, j) => s + (w[j] as number) * (x[t] as number), 0),
  )
  const g = cols.map((x) => -2 * x.reduce((s, v, t) => s + v * (r[t] as number), 0))
  const support = w.flatMap((wj, j) => (wj > 0 ? [j] : []))
  const nu = support.reduce((s, j) => s + (g[j] as number), 0) / support.length
  const scale = Math.max(
    y.reduce((s, v) => s + v * v, 0),
    ...cols.map((x) => x.reduce((s, v) => s + v * v, 0)),
  )
  let worst = 0
  g.forEach((gj, j) => {
    const violation = (w[j] as number) > 0 ? Math.abs(gj - nu) : Math.max(nu - gj, 0)
    worst = Math.max(worst, violation / scale)
  })
  return worst
}

describe('simplexLeastSquares on random problems', () => {
  // Seeded Park–Miller generator so the problems are the same on every run.
  let seed = 12345
  const rnd = () => {
    seed = (seed * 16807) % 2147483647
    return seed / 2147483647
  }
  // Shapes a solver meets in practice and the ones that break naive ones: more donors than
  // pre-periods (weights not unique), duplicated donors (singular subproblems), the treated
  // series inside the donor hull (f* = 0, degenerate multipliers), and data scaled by 1e±6.
  const problems = Array.from({ length: 120 }, (_, trial) => {
    const J = 2 + Math.floor(rnd() * 30)
    const T = 2 + Math.floor(rnd() * 40)
    const scale = [1e-6, 1, 1e6][trial % 3] as number
    const cols = Array.from({ length: J }, () =>
      Array.from({ length: T }, () => scale * (50 + 30 * rnd())),
    )
    if (trial % 5 === 0 && J > 2) cols[1] = [...(cols[0] as number[])]
    const y =
      trial % 2 === 0
        ? Array.from({ length: T }, (_, t) =>
            cols.reduce((s, c, j) => s + (j < 3 ? (c[t] as number) / Math.min(3, J) : 0), 0),
          )
        : Array.from({ length: T }, () => scale * (50 + 40 * rnd()))
    return { J, T, scale, cols, y }
  })

  it('every problem converges to a feasible point that satisfies KKT', () => {
    for (const { cols, y } of problems) {
      const s = simplexLeastSquares(cols, y)
      expect(s.converged).toBe(true)
      expect(s.gap).toBeLessThanOrEqual(s.tolerance)
      expect(Math.abs(s.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12)
      for (const w of s.weights) expect(w).toBeGreaterThanOrEqual(0)
      expect(kktViolation(cols, y, s.weights)).toBeLessThan(1e-12)
    }
  })

  it('reaches zero error when the treated series is an exact convex combination', () => {
    for (const [trial, { cols, y }] of problems.entries()) {
      if (trial % 2 !== 0) continue
      const s = simplexLeastSquares(cols, y)
      const norm = y.reduce((a, v) => a + v * v, 0)
      expect(s.objective / norm).toBeLessThan(1e-20)
    }
  })
})
