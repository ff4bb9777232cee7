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
// Result conventions
export type { Interval, StatWarning, StatWarningCode } from './result.js'
export { assertInput, isStatisticsInputError, StatisticsInputError } from './result.js'

// Synthetic control (docs/statistics/counts-displacement-synthetic.md)
export type {
  PlaceboUnit,
  SyntheticControlInput,
  SyntheticControlOptions,
  SyntheticControlResult,
  SyntheticFit,
} from './synthetic-control/synthetic-control.js'
export { syntheticControl } from './synthetic-control/synthetic-control.js'
