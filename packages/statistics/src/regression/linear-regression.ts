/**
 * Ordinary least squares with classical, Newey-West (HAC) or cluster-robust standard errors.
 */
import { assertInput, type StatWarning } from '../result.js'
import {
  assertLevel,
  buildDesign,
  type Coefficient,
  checkClusters,
  checkResponse,
  coefficientTable,
  fewClustersWarning,
  type Inference,
  toRows,
} from './coefficients.js'
import {
  clusterMeat,
  type LeastSquaresFit,
  multiply,
  sandwich,
  unscaledCovariance,
  weightedLeastSquares,
} from './least-squares.js'

/** Standard-error conventions for {@link linearRegression}. */
export type LinearSe =
  | 'classical'
  | {
      readonly type: 'newey-west'
      /** Maximum lag L; Bartlett weights 1 − l/(L+1) for l = 1..L. */
      readonly lag: number
      /** Multiply by n/(n−k) (statsmodels `use_correction=True`, sandwich `adjust=TRUE`). */
      readonly smallSampleFactor: boolean
    }
  | { readonly type: 'cluster'; readonly clusters: readonly (string | number)[] }

export interface LinearRegressionData {
  /** Design matrix, one row per observation. */
  readonly X: readonly (readonly number[])[]
  readonly y: readonly number[]
  /** Names of the columns of X (not of the intercept). Default x1, x2, … */
  readonly names?: readonly string[]
  /** Prepend a column of ones named '(Intercept)'. Default false: X is used as given. */
  readonly intercept?: boolean
}

export interface LinearRegressionOptions {
  readonly se?: LinearSe
  /** Confidence level of the intervals; default 0.95. */
  readonly level?: number
}

export interface LinearRegressionResult {
  readonly method: string
  readonly coefficients: readonly Coefficient[]
  /** Covariance matrix of the coefficients under the chosen SE convention. */
  readonly vcov: readonly (readonly number[])[]
  readonly inference: Inference
  readonly n: number
  readonly k: number
  readonly dfResidual: number
  /** Residual standard error √(RSS/(n−k)). */
  readonly sigma: number
  readonly rss: number
  /** 1 − RSS/TSS, with TSS centred when the design contains a constant column, else uncentred (as R). */
  readonly rSquared: number
  readonly adjustedRSquared: number
  readonly residuals: readonly number[]
  readonly fitted: readonly number[]
  /** Number of clusters, for cluster-robust SEs. */
  readonly clusterCount?: number
  readonly warnings: readonly StatWarning[]
}

/**
 * Ordinary least squares via Householder QR.
 *
 * Conventions:
 * - `'classical'`: V = σ̂²(X'X)⁻¹ with σ̂² = RSS/(n−k); t-tests and intervals with n−k df
 *   (R `summary(lm())`, statsmodels `OLS().fit()`).
 * - Newey-West: V = (X'X)⁻¹ S (X'X)⁻¹, S = Σ_t u_t u_t' + Σ_{l=1..L} (1 − l/(L+1)) Σ_t
 *   (u_t u_{t−l}' + u_{t−l} u_t'), u_t = x_t e_t; times n/(n−k) when `smallSampleFactor`
 *   (statsmodels `cov_type='HAC', cov_kwds={'maxlags': L, 'use_correction': …}`; R
 *   `sandwich::NeweyWest(fit, lag = L, prewhite = FALSE, adjust = …)`). Rows are taken in the
 *   order given, which must be time order.
 * - Cluster: CR1, V = G/(G−1)·(n−1)/(n−k)·(X'X)⁻¹ Σ_g s_g s_g' (X'X)⁻¹ (Stata `vce(cluster)`,
 *   statsmodels `cov_type='cluster'`, R `sandwich::vcovCL(type = 'HC1')`). A 'few-clusters'
 *   warning is given below 30 clusters.
 * - Robust SEs use the standard normal for p-values and intervals (statsmodels' default);
 *   note that `lmtest::coeftest` on an lm object would use t(n−k) instead.
 *
 * @param data - `X` (rows), `y`, optional `names` and `intercept`.
 * @param options - `se` convention (default 'classical') and CI `level` (default 0.95).
 * @returns Coefficient table, covariance, fit statistics, residuals and fitted values.
 * @throws StatisticsInputError for mismatched lengths, non-finite values, n ≤ k, a singular
 *   design (`singular-design`, naming the collinear column), lag outside 0..n−1, or fewer than
 *   two clusters.
 * @example
 * const fit = linearRegression(
 *   { X: [[1], [2], [3], [4]], y: [2.1, 3.9, 6.2, 7.8], intercept: true },
 *   { se: 'classical' },
 * )
 * fit.coefficients[1]?.estimate // slope 1.94
 */
export function linearRegression(
  data: LinearRegressionData,
  options: LinearRegressionOptions = {},
): LinearRegressionResult {
  const level = options.level ?? 0.95
  assertLevel(level)
  const design = buildDesign(data.X, data.intercept ?? false, data.names)
  const { X, n, k, names } = design
  checkResponse(data.y, n)
  assertInput(
    n > k,
    'too-few-observations',
    `OLS needs more observations than coefficients to estimate the residual variance (n = ${n}, k = ${k}).`,
  )
  const fit = weightedLeastSquares(X, n, k, data.y, undefined, names)
  return finishLinearFit(fit, design, data.y, options.se ?? 'classical', level, 'OLS')
}

/** Shared tail of OLS and Prais-Winsten: residual statistics and the chosen covariance. */
export function finishLinearFit(
  fit: LeastSquaresFit,
  design: {
    readonly X: Float64Array
    readonly n: number
    readonly k: number
    readonly names: readonly string[]
  },
  y: ArrayLike<number>,
  se: LinearSe,
  level: number,
  label: string,
): LinearRegressionResult {
  const { X, n, k, names } = design
  const beta = fit.coefficients
  const fittedValues = multiply(X, n, k, beta)
  const residuals = new Float64Array(n)
  let rss = 0
  for (let i = 0; i < n; i++) {
    const e = (y[i] as number) - (fittedValues[i] as number)
    residuals[i] = e
    rss += e * e
  }
  const dfResidual = n - k
  const sigma2 = rss / dfResidual
  const bread = unscaledCovariance(fit)
  const warnings: StatWarning[] = []
  let vcov: Float64Array
  let inference: Inference
  let method: string
  let clusterCount: number | undefined
  if (se === 'classical') {
    vcov = bread.map((v) => v * sigma2)
    inference = { distribution: 't', df: dfResidual }
    method = `${label}, classical SE σ̂²(X'X)⁻¹, t(${dfResidual}) inference`
  } else if (se.type === 'newey-west') {
    const L = se.lag
    assertInput(
      Number.isInteger(L) && L >= 0 && L < n,
      'invalid-lag',
      `Newey-West lag must be an integer in 0..${n - 1}; got ${L}.`,
    )
    const meat = neweyWestMeat(X, n, k, residuals, L)
    vcov = sandwich(bread, meat, k)
    if (se.smallSampleFactor) vcov = vcov.map((v) => (v * n) / dfResidual)
    inference = { distribution: 'normal' }
    method = `${label}, Newey-West HAC SE (Bartlett kernel, lag ${L}${se.smallSampleFactor ? ', × n/(n−k)' : ''}), normal inference`
  } else {
    checkClusters(se.clusters, n)
    const scores = new Float64Array(n * k)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        scores[i * k + j] = (X[i * k + j] as number) * (residuals[i] as number)
      }
    }
    const cm = clusterMeat(scores, n, k, se.clusters)
    clusterCount = cm.clusterCount
    const G = clusterCount
    const factor = (G / (G - 1)) * ((n - 1) / (n - k))
    vcov = sandwich(bread, cm.meat, k).map((v) => v * factor)
    inference = { distribution: 'normal' }
    method = `${label}, cluster-robust SE CR1 (G/(G−1)·(n−1)/(n−k), ${G} clusters), normal inference`
    warnings.push(...fewClustersWarning(G))
  }
  const yMean = meanOf(y, n)
  const centred = hasConstantColumn(X, n, k)
  let tss = 0
  for (let i = 0; i < n; i++) tss += ((y[i] as number) - (centred ? yMean : 0)) ** 2
  assertInput(
    tss > 0,
    'constant-response',
    'y is constant (zero total sum of squares): R² and the fit are undefined.',
  )
  assertInput(
    rss > 1e-24 * tss,
    'perfect-fit',
    'The residuals are all zero (y is an exact linear function of X): standard errors are 0 and no test or interval exists.',
  )
  const rSquared = 1 - rss / tss
  const dfTotal = centred ? n - 1 : n
  const adjustedRSquared = 1 - ((1 - rSquared) * dfTotal) / dfResidual
  return {
    method,
    coefficients: coefficientTable(names, beta, vcov, inference, level),
    vcov: toRows(vcov, k),
    inference,
    n,
    k,
    dfResidual,
    sigma: Math.sqrt(sigma2),
    rss,
    rSquared,
    adjustedRSquared,
    residuals: Array.from(residuals),
    fitted: Array.from(fittedValues),
    ...(clusterCount === undefined ? {} : { clusterCount }),
    warnings,
  }
}

function neweyWestMeat(
  X: Float64Array,
  n: number,
  k: number,
  residuals: Float64Array,
  lag: number,
): Float64Array {
  const u = new Float64Array(n * k)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) u[i * k + j] = (X[i * k + j] as number) * (residuals[i] as number)
  }
  const meat = new Float64Array(k * k)
  for (let l = 0; l <= lag; l++) {
    const w = l === 0 ? 1 : 1 - l / (lag + 1)
    for (let t = l; t < n; t++) {
      for (let a = 0; a < k; a++) {
        const ua = u[t * k + a] as number
        for (let b = 0; b < k; b++) {
          const cross = ua * (u[(t - l) * k + b] as number)
          meat[a * k + b] = (meat[a * k + b] as number) + w * cross
          if (l > 0) meat[b * k + a] = (meat[b * k + a] as number) + w * cross
        }
      }
    }
  }
  return meat
}

function meanOf(y: ArrayLike<number>, n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += y[i] as number
  return s / n
}

/** R centres TSS when the model has an intercept; a constant non-zero column is one. */
function hasConstantColumn(X: Float64Array, n: number, k: number): boolean {
  for (let j = 0; j < k; j++) {
    const first = X[j] as number
    if (first === 0) continue
    let constant = true
    for (let i = 1; i < n && constant; i++) constant = X[i * k + j] === first
    if (constant) return true
  }
  return false
}
