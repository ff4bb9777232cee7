/** @module @lagesbild/public-sources: importers for Brå's indicators and the police's open data. */

/** Brå: municipal indicators (NTU and reported crime) */
export {
  BRA_RESPONDENTS_INDICATOR,
  BRA_SOURCES,
  type BraParseResult,
  type BraYearSemantics,
  type NtuFigure,
  parseBraIndicators,
  type ReportedCrimeFigure,
} from './bra-indicators/parse.js'

/** Rejected rows */
export { countByKind, type Rejection, type RejectionKind } from './shared/rejections.js'
