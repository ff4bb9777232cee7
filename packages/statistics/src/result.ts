/**
 * Conventions shared by every estimator in this package.
 *
 * Results are plain readonly objects. Anything a reader must know to trust a number travels with
 * it: the convention used (`method`) and `warnings` with stable codes, so callers (the analysis
 * package, the API) can translate them into plain words without parsing messages.
 */

/** A two-sided confidence interval. `level` is the coverage, e.g. 0.95. */
export interface Interval {
  readonly lower: number
  readonly upper: number
  readonly level: number
}

/** Stable warning codes; add new ones here so consumers see the full list in one place. */
export type StatWarningCode =
  | 'small-counts'
  | 'zero-count'
  | 'few-clusters'
  | 'wdq-uninterpretable'
  | 'below-minimum-detectable-effect'
  | 'smallest-placebo-p'
  | 'poor-pre-fit'
  | 'not-converged'
  | 'overdispersion'
  | 'boundary'
  | 'few-observations'
  | 'autocorrelation'

export interface StatWarning {
  readonly code: StatWarningCode
  readonly message: string
}

/** Thrown for input no estimator can handle (negative counts, singular designs…). */
export class StatisticsInputError extends Error {
  override readonly name = 'StatisticsInputError'
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** Type guard for {@link StatisticsInputError}. */
export const isStatisticsInputError = (error: unknown): error is StatisticsInputError =>
  error instanceof StatisticsInputError

/** Throws a {@link StatisticsInputError} unless `condition` holds. */
export function assertInput(condition: unknown, code: string, message: string): asserts condition {
  if (!condition) throw new StatisticsInputError(code, message)
}
