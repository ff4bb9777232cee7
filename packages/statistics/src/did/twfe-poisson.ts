/**
 * Two-way fixed-effects Poisson (place and period effects plus one treatment regressor) by Newton
 * steps that exploit the structure: the Hessian's fixed-effect blocks are diagonal, so the larger
 * factor is eliminated by a Schur complement and only a (smaller factor + 1)-sized system is
 * factored. A 50-place × 100-period panel costs a few 50×50 Cholesky factorisations instead of
 * QR on a 5000×150 dense design.
 */
import { StatisticsInputError } from '../result.js'

export interface TwfeInput {
  /** Level index (0-based, dense) of the first factor (places) per row. */
  readonly unit: Int32Array
  readonly unitCount: number
  /** Level index of the second factor (periods) per row. */
  readonly period: Int32Array
  readonly periodCount: number
  readonly d: Float64Array
  readonly y: Float64Array
  readonly offset: Float64Array
}

export interface TwfeFit {
  readonly beta: number
  /** [H⁻¹]_ββ: model-based variance of β. */
  readonly varianceModel: number
  /** hᵣ = (H⁻¹e_β)·xᵣ per row: β's influence weights, for sandwich variances. */
  readonly influence: Float64Array
  readonly mu: Float64Array
  readonly deviance: number
  /** Parameters: all levels of one factor, all but one of the other, and β. */
  readonly parameterCount: number
  readonly iterations: number
  readonly converged: boolean
}

const MAX_ITERATIONS = 100

export function fitTwfePoisson(input: TwfeInput): TwfeFit {
  // Eliminate the factor with more levels: the reduced system is sized by the smaller one.
  const unitBig = input.unitCount >= input.periodCount
  const big = unitBig ? input.unit : input.period
  const small = unitBig ? input.period : input.unit
  const nBig = unitBig ? input.unitCount : input.periodCount
  const nSmall = unitBig ? input.periodCount : input.unitCount
  const { d, y, offset } = input
  const n = y.length
  // Reduced parameters: small levels 1..nSmall−1 (level 0 is the reference), then β.
  const m = nSmall
  const betaIndex = m - 1
  const a = new Float64Array(nBig)
  const c = new Float64Array(m) // c[s − 1] for small level s ≥ 1; c[m − 1] = β
  {
    const ySum = new Float64Array(nBig)
    const eSum = new Float64Array(nBig)
    for (let r = 0; r < n; r++) {
      const b = big[r] as number
      ySum[b] = (ySum[b] as number) + (y[r] as number)
      eSum[b] = (eSum[b] as number) + Math.exp(offset[r] as number)
    }
    for (let b = 0; b < nBig; b++) a[b] = Math.log((ySum[b] as number) / (eSum[b] as number))
  }
  const mu = new Float64Array(n)
  const eta = (r: number, aa: Float64Array, cc: Float64Array) => {
    const s = small[r] as number
    return (
      (aa[big[r] as number] as number) +
      (s > 0 ? (cc[s - 1] as number) : 0) +
      (cc[betaIndex] as number) * (d[r] as number) +
      (offset[r] as number)
    )
  }
  // −½ deviance up to a constant: Σ y·η − μ (the Poisson log-likelihood kernel).
  const logLik = (aa: Float64Array, cc: Float64Array, into: Float64Array) => {
    let ll = 0
    for (let r = 0; r < n; r++) {
      const e = eta(r, aa, cc)
      const mr = Math.exp(e)
      into[r] = mr
      ll += (y[r] as number) * e - mr
    }
    return ll
  }
  let ll = logLik(a, c, mu)
  const gA = new Float64Array(nBig)
  const hA = new Float64Array(nBig)
  const gC = new Float64Array(m)
  const hC = new Float64Array(m * m)
  const cross = new Float64Array(nBig * m)
  let converged = false
  let iterations = 0
  let chol: Float64Array | undefined
  for (iterations = 1; iterations <= MAX_ITERATIONS; iterations++) {
    assemble()
    chol = cholesky(schur(), m)
    const { deltaA, deltaC } = solve(chol, gA, gC)
    let step = 1
    let nextA = a.map((v, b) => v + (deltaA[b] as number))
    let nextC = c.map((v, j) => v + (deltaC[j] as number))
    const nextMu = new Float64Array(n)
    let nextLl = logLik(nextA, nextC, nextMu)
    // Newton on a concave likelihood only overshoots far from the optimum; halve then.
    while (!(nextLl >= ll - 1e-12 * Math.abs(ll)) && step > 1e-9) {
      step /= 2
      nextA = a.map((v, b) => v + step * (deltaA[b] as number))
      nextC = c.map((v, j) => v + step * (deltaC[j] as number))
      nextLl = logLik(nextA, nextC, nextMu)
    }
    let maxDelta = 0
    for (const v of deltaA) maxDelta = Math.max(maxDelta, Math.abs(v * step))
    for (const v of deltaC) maxDelta = Math.max(maxDelta, Math.abs(v * step))
    a.set(nextA)
    c.set(nextC)
    mu.set(nextMu)
    ll = nextLl
    if (maxDelta < 1e-10) {
      converged = true
      break
    }
  }
  // Covariance pieces at the final estimates.
  assemble()
  chol = cholesky(schur(), m)
  const unitVector = new Float64Array(m)
  unitVector[betaIndex] = 1
  const h = solve(chol, new Float64Array(nBig), unitVector)
  const influence = new Float64Array(n)
  for (let r = 0; r < n; r++) {
    const s = small[r] as number
    influence[r] =
      (h.deltaA[big[r] as number] as number) +
      (s > 0 ? (h.deltaC[s - 1] as number) : 0) +
      (h.deltaC[betaIndex] as number) * (d[r] as number)
  }
  let deviance = 0
  for (let r = 0; r < n; r++) {
    const yr = y[r] as number
    const mr = mu[r] as number
    deviance += 2 * ((yr > 0 ? yr * Math.log(yr / mr) : 0) - (yr - mr))
  }
  return {
    beta: c[betaIndex] as number,
    varianceModel: h.deltaC[betaIndex] as number,
    influence,
    mu,
    deviance,
    parameterCount: nBig + m,
    iterations: Math.min(iterations, MAX_ITERATIONS),
    converged,
  }

  /** Gradient and Hessian blocks of the log-likelihood at the current μ. */
  function assemble() {
    gA.fill(0)
    hA.fill(0)
    gC.fill(0)
    hC.fill(0)
    cross.fill(0)
    for (let r = 0; r < n; r++) {
      const b = big[r] as number
      const s = small[r] as number
      const mr = mu[r] as number
      const res = (y[r] as number) - mr
      const dr = d[r] as number
      gA[b] = (gA[b] as number) + res
      hA[b] = (hA[b] as number) + mr
      gC[betaIndex] = (gC[betaIndex] as number) + dr * res
      hC[betaIndex * m + betaIndex] = (hC[betaIndex * m + betaIndex] as number) + dr * dr * mr
      cross[b * m + betaIndex] = (cross[b * m + betaIndex] as number) + dr * mr
      if (s > 0) {
        const j = s - 1
        gC[j] = (gC[j] as number) + res
        hC[j * m + j] = (hC[j * m + j] as number) + mr
        hC[j * m + betaIndex] = (hC[j * m + betaIndex] as number) + dr * mr
        hC[betaIndex * m + j] = (hC[betaIndex * m + j] as number) + dr * mr
        cross[b * m + j] = (cross[b * m + j] as number) + mr
      }
    }
  }

  /** Schur complement H_CC − H_CA H_AA⁻¹ H_AC (H_AA diagonal). */
  function schur(): Float64Array {
    const s = Float64Array.from(hC)
    for (let b = 0; b < nBig; b++) {
      const inv = 1 / (hA[b] as number)
      const row = b * m
      for (let p = 0; p < m; p++) {
        const up = (cross[row + p] as number) * inv
        if (up === 0) continue
        for (let q = p; q < m; q++)
          s[p * m + q] = (s[p * m + q] as number) - up * (cross[row + q] as number)
      }
    }
    for (let p = 0; p < m; p++) for (let q = 0; q < p; q++) s[p * m + q] = s[q * m + p] as number
    return s
  }

  /** Solves H δ = g for the full parameter vector via the Schur complement. */
  function solve(L: Float64Array, gAll: Float64Array, gRed: Float64Array) {
    const rhs = Float64Array.from(gRed)
    for (let b = 0; b < nBig; b++) {
      const ratio = (gAll[b] as number) / (hA[b] as number)
      if (ratio === 0) continue
      for (let p = 0; p < m; p++) rhs[p] = (rhs[p] as number) - (cross[b * m + p] as number) * ratio
    }
    const deltaC = choleskySolve(L, m, rhs)
    const deltaA = new Float64Array(nBig)
    for (let b = 0; b < nBig; b++) {
      let s = gAll[b] as number
      for (let p = 0; p < m; p++) s -= (cross[b * m + p] as number) * (deltaC[p] as number)
      deltaA[b] = s / (hA[b] as number)
    }
    return { deltaA, deltaC }
  }
}

function cholesky(s: Float64Array, m: number): Float64Array {
  const L = new Float64Array(m * m)
  for (let j = 0; j < m; j++) {
    let diag = s[j * m + j] as number
    for (let k = 0; k < j; k++) diag -= (L[j * m + k] as number) ** 2
    if (!(diag > 1e-10 * Math.abs(s[j * m + j] as number)) || !(diag > 0)) {
      throw new StatisticsInputError(
        'singular-design',
        j === m - 1
          ? 'treatedPost is collinear with the place and period effects: no place changes treatment status within the panel (or every place does so at the same time as every other). The effect is not identified.'
          : 'The place and period effects are not identified (disconnected panel: some periods share no place with the others).',
      )
    }
    const ljj = Math.sqrt(diag)
    L[j * m + j] = ljj
    for (let i = j + 1; i < m; i++) {
      let v = s[i * m + j] as number
      for (let k = 0; k < j; k++) v -= (L[i * m + k] as number) * (L[j * m + k] as number)
      L[i * m + j] = v / ljj
    }
  }
  return L
}

function choleskySolve(L: Float64Array, m: number, b: Float64Array): Float64Array {
  const z = new Float64Array(m)
  for (let i = 0; i < m; i++) {
    let v = b[i] as number
    for (let k = 0; k < i; k++) v -= (L[i * m + k] as number) * (z[k] as number)
    z[i] = v / (L[i * m + i] as number)
  }
  const x = new Float64Array(m)
  for (let i = m - 1; i >= 0; i--) {
    let v = z[i] as number
    for (let k = i + 1; k < m; k++) v -= (L[k * m + i] as number) * (x[k] as number)
    x[i] = v / (L[i * m + i] as number)
  }
  return x
}
