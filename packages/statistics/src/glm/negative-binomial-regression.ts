/**
 * Negative binomial (NB2) regression, log link, with θ estimated by maximum likelihood as in
 * MASS::glm.nb.
 */
import {
  assertLevel,
  type Coefficient,
  coefficientTable,
  exponentiate,
  type Inference,
  type Ratio,
  toRows,
} from '../regression/coefficients.js'
import { unscaledCovariance } from '../regression/least-squares.js'
import { StatisticsInputError, type StatWarning } from '../result.js'
import { buildCountDesign, type CountRegressionData } from './count-data.js'
import { findSeparatedRow, type IrlsFit, irls, poissonDeviance } from './irls.js'
import { digamma, trigamma } from './special-functions.js'

export interface NegativeBinomialOptions {
  /** Confidence level; default 0.95. */
  readonly level?: number
}

export interface NegativeBinomialResult {
  readonly method: string
  readonly coefficients: readonly Coefficient[]
  readonly rateRatios: readonly Ratio[]
  readonly vcov: readonly (readonly number[])[]
  readonly inference: Inference
  /** θ (MASS "theta", size) with its ML standard error 1/√I(θ). */
  readonly theta: { readonly estimate: number; readonly se: number }
  /** α = 1/θ (Var = μ + αμ²), SE by the delta method se(θ)/θ². */
  readonly alpha: { readonly estimate: number; readonly se: number }
  readonly n: number
  readonly k: number
  readonly dfResidual: number
  /** Residual deviance at the fitted θ, as MASS reports it. */
  readonly deviance: number
  readonly pearsonChiSquare: number
  readonly fitted: readonly number[]
  readonly iterations: number
  readonly converged: boolean
  readonly warnings: readonly StatWarning[]
}

const THETA_MAX = 1e8

/**
 * NB2 regression: Var(y) = μ + αμ² = μ + μ²/θ, log link. Alternates IRLS for β at fixed θ with
 * Newton-Raphson for θ on the profile score (MASS::theta.ml), until θ and the deviance change by
 * less than 1e-10 relative; starts from the Poisson fit and θ₀ = n/Σ(y/μ − 1)² (as MASS).
 *
 * Conventions: β SEs from (X'WX)⁻¹ with W = μ/(1 + μ/θ) at the final θ (θ treated as known),
 * z-tests and normal intervals, rate ratios exp(β) — as `summary(MASS::glm.nb(...))`. The θ SE
 * is 1/√(observed information), as `glm.nb(...)$SE.theta`.
 *
 * Warnings: 'boundary' when θ̂ runs off to infinity (no overdispersion: use Poisson);
 * 'not-converged' after 100 alternations.
 *
 * @param data - as {@link poissonRegression}: `X`, counts `y`, `offset` or `exposure`, `names`,
 *   `intercept`.
 * @param options - CI `level`.
 * @throws StatisticsInputError for negative counts, an all-zero outcome, a singular design or
 *   separation.
 * @example
 * const nb = negativeBinomialRegression({ X: groups, y: counts, intercept: true })
 * nb.alpha.estimate // overdispersion α = 1/θ
 */
export function negativeBinomialRegression(
  data: CountRegressionData,
  options: NegativeBinomialOptions = {},
): NegativeBinomialResult {
  const level = options.level ?? 0.95
  assertLevel(level)
  const design = buildCountDesign(data)
  const { X, n, k, names, y, offset } = design
  const base = { X, n, k, names, y, offset }
  let fit: IrlsFit = irls(base, { variance: (mu) => mu, deviance: poissonDeviance })
  const warnings: StatWarning[] = []
  let theta = thetaStart(y, fit.mu)
  let thetaAtBoundary = false
  let converged = false
  let iterations = 0
  let devOld = Number.POSITIVE_INFINITY
  for (iterations = 1; iterations <= 100; iterations++) {
    const ml = thetaMaximumLikelihood(y, fit.mu, theta)
    const thetaChange = Math.abs(ml.theta - theta) / ml.theta
    theta = ml.theta
    thetaAtBoundary = ml.atBoundary
    if (thetaAtBoundary) break
    const th = theta
    fit = irls(
      { ...base, etaStart: fit.eta },
      { variance: (mu) => mu + (mu * mu) / th, deviance: (yy, mu) => nbDeviance(yy, mu, th) },
    )
    const devChange = Math.abs(fit.deviance - devOld) / (Math.abs(fit.deviance) + 0.1)
    devOld = fit.deviance
    if (thetaChange < 1e-10 && devChange < 1e-10) {
      converged = true
      break
    }
  }
  if (thetaAtBoundary) {
    warnings.push({
      code: 'boundary',
      message:
        'θ̂ diverges (no overdispersion relative to Poisson): the negative binomial reduces to Poisson. Use poissonRegression.',
    })
    theta = Number.POSITIVE_INFINITY
  } else if (!converged || !fit.converged) {
    warnings.push({
      code: 'not-converged',
      message: 'Alternating IRLS / θ estimation did not converge in 100 rounds.',
    })
  }
  const separated = findSeparatedRow(y, fit.eta, offset)
  if (separated >= 0) {
    throw new StatisticsInputError(
      'separation',
      `Row ${separated} has a zero count whose fitted rate collapses towards 0: a coefficient diverges to −∞. Merge categories or drop the column.`,
    )
  }
  const thetaSe = Number.isFinite(theta)
    ? 1 / Math.sqrt(thetaInformation(y, fit.mu, theta))
    : Number.NaN
  let pearson = 0
  for (let i = 0; i < n; i++) {
    const m = fit.mu[i] as number
    const variance = Number.isFinite(theta) ? m + (m * m) / theta : m
    pearson += ((y[i] as number) - m) ** 2 / variance
  }
  const vcov = unscaledCovariance(fit.qr)
  const inference: Inference = { distribution: 'normal' }
  const coefficients = coefficientTable(names, fit.beta, vcov, inference, level)
  const thetaOut = Number.isFinite(theta)
    ? { estimate: theta, se: thetaSe }
    : { estimate: Number.POSITIVE_INFINITY, se: Number.NaN }
  return {
    method: `Negative binomial NB2 (Var = μ + μ²/θ), log link, θ by ML (MASS::glm.nb), model-based SE, normal inference`,
    coefficients,
    rateRatios: coefficients.map(exponentiate),
    vcov: toRows(vcov, k),
    inference,
    theta: thetaOut,
    alpha: Number.isFinite(theta)
      ? { estimate: 1 / theta, se: thetaSe / (theta * theta) }
      : { estimate: 0, se: Number.NaN },
    n,
    k,
    dfResidual: n - k,
    deviance: fit.deviance,
    pearsonChiSquare: pearson,
    fitted: Array.from(fit.mu),
    iterations,
    converged: converged && fit.converged,
    warnings,
  }
}

/** NB deviance 2Σ[y log(y/μ) − (y + θ) log((y + θ)/(μ + θ))]. */
export function nbDeviance(y: ArrayLike<number>, mu: ArrayLike<number>, theta: number): number {
  let d = 0
  for (let i = 0; i < mu.length; i++) {
    const yi = y[i] as number
    const mi = mu[i] as number
    d +=
      (yi > 0 ? yi * Math.log(yi / mi) : 0) - (yi + theta) * Math.log((yi + theta) / (mi + theta))
  }
  return 2 * d
}

function thetaStart(y: Float64Array, mu: Float64Array): number {
  let s = 0
  for (let i = 0; i < y.length; i++) s += ((y[i] as number) / (mu[i] as number) - 1) ** 2
  return y.length / s
}

function thetaScore(y: Float64Array, mu: Float64Array, th: number): number {
  let s = 0
  const psiTh = digamma(th)
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] as number
    const mi = mu[i] as number
    s += digamma(th + yi) - psiTh + Math.log(th) + 1 - Math.log(th + mi) - (yi + th) / (mi + th)
  }
  return s
}

/** Observed information −∂²ℓ/∂θ², as MASS::theta.ml. */
function thetaInformation(y: Float64Array, mu: Float64Array, th: number): number {
  let s = 0
  const triTh = trigamma(th)
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] as number
    const mi = mu[i] as number
    s += -trigamma(th + yi) + triTh - 1 / th + 2 / (mi + th) - (yi + th) / (mi + th) ** 2
  }
  return s
}

/** Newton-Raphson for θ at fixed μ (MASS::theta.ml, with a tighter tolerance). */
function thetaMaximumLikelihood(y: Float64Array, mu: Float64Array, start: number) {
  let th = Number.isFinite(start) && start > 0 ? start : 1
  for (let it = 0; it < 100; it++) {
    const step = thetaScore(y, mu, th) / thetaInformation(y, mu, th)
    // MASS takes |θ + δ| to stay positive; same here.
    const next = Math.abs(th + step)
    if (!Number.isFinite(next) || next > THETA_MAX) return { theta: THETA_MAX, atBoundary: true }
    const done = Math.abs(next - th) < 1e-12 * next
    th = next
    if (done) break
  }
  return { theta: th, atBoundary: false }
}
