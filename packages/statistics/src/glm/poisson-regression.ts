/**
 * Poisson log-linear regression by IRLS with model-based, quasi-Poisson or cluster-robust SEs.
 */
import {
  assertLevel,
  type Coefficient,
  checkClusters,
  coefficientTable,
  exponentiate,
  fewClustersWarning,
  type Inference,
  type Ratio,
  toRows,
} from '../regression/coefficients.js'
import { clusterMeat, sandwich, unscaledCovariance } from '../regression/least-squares.js'
import { StatisticsInputError, type StatWarning } from '../result.js'
import { buildCountDesign, type CountRegressionData } from './count-data.js'
import { findSeparatedRow, irls, poissonDeviance } from './irls.js'

/** Standard-error conventions for {@link poissonRegression}. */
export type PoissonSe =
  | 'model'
  | 'quasi'
  | { readonly type: 'cluster'; readonly clusters: readonly (string | number)[] }

export interface PoissonRegressionOptions {
  /** Default 'model'. */
  readonly se?: PoissonSe
  /** Confidence level; default 0.95. */
  readonly level?: number
}

export interface PoissonRegressionResult {
  readonly method: string
  /** Log-scale coefficients. */
  readonly coefficients: readonly Coefficient[]
  /** exp(β) with exp(CI): rate ratios per unit change of each column. */
  readonly rateRatios: readonly Ratio[]
  readonly vcov: readonly (readonly number[])[]
  readonly inference: Inference
  readonly n: number
  readonly k: number
  readonly dfResidual: number
  /** Residual deviance 2Σ[y log(y/μ) − (y − μ)]. */
  readonly deviance: number
  /** Pearson χ² = Σ (y − μ)²/μ. */
  readonly pearsonChiSquare: number
  /** Pearson χ²/(n − k); about 1 when the Poisson variance assumption holds. */
  readonly dispersion: number
  readonly fitted: readonly number[]
  readonly iterations: number
  readonly converged: boolean
  readonly clusterCount?: number
  readonly warnings: readonly StatWarning[]
}

/** Dispersion above which the model-based Poisson SEs are flagged as too small. */
export const OVERDISPERSION_THRESHOLD = 1.5

/**
 * Poisson regression with log link, fitted by IRLS (weighted QR, step halving, convergence when
 * the relative deviance change is below 1e-12).
 *
 * Conventions:
 * - `'model'`: V = (X'WX)⁻¹, z-tests and normal intervals (R `summary(glm(family = poisson))`,
 *   `confint.default`).
 * - `'quasi'`: V = φ(X'WX)⁻¹ with φ = Pearson χ²/(n − k); t(n − k) tests and intervals (R
 *   `summary(glm(family = quasipoisson))`). Point estimates are the Poisson ones.
 * - cluster: V = c·B (Σ_g s_g s_g') B with B = (X'WX)⁻¹, s_g = Σ_{i∈g} xᵢ(yᵢ − μᵢ) and
 *   c = G/(G−1)·(n−1)/(n−k) (R `sandwich::vcovCL(fit, cluster = ~g, type = 'HC1')`, statsmodels
 *   `GLM.fit(cov_type='cluster')`); normal inference. 'few-clusters' below 30 clusters.
 * Rate ratios are exp(β) with the interval exponentiated.
 *
 * Warnings: 'overdispersion' when φ > 1.5 with model SEs; 'not-converged' after 100 iterations.
 *
 * @param data - `X` rows, counts `y`, and optionally `offset` or `exposure`, `names`, `intercept`.
 * @param options - `se` convention and CI `level`.
 * @throws StatisticsInputError for negative counts, an all-zero outcome, non-positive exposure,
 *   a singular design, or (quasi-)complete separation (a zero count whose fitted mean collapses
 *   to 0, so a coefficient diverges).
 * @example
 * const fit = poissonRegression(
 *   { X: [[0], [0], [1], [1]], y: [10, 12, 5, 7], exposure: [100, 100, 100, 100], intercept: true },
 *   { se: 'model' },
 * )
 * fit.rateRatios[1]?.estimate // 12/22 ≈ 0.545
 */
export function poissonRegression(
  data: CountRegressionData,
  options: PoissonRegressionOptions = {},
): PoissonRegressionResult {
  const level = options.level ?? 0.95
  assertLevel(level)
  const se = options.se ?? 'model'
  const design = buildCountDesign(data)
  const { X, n, k, names, y, offset } = design
  const fit = irls(
    { X, n, k, names, y, offset },
    { variance: (mu) => mu, deviance: poissonDeviance },
  )
  const separated = findSeparatedRow(y, fit.eta, offset)
  if (separated >= 0) {
    throw new StatisticsInputError(
      'separation',
      `Row ${separated} has a zero count whose fitted rate collapses towards 0: some combination of columns separates the zero counts, so a coefficient diverges to −∞ and has no finite estimate. Merge categories or drop the column.`,
    )
  }
  let pearson = 0
  for (let i = 0; i < n; i++) {
    const m = fit.mu[i] as number
    pearson += ((y[i] as number) - m) ** 2 / m
  }
  const dfResidual = n - k
  const dispersion = pearson / dfResidual
  const bread = unscaledCovariance(fit.qr)
  const warnings: StatWarning[] = []
  if (!fit.converged) {
    warnings.push({
      code: 'not-converged',
      message: `IRLS did not converge in ${fit.iterations} iterations; estimates are unreliable.`,
    })
  }
  let vcov: Float64Array
  let inference: Inference
  let method: string
  let clusterCount: number | undefined
  if (se === 'model') {
    vcov = bread
    inference = { distribution: 'normal' }
    method = 'Poisson GLM (log link, IRLS), model-based SE, normal inference'
    if (dispersion > OVERDISPERSION_THRESHOLD) {
      warnings.push({
        code: 'overdispersion',
        message: `Pearson dispersion ${dispersion.toPrecision(3)} > ${OVERDISPERSION_THRESHOLD}: Poisson SEs are too small. Use quasi-Poisson, cluster-robust SEs or a negative binomial model.`,
      })
    }
  } else if (se === 'quasi') {
    vcov = bread.map((v) => v * dispersion)
    inference = { distribution: 't', df: dfResidual }
    method = `Quasi-Poisson (Poisson estimates, SE × √φ, φ = Pearson χ²/(n−k) = ${dispersion.toPrecision(4)}), t(${dfResidual}) inference`
  } else {
    checkClusters(se.clusters, n)
    const scores = new Float64Array(n * k)
    for (let i = 0; i < n; i++) {
      const r = (y[i] as number) - (fit.mu[i] as number)
      for (let j = 0; j < k; j++) scores[i * k + j] = (X[i * k + j] as number) * r
    }
    const cm = clusterMeat(scores, n, k, se.clusters)
    clusterCount = cm.clusterCount
    const G = clusterCount
    const factor = (G / (G - 1)) * ((n - 1) / (n - k))
    vcov = sandwich(bread, cm.meat, k).map((v) => v * factor)
    inference = { distribution: 'normal' }
    method = `Poisson GLM, cluster-robust sandwich SE (HC1: G/(G−1)·(n−1)/(n−k), ${G} clusters), normal inference`
    warnings.push(...fewClustersWarning(G))
  }
  const coefficients = coefficientTable(names, fit.beta, vcov, inference, level)
  return {
    method,
    coefficients,
    rateRatios: coefficients.map(exponentiate),
    vcov: toRows(vcov, k),
    inference,
    n,
    k,
    dfResidual,
    deviance: fit.deviance,
    pearsonChiSquare: pearson,
    dispersion,
    fitted: Array.from(fit.mu),
    iterations: fit.iterations,
    converged: fit.converged,
    ...(clusterCount === undefined ? {} : { clusterCount }),
    warnings,
  }
}
