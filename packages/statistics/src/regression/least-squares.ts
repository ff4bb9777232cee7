/**
 * Weighted least squares by Householder QR, shared by OLS, IRLS (Poisson, negative binomial) and
 * Prais-Winsten. QR rather than the normal equations because forming X'X squares the condition
 * number: a trend column t = 1..120 beside an intercept already loses digits that way.
 */
import { StatisticsInputError } from '../result.js'

/**
 * A column is collinear when the part of it not explained by the earlier columns is smaller
 * than this fraction of its length; 1e-7 is the tolerance R's lm (dqrdc2) uses.
 */
const COLLINEARITY_TOLERANCE = 1e-7

export interface LeastSquaresFit {
  readonly coefficients: Float64Array
  /** Upper-triangular R⁻¹ (row-major k×k), so (X'WX)⁻¹ = R⁻¹R⁻ᵀ. */
  readonly rInverse: Float64Array
  readonly k: number
}

/**
 * Solves min Σ wᵢ (yᵢ − xᵢ'β)². `X` is row-major n×k.
 * @throws StatisticsInputError `singular-design` naming the first column that is a linear
 *   combination of the columns before it.
 */
export function weightedLeastSquares(
  X: Float64Array,
  n: number,
  k: number,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  names: readonly string[],
): LeastSquaresFit {
  if (n < k) {
    throw new StatisticsInputError(
      'too-few-observations',
      `Need at least as many observations as coefficients (n = ${n}, k = ${k}).`,
    )
  }
  // Column-major working copy: Householder reflections walk down columns.
  const a = new Float64Array(n * k)
  const b = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const sw = weights === undefined ? 1 : Math.sqrt(weights[i] as number)
    b[i] = (y[i] as number) * sw
    for (let j = 0; j < k; j++) a[j * n + i] = (X[i * k + j] as number) * sw
  }
  const originalNorm = new Float64Array(k)
  for (let j = 0; j < k; j++) {
    let s = 0
    for (let i = 0; i < n; i++) s += (a[j * n + i] as number) ** 2
    originalNorm[j] = Math.sqrt(s)
  }
  const r = new Float64Array(k * k)
  for (let j = 0; j < k; j++) {
    const col = j * n
    let s = 0
    for (let i = j; i < n; i++) s += (a[col + i] as number) ** 2
    const norm = Math.sqrt(s)
    if (!(norm > COLLINEARITY_TOLERANCE * (originalNorm[j] as number)) || norm === 0) {
      const name = names[j] ?? `column ${j + 1}`
      throw new StatisticsInputError(
        'singular-design',
        `The design matrix is singular: column '${name}' is constant zero or a linear combination of the columns before it. Remove it or one of the columns it depends on.`,
      )
    }
    const ajj = a[col + j] as number
    const alpha = ajj > 0 ? -norm : norm
    // v = x − αe₁ stored in place; vᵀv = 2(norm² − α·x₁) avoids a second pass.
    a[col + j] = ajj - alpha
    const vtv = 2 * (s - alpha * ajj)
    for (let c = j + 1; c < k; c++) {
      const other = c * n
      let dot = 0
      for (let i = j; i < n; i++) dot += (a[col + i] as number) * (a[other + i] as number)
      const f = (2 * dot) / vtv
      for (let i = j; i < n; i++)
        a[other + i] = (a[other + i] as number) - f * (a[col + i] as number)
    }
    let dot = 0
    for (let i = j; i < n; i++) dot += (a[col + i] as number) * (b[i] as number)
    const f = (2 * dot) / vtv
    for (let i = j; i < n; i++) b[i] = (b[i] as number) - f * (a[col + i] as number)
    r[j * k + j] = alpha
    for (let c = j + 1; c < k; c++) r[j * k + c] = a[c * n + j] as number
  }
  const coefficients = new Float64Array(k)
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j] as number
    for (let c = j + 1; c < k; c++) s -= (r[j * k + c] as number) * (coefficients[c] as number)
    coefficients[j] = s / (r[j * k + j] as number)
  }
  return { coefficients, rInverse: invertUpperTriangular(r, k), k }
}

function invertUpperTriangular(r: Float64Array, k: number): Float64Array {
  const inv = new Float64Array(k * k)
  for (let j = 0; j < k; j++) {
    inv[j * k + j] = 1 / (r[j * k + j] as number)
    for (let i = j - 1; i >= 0; i--) {
      let s = 0
      for (let m = i + 1; m <= j; m++) s += (r[i * k + m] as number) * (inv[m * k + j] as number)
      inv[i * k + j] = -s / (r[i * k + i] as number)
    }
  }
  return inv
}

/** (X'WX)⁻¹ = R⁻¹R⁻ᵀ as a row-major k×k array. */
export function unscaledCovariance(fit: LeastSquaresFit): Float64Array {
  const { rInverse: ri, k } = fit
  const out = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let s = 0
      // R⁻¹ is upper triangular: row i is zero before column i.
      for (let m = j; m < k; m++) s += (ri[i * k + m] as number) * (ri[j * k + m] as number)
      out[i * k + j] = s
      out[j * k + i] = s
    }
  }
  return out
}

/** Sandwich A·M·A for symmetric k×k row-major A and M. */
export function sandwich(bread: Float64Array, meat: Float64Array, k: number): Float64Array {
  const tmp = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0
      for (let m = 0; m < k; m++) s += (bread[i * k + m] as number) * (meat[m * k + j] as number)
      tmp[i * k + j] = s
    }
  }
  const out = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0
      for (let m = 0; m < k; m++) s += (tmp[i * k + m] as number) * (bread[m * k + j] as number)
      out[i * k + j] = s
    }
  }
  return out
}

/**
 * Cluster "meat" Σ_g s_g s_g' where s_g sums the per-row scores of cluster g.
 * `scores` is row-major n×k. Returns the meat and the number of clusters.
 */
export function clusterMeat(
  scores: Float64Array,
  n: number,
  k: number,
  clusters: readonly (string | number)[],
): { meat: Float64Array; clusterCount: number } {
  const index = new Map<string | number, number>()
  const sums: Float64Array[] = []
  for (let i = 0; i < n; i++) {
    const key = clusters[i] as string | number
    let g = index.get(key)
    if (g === undefined) {
      g = sums.length
      index.set(key, g)
      sums.push(new Float64Array(k))
    }
    const s = sums[g] as Float64Array
    for (let j = 0; j < k; j++) s[j] = (s[j] as number) + (scores[i * k + j] as number)
  }
  const meat = new Float64Array(k * k)
  for (const s of sums) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        meat[i * k + j] = (meat[i * k + j] as number) + (s[i] as number) * (s[j] as number)
      }
    }
  }
  return { meat, clusterCount: sums.length }
}

/** Row-major product X·β. */
export function multiply(X: Float64Array, n: number, k: number, beta: ArrayLike<number>) {
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < k; j++) s += (X[i * k + j] as number) * (beta[j] as number)
    out[i] = s
  }
  return out
}
