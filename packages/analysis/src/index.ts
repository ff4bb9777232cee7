/**
 * @lagesbild/analysis — domain-aware analyses over plain read-model data (docs/analysis.md).
 * Pure functions: no database, no clock; the caller passes series, survey data and dates.
 */

export type {
  EarlyWarningCell,
  EarlyWarningInput,
  EarlyWarningOptions,
  EarlyWarningResult,
  EarlyWarningScore,
} from './early-warning/index.js'
/** Early warning */
export { earlyWarning } from './early-warning/index.js'
export type {
  FeedbackInput,
  FeedbackMeasure,
  FeedbackMeasureOutcome,
  FeedbackPeriod,
  FeedbackPlace,
  FeedbackProblem,
  FeedbackProblemOutcome,
  FeedbackReport,
  FeedbackResult,
  MeasureEventKind,
} from './feedback/index.js'
/** Feedback to reporters */
export { reporterFeedback } from './feedback/index.js'
/** Perceived insecurity from survey waves */
export { isUnsafe, perceivedInsecurity, SMALL_SAMPLE_NOTE } from './insecurity/index.js'
export type {
  InsecurityCell,
  InsecurityComparison,
  InsecurityEstimate,
  InsecurityInput,
  InsecurityOptions,
  InsecurityRespondent,
  InsecurityResult,
  InsecurityTrend,
  PublishedInsecurity,
  SuppressedCell,
  UnsafeRule,
} from './insecurity/types.js'
/** Effect of a measure */
export { measureEffect } from './measure-effect/index.js'
export type {
  ControlChoice,
  MeasureEffectInput,
  MeasureEffectOptions,
  MeasureEffectResult,
  MeasureUnderEvaluation,
  MeasureVerdictCode,
  MeasureWindows,
  OtherMeasure,
  PrimaryEstimate,
  RateRatioEstimate,
  SurveyChange,
  SurveyWaveShare,
  SyntheticControlSummary,
} from './measure-effect/types.js'
export { decideVerdict, type SecondarySignal, type VerdictInput } from './measure-effect/verdict.js'
export type {
  DivergencePattern,
  ReportsVsSurveysInput,
  ReportsVsSurveysOptions,
  ReportsVsSurveysResult,
  ReportsVsSurveysRow,
  ReportsVsSurveysYear,
} from './reports-vs-surveys/index.js'

/** Reports beside surveys */
export { reportsVsSurveys } from './reports-vs-surveys/index.js'
/** Errors and warnings */
export { AnalysisInputError, isAnalysisInputError } from './shared/errors.js'
export type { PlaceSeries } from './shared/series.js'
export type { AnalysisWarning, AnalysisWarningCode } from './shared/warnings.js'
