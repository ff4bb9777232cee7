/**
 * @lagesbild/statistics — pure maths for survey and effect evaluation. Knows no domain.
 */

// Counts and displacement (docs/statistics/counts-displacement-synthetic.md)
export type {
  PoissonRateRatioInput,
  PoissonRateRatioOptions,
  PoissonRateRatioResult,
  WaldRateRatio,
} from './counts/poisson-rate-ratio.js'
export { poissonRateRatioTest } from './counts/poisson-rate-ratio.js'
export type {
  RelativeEffectSizeInput,
  RelativeEffectSizeOptions,
  RelativeEffectSizeResult,
} from './counts/relative-effect-size.js'
export { relativeEffectSize } from './counts/relative-effect-size.js'
// Regression, interrupted time series, count GLMs, difference-in-differences
// (docs/statistics/regression-its-glm-did.md)
export type {
  CountCell,
  DidCounts,
  DidCountsResult,
  DidMeans,
  DidMeansResult,
  DidOptions,
  DidPanel,
  DidPanelResult,
  DidPanelRow,
  MeanCell,
} from './did/difference-in-differences.js'
export {
  DID_FEW_TREATED_UNITS,
  DID_SMALL_COUNT,
  differenceInDifferences,
} from './did/difference-in-differences.js'

// Displacement: WDQ and WDD (docs/statistics/counts-displacement-synthetic.md)
export type { BeforeAfter } from './displacement/before-after.js'
export type {
  CountDifference,
  WeightedDisplacementDifferenceInput,
  WeightedDisplacementDifferenceOptions,
  WeightedDisplacementDifferenceResult,
} from './displacement/weighted-displacement-difference.js'
export { weightedDisplacementDifference } from './displacement/weighted-displacement-difference.js'
export type {
  WdqInterpretation,
  WeightedDisplacementQuotientInput,
  WeightedDisplacementQuotientResult,
} from './displacement/weighted-displacement-quotient.js'
export { weightedDisplacementQuotient } from './displacement/weighted-displacement-quotient.js'
// Distributions (precise; see docs/statistics.md for why not simple-statistics' tables)
export {
  betaDistCdf,
  betaDistQuantile,
  binomialDistCdf,
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSf,
  fDistCdf,
  fDistQuantile,
  gammaDistCdf,
  gammaDistQuantile,
  normalCdf,
  normalQuantile,
  normalSf,
  normalTwoSidedP,
  poissonDistCdf,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
} from './distributions.js'
export type { CountRegressionData } from './glm/count-data.js'
export type {
  NegativeBinomialOptions,
  NegativeBinomialResult,
} from './glm/negative-binomial-regression.js'
export { negativeBinomialRegression } from './glm/negative-binomial-regression.js'
export type {
  PoissonRegressionOptions,
  PoissonRegressionResult,
  PoissonSe,
} from './glm/poisson-regression.js'
export { OVERDISPERSION_THRESHOLD, poissonRegression } from './glm/poisson-regression.js'
// Proportions, rank test and multiplicity (docs/statistics/proportions-and-surveys.md)
export type { PAdjustMethod } from './multiple-testing/adjust-p-values.js'
export { adjustPValues } from './multiple-testing/adjust-p-values.js'
export type { MannWhitneyResult } from './nonparametric/mann-whitney-u.js'
export { mannWhitneyU } from './nonparametric/mann-whitney-u.js'
export type {
  IntervalOptions,
  ProportionInterval,
  WilsonOptions,
} from './proportions/binomial-intervals.js'
export {
  agrestiCoullInterval,
  clopperPearsonInterval,
  wilsonInterval,
} from './proportions/binomial-intervals.js'
export type { ChiSquareTestOptions, ChiSquareTestResult } from './proportions/chi-square-test.js'
export { chiSquareTest } from './proportions/chi-square-test.js'
export type {
  DetectableChange,
  MinimumDetectableEffectInput,
  MinimumDetectableEffectResult,
  PowerAlternative,
  PowerTwoProportionsInput,
  PowerTwoProportionsResult,
} from './proportions/power.js'
export { minimumDetectableEffect, powerTwoProportions } from './proportions/power.js'
export type { ProportionTrendTestResult } from './proportions/proportion-trend-test.js'
export { proportionTrendTest } from './proportions/proportion-trend-test.js'
export type {
  ChiSquareStatistic,
  RatioEstimate,
  TwoProportionOptions,
  TwoProportionTestResult,
} from './proportions/two-proportion-test.js'
export { twoProportionTest } from './proportions/two-proportion-test.js'
export type { Coefficient, Inference, Ratio } from './regression/coefficients.js'
export { FEW_CLUSTERS_THRESHOLD } from './regression/coefficients.js'
export type {
  LinearRegressionData,
  LinearRegressionOptions,
  LinearRegressionResult,
  LinearSe,
} from './regression/linear-regression.js'
export { linearRegression } from './regression/linear-regression.js'
// Result conventions
export type { Interval, StatWarning, StatWarningCode } from './result.js'
export { assertInput, isStatisticsInputError, StatisticsInputError } from './result.js'
// Survey proportions (docs/statistics/proportions-and-surveys.md)
export type {
  PostStratifiedProportionInput,
  PostStratifiedProportionResult,
  PostStratum,
  SurveyResponse,
} from './survey/post-stratified-proportion.js'
export { postStratifiedProportion } from './survey/post-stratified-proportion.js'
// Synthetic control (docs/statistics/counts-displacement-synthetic.md)
export type {
  PlaceboUnit,
  SyntheticControlInput,
  SyntheticControlOptions,
  SyntheticControlResult,
  SyntheticFit,
} from './synthetic-control/synthetic-control.js'
export { syntheticControl } from './synthetic-control/synthetic-control.js'
export type {
  InterruptedTimeSeriesData,
  InterruptedTimeSeriesOptions,
  InterruptedTimeSeriesResult,
  ItsDesign,
  ItsDesignInput,
  ItsMethod,
  Seasonality,
} from './time-series/interrupted-time-series.js'
export {
  durbinWatsonOf as durbinWatson,
  ITS_MIN_SEGMENT,
  interruptedTimeSeries,
  interruptedTimeSeriesDesign,
} from './time-series/interrupted-time-series.js'
