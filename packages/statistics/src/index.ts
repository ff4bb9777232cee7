/**
 * @lagesbild/statistics — pure maths for survey and effect evaluation. Knows no domain.
 */

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
