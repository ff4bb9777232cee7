import { assertInput, type StatWarning } from '../result.js'
import { type SimplexLeastSquaresResult, simplexLeastSquares } from './simplex-least-squares.js'

export interface SyntheticControlInput {
  /** Outcome series of the treated unit, pre-periods first. */
  readonly treated: readonly number[]
  /** One outcome series per donor (untreated unit), same periods as `treated`. */
  readonly donors: readonly (readonly number[])[]
  /** Number of leading periods before the intervention (≥ 1, < series length). */
  readonly preperiods: number
}

export interface SyntheticControlOptions {
  /** Run the in-space placebo test (default true; needs ≥ 2 donors). */
  readonly placebo?: boolean
  /** Significance level for the 'smallest-placebo-p' warning, default 0.05. */
  readonly alpha?: number
  /** 'poor-pre-fit' when pre-RMSPE exceeds this share of the treated mean |pre value|; default 0.1. */
  readonly poorFitShare?: number
  /** Iteration cap for the weight solver, default 50 000. */
  readonly maxIterations?: number
}

/** Fit summary of one unit treated as if it were the treated one. */
export interface SyntheticFit {
  readonly weights: readonly number[]
  readonly synthetic: readonly number[]
  /** Observed minus synthetic, per period. */
  readonly gaps: readonly number[]
  /** Mean post-period gap (the ATT for the treated unit). */
  readonly att: number
  readonly preRmspe: number
  readonly postRmspe: number
  /** post/pre RMSPE; Infinity if only the pre fit is exact; 0 if both are (no gap at all). */
  readonly rmspeRatio: number
}

/** `weights` are indexed by donor like the main fit's, with 0 for the placebo unit itself. */
export interface PlaceboUnit extends SyntheticFit {
  /** Index of the donor that played the treated unit. */
  readonly donor: number
}

export interface SyntheticControlResult extends SyntheticFit {
  /** ATT: mean post-period gap (same as `att`). */
  readonly estimate: number
  /** Placebo fits, one per donor; `null` if not run or fewer than 2 donors. */
  readonly placebos: readonly PlaceboUnit[] | null
  /** Rank of the treated RMSPE ratio among all J+1 ratios (1 = largest; ties count against). */
  readonly rank: number | null
  /** rank / (J + 1); `null` without placebos. */
  readonly pValue: number | null
  /** 1 / (J + 1), the smallest p-value the placebo test can give. */
  readonly smallestAttainablePValue: number
  /** Solver certificate for the treated fit. */
  readonly optimisation: Pick<
    SimplexLeastSquaresResult,
    'objective' | 'gap' | 'tolerance' | 'iterations' | 'converged'
  >
  readonly method: string
  readonly warnings: readonly StatWarning[]
}

const rms = (values: readonly number[]) =>
  Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length)

function fit(
  treated: readonly number[],
  donors: readonly (readonly number[])[],
  preperiods: number,
  maxIterations: number,
): { fit: SyntheticFit; solver: SimplexLeastSquaresResult } {
  const solver = simplexLeastSquares(
    donors.map((d) => d.slice(0, preperiods)),
    treated.slice(0, preperiods),
    { maxIterations },
  )
  const weights = solver.weights
  const synthetic = treated.map((_, t) =>
    donors.reduce((s, d, j) => s + (weights[j] as number) * (d[t] as number), 0),
  )
  const gaps = treated.map((y, t) => y - (synthetic[t] as number))
  const pre = gaps.slice(0, preperiods)
  const post = gaps.slice(preperiods)
  // Rounding leaves ~1e-15 where a fit is exact; call that 0 so the ratio is 0 or ∞, not noise.
  const level = Math.max(rms(treated), ...donors.map((d) => rms(d)))
  const clean = (v: number) => (v <= 1e-10 * level ? 0 : v)
  const preRmspe = clean(rms(pre))
  const postRmspe = clean(rms(post))
  const rmspeRatio =
    preRmspe > 0 ? postRmspe / preRmspe : postRmspe > 0 ? Number.POSITIVE_INFINITY : 0
  return {
    fit: {
      weights,
      synthetic,
      gaps,
      att: post.reduce((s, v) => s + v, 0) / post.length,
      preRmspe,
      postRmspe,
      rmspeRatio,
    },
    solver,
  }
}

/**
 * Synthetic control on outcomes only (Abadie, Diamond & Hainmueller 2010), with in-space placebo
 * inference.
 *
 * Weights: w = argmin Σ_{t ≤ T0} (y_t − Σ_j w_j x_jt)² subject to w_j ≥ 0 and Σ w_j = 1, every
 * pre-period weighted equally (no covariates, no V optimisation). Solved by accelerated projected
 * gradient with exact active-set polishing until the Frank-Wolfe gap (a bound on the distance to
 * the optimum) is below 1e-13 of the data scale; the certificate is in `optimisation`. With
 * collinear donors the weights may not be unique, but the synthetic series is.
 *
 * Gaps are observed − synthetic in every period; ATT = mean post-period gap; RMSPE = root mean
 * squared gap over pre or post periods; ratio = post/pre RMSPE.
 *
 * Placebo test: each donor in turn is treated as the treated unit and fitted from the other
 * donors (the real treated unit is never a donor). The treated unit's rank is the number of units,
 * itself included, whose RMSPE ratio is ≥ its own, and p = rank/(J + 1) (Abadie et al. 2010;
 * no pre-fit filtering of placebos). The smallest attainable p is 1/(J + 1): with fewer than
 * 1/alpha − 1 donors a 'smallest-placebo-p' warning says the test cannot reach `alpha`. With one
 * donor the weight is 1, no placebo is possible and `pValue` is null.
 *
 * 'poor-pre-fit' warns when pre-RMSPE > `poorFitShare` (default 10 %) of the treated unit's mean
 * absolute pre-period value: the synthetic unit then does not reproduce the treated unit's level
 * and the gaps are not credible effects.
 *
 * @param input - treated series, donor series, number of pre-periods.
 * @param options - `placebo` (true), `alpha` (0.05), `poorFitShare` (0.1), `maxIterations`.
 * @throws {StatisticsInputError} on no donors, series of unequal length, non-finite values, or
 *   `preperiods` not leaving at least one pre and one post period.
 * @example
 * const r = syntheticControl({
 *   treated: [10, 12, 11, 13, 6, 7],
 *   donors: [[8, 10, 9, 11, 11, 12], [12, 14, 13, 15, 15, 16]],
 *   preperiods: 4,
 * })
 * r.weights // [0.5, 0.5]
 * r.estimate // −7 (both post-period gaps are −7)
 */
export function syntheticControl(
  input: SyntheticControlInput,
  options: SyntheticControlOptions = {},
): SyntheticControlResult {
  const { treated, donors, preperiods } = input
  const alpha = options.alpha ?? 0.05
  const poorFitShare = options.poorFitShare ?? 0.1
  const maxIterations = options.maxIterations ?? 50_000
  const T = treated.length
  assertInput(donors.length >= 1, 'no-donors', 'at least one donor series is required')
  assertInput(
    Number.isInteger(preperiods) && preperiods >= 1 && preperiods < T,
    'invalid-preperiods',
    `preperiods must be an integer with 1 ≤ preperiods < ${T} (the series length), got ${preperiods}`,
  )
  assertInput(
    treated.every(Number.isFinite),
    'invalid-series',
    'treated series contains non-finite values',
  )
  donors.forEach((d, j) => {
    assertInput(
      d.length === T,
      'invalid-series',
      `donor ${j} has ${d.length} periods, the treated series has ${T}`,
    )
    assertInput(d.every(Number.isFinite), 'invalid-series', `donor ${j} contains non-finite values`)
  })
  assertInput(alpha > 0 && alpha < 1, 'invalid-alpha', 'alpha must be in (0, 1)')
  assertInput(poorFitShare > 0, 'invalid-poor-fit-share', 'poorFitShare must be > 0')

  const J = donors.length
  const main = fit(treated, donors, preperiods, maxIterations)
  const warnings: StatWarning[] = []
  const smallestAttainablePValue = 1 / (J + 1)

  let placebos: PlaceboUnit[] | null = null
  let rank: number | null = null
  let pValue: number | null = null
  const runPlacebo = options.placebo ?? true
  if (runPlacebo && J >= 2) {
    placebos = donors.map((d, j) => {
      const others = donors.filter((_, k) => k !== j)
      const p = fit(d, others, preperiods, maxIterations)
      if (!p.solver.converged) {
        warnings.push({
          code: 'not-converged',
          message: `Placebo fit for donor ${j} did not reach the optimality tolerance.`,
        })
      }
      // Re-index the weights to the full donor list (0 at the unit itself) so that index k means
      // donor k in every fit.
      const weights = donors.map((_, k) =>
        k === j ? 0 : (p.fit.weights[k < j ? k : k - 1] as number),
      )
      return { ...p.fit, weights, donor: j }
    })
    const own = main.fit.rmspeRatio
    rank = 1 + placebos.filter((p) => p.rmspeRatio >= own).length
    pValue = rank / (J + 1)
  }
  if (runPlacebo && (J < 2 || smallestAttainablePValue > alpha)) {
    warnings.push({
      code: 'smallest-placebo-p',
      message:
        J < 2
          ? 'Only one donor: no placebo test is possible, so there is no p-value.'
          : `With ${J} donors the smallest attainable placebo p-value is 1/${J + 1} = ${smallestAttainablePValue.toFixed(3)}, above ${alpha}: the test cannot show significance at that level.`,
    })
  }
  if (!main.solver.converged) {
    warnings.push({
      code: 'not-converged',
      message: `Weight solver stopped after ${main.solver.iterations} iterations with optimality gap ${main.solver.gap} > ${main.solver.tolerance}.`,
    })
  }
  const prePart = treated.slice(0, preperiods)
  const meanLevel = prePart.reduce((s, v) => s + Math.abs(v), 0) / preperiods
  if (main.fit.preRmspe > poorFitShare * meanLevel) {
    warnings.push({
      code: 'poor-pre-fit',
      message: `Pre-period RMSPE ${main.fit.preRmspe.toPrecision(4)} exceeds ${poorFitShare * 100} % of the treated unit's mean level ${meanLevel.toPrecision(4)}: no convex combination of donors tracks it, so gaps are not credible effects.`,
    })
  }

  return {
    ...main.fit,
    estimate: main.fit.att,
    placebos,
    rank,
    pValue,
    smallestAttainablePValue,
    optimisation: {
      objective: main.solver.objective,
      gap: main.solver.gap,
      tolerance: main.solver.tolerance,
      iterations: main.solver.iterations,
      converged: main.solver.converged,
    },
    method:
      'Synthetic control, outcomes only: simplex-constrained least squares over pre-periods (equal period weights); ATT = mean post gap; in-space placebo p = rank of post/pre RMSPE ratio / (J + 1)',
    warnings,
  }
}
