import type { StatWarning } from '@lagesbild/statistics'

/**
 * Warning codes of the analyses, beside the statistics package's own codes (which are passed
 * through unchanged, prefixed by the estimator they came from in `source`).
 */
export type AnalysisWarningCode =
  | 'too-few-counts'
  | 'regression-to-the-mean'
  | 'below-minimum-detectable-effect'
  | 'controls-changed'
  | 'overlapping-measure'
  | 'few-controls'
  | 'no-controls'
  | 'pre-trends-differ'
  | 'contradicting-secondary'
  | 'short-window'
  | 'synthetic-control-skipped'
  | 'displacement'
  | 'unknown-n'
  | 'estimator-failed'
  | StatWarning['code']

export interface AnalysisWarning {
  readonly code: AnalysisWarningCode
  readonly message: string
  /** Which estimator raised it, when it was passed through from the statistics package. */
  readonly source?: string
}

export const fromStat = (source: string, warnings: readonly StatWarning[]): AnalysisWarning[] =>
  warnings.map((w) => ({ code: w.code, message: w.message, source }))
