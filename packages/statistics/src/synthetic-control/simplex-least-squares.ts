/**
 * Least squares over the probability simplex: minimise ‖y − Xw‖² subject to w ≥ 0, Σw = 1.
 *
 * Accelerated projected gradient (FISTA with O'Donoghue–Candès adaptive restart and the exact
 * sort-based simplex projection) finds the active set. Once its support holds still, an
 * active-set refinement (Lawson–Hanson's loop with the sum constraint) solves the problem exactly
 * from there; each equality-constrained subproblem is solved by SVD, so collinear donors do not
 * break it. The Frank-Wolfe gap gᵀw − min_j g_j, an upper bound on f(w) − f*, decides
 * convergence, so the returned weights carry a certificate of optimality instead of an
 * iteration count.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix'

export interface SimplexLeastSquaresResult {
  readonly weights: readonly number[]
  /** ‖y − Xw‖². */
  readonly objective: number
  /** Frank-Wolfe duality gap at the returned weights (≥ f(w) − f*). */
  readonly gap: number
  /** Gap tolerance used: 1e-13 · max(‖y‖², max_j ‖x_j‖²). */
  readonly tolerance: number
  readonly iterations: number
  readonly converged: boolean
}

export interface SimplexLeastSquaresOptions {
  readonly maxIterations?: number
}

/** Euclidean projection onto {w ≥ 0, Σw = 1} (Held, Wolfe & Crowder; Duchi et al. 2008). */
export function projectOntoSimplex(v: readonly number[]): number[] {
  const u = [...v].sort((a, b) => b - a)
  let cumulative = 0
  let theta = 0
  for (let j = 0; j < u.length; j++) {
    cumulative += u[j] as number
    const candidate = (cumulative - 1) / (j + 1)
    if ((u[j] as number) - candidate > 0) theta = candidate
  }
  return v.map((x) => Math.max(x - theta, 0))
}

/** `columns[j][t]`: value of donor j in period t. */
export function simplexLeastSquares(
  columns: readonly (readonly number[])[],
  y: readonly number[],
  options: SimplexLeastSquaresOptions = {},
): SimplexLeastSquaresResult {
  const J = columns.length
  const T = y.length
  const maxIterations = options.maxIterations ?? 50_000
  const col = (j: number) => columns[j] as readonly number[]

  const residual = (w: readonly number[]): number[] => {
    const r = [...y]
    for (let j = 0; j < J; j++) {
      const wj = w[j] as number
      if (wj === 0) continue
      const x = col(j)
      for (let t = 0; t < T; t++) r[t] = (r[t] as number) - wj * (x[t] as number)
    }
    return r
  }
  const sumSq = (r: readonly number[]) => r.reduce((s, v) => s + v * v, 0)
  // ∇f = −2Xᵀr, computed from the residual rather than a Gram matrix to keep precision near f*.
  const gradient = (r: readonly number[]): number[] => {
    const g = new Array<number>(J)
    for (let j = 0; j < J; j++) {
      const x = col(j)
      let s = 0
      for (let t = 0; t < T; t++) s += (x[t] as number) * (r[t] as number)
      g[j] = -2 * s
    }
    return g
  }
  const fwGap = (w: readonly number[], g: readonly number[]) => {
    let dot = 0
    let min = Number.POSITIVE_INFINITY
    for (let j = 0; j < J; j++) {
      dot += (g[j] as number) * (w[j] as number)
      min = Math.min(min, g[j] as number)
    }
    return Math.max(dot - min, 0)
  }

  const scale = Math.max(sumSq(y), ...columns.map((x) => sumSq(x)), Number.MIN_VALUE)
  // ~100× the rounding error of the gap itself; only reachable once polishing found the optimum.
  const tolerance = 1e-13 * scale
  const finish = (w: number[], iterations: number): SimplexLeastSquaresResult => {
    const r = residual(w)
    const gap = fwGap(w, gradient(r))
    return {
      weights: w,
      objective: sumSq(r),
      gap,
      tolerance,
      iterations,
      converged: gap <= tolerance,
    }
  }
  if (J === 1) return finish([1], 0)

  // Minimiser of ‖y − X_S v‖² with Σ v = 1 on the affine hull of a support S (min-norm via SVD,
  // so collinear donors are fine); entries outside S are 0 and entries inside may be negative.
  const affineSolve = (support: readonly number[]): number[] | null => {
    const v = new Array<number>(J).fill(0)
    const last = support[support.length - 1] as number
    if (support.length === 1) {
      v[last] = 1
      return v
    }
    const rest = support.slice(0, -1)
    const xl = col(last)
    const A = new Matrix(T, rest.length)
    const b = new Matrix(T, 1)
    for (let t = 0; t < T; t++) {
      b.set(t, 0, (y[t] as number) - (xl[t] as number))
      for (const [k, j] of rest.entries()) A.set(t, k, (col(j)[t] as number) - (xl[t] as number))
    }
    // autoTranspose: a support larger than the number of periods makes A wide.
    const sol = new SingularValueDecomposition(A, { autoTranspose: true }).solve(b).getColumn(0)
    let total = 0
    for (const [k, j] of rest.entries()) {
      const vj = sol[k] as number
      if (!Number.isFinite(vj)) return null
      v[j] = vj
      total += vj
    }
    v[last] = 1 - total
    return v
  }

  // Active-set refinement (Lawson–Hanson's NNLS loop with the sum constraint), warm-started at a
  // feasible FISTA iterate: solve on the support, step back to the simplex boundary when the
  // solution leaves it, add the most attractive excluded donor while KKT fails. Every step lowers
  // the objective, so it ends at the exact optimum in finitely many solves (capped for safety).
  const refine = (start: readonly number[]): number[] | null => {
    let w = [...start]
    let support = w.flatMap((wj, j) => (wj > 0 ? [j] : []))
    for (let round = 0; round < 3 * J + 10; round++) {
      for (let inner = 0; inner <= J; inner++) {
        const v = affineSolve(support)
        if (v === null) return null
        const blocking = support.filter((j) => (v[j] as number) <= 0)
        if (blocking.length === 0) {
          w = v
          break
        }
        let step = 1
        for (const j of blocking) {
          const wj = w[j] as number
          step = Math.min(step, wj / (wj - (v[j] as number)))
        }
        w = w.map((wj, j) => wj + step * ((v[j] as number) - wj))
        for (const j of blocking) if ((w[j] as number) <= 1e-15) w[j] = 0
        for (const j of support) if ((w[j] as number) < 0) w[j] = 0
        const total = w.reduce((acc, wj) => acc + wj, 0)
        w = w.map((wj) => wj / total)
        support = w.flatMap((wj, j) => (wj > 0 ? [j] : []))
      }
      const g = gradient(residual(w))
      const nu = support.reduce((acc, j) => acc + (g[j] as number), 0) / support.length
      let entering = -1
      let lowest = nu - 1e-13 * scale
      for (let j = 0; j < J; j++) {
        if ((w[j] as number) === 0 && (g[j] as number) < lowest) {
          lowest = g[j] as number
          entering = j
        }
      }
      if (entering < 0) return w
      support = [...support, entering].sort((a, b) => a - b)
    }
    return null
  }

  // Step 1/L with L = 2σ_max(X)², the Lipschitz constant of ∇f.
  const X = new Matrix(T, J)
  for (let j = 0; j < J; j++) for (let t = 0; t < T; t++) X.set(t, j, col(j)[t] as number)
  const sigmaMax = new SingularValueDecomposition(X, {
    autoTranspose: true,
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  }).norm2
  const lipschitz = 2 * sigmaMax * sigmaMax
  if (lipschitz === 0) return finish(new Array<number>(J).fill(1 / J), 0)

  let w = new Array<number>(J).fill(1 / J)
  let z = [...w]
  let t = 1
  let best = { w, f: sumSq(residual(w)) }
  let previousSupport = ''
  let polishedSupport = ''
  for (let k = 1; k <= maxIterations; k++) {
    const g = gradient(residual(z))
    const next = projectOntoSimplex(z.map((zj, j) => zj - (g[j] as number) / lipschitz))
    // Adaptive restart: drop momentum when it points uphill.
    let uphill = 0
    for (let j = 0; j < J; j++)
      uphill += ((z[j] as number) - (next[j] as number)) * ((next[j] as number) - (w[j] as number))
    if (uphill > 0) {
      t = 1
      z = [...next]
    } else {
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2
      const beta = (t - 1) / tNext
      z = next.map((x, j) => x + beta * (x - (w[j] as number)))
      t = tNext
    }
    w = next
    if (k % 25 === 0 || k === maxIterations) {
      const fw = sumSq(residual(w))
      if (fw < best.f) best = { w, f: fw }
      const support = w.flatMap((wj, j) => (wj > 0 ? [j] : []))
      // An SVD per check dominates the cost: polish only once the support has held still since
      // the previous check, and never the same support twice.
      const key = support.join(',')
      const stable = key === previousSupport || k === maxIterations
      const polished = stable && key !== polishedSupport ? refine(w) : null
      if (stable) polishedSupport = key
      previousSupport = key
      if (polished !== null) {
        const fp = sumSq(residual(polished))
        if (fp <= best.f + 1e-15 * scale) best = { w: polished, f: fp }
      }
      const r = residual(best.w)
      if (fwGap(best.w, gradient(r)) <= tolerance) return finish(best.w, k)
    }
  }
  return finish(best.w, maxIterations)
}
