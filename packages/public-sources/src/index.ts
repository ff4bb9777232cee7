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
/** Police: crime statistics per DeSO */
export {
  type CrimeCodeCategory,
  normaliseCrimeCode,
  type PoliceCrime,
  parseCrimeCodeKey,
  parsePoliceCrimes,
} from './police-crimes/parse.js'

/** Police: events feed */
export {
  type PoliceEvent,
  type PoliceEventHistory,
  type PoliceEventsParseResult,
  type PoliceEventVersion,
  parseFeedDatetime,
  parsePoliceEventRevisions,
  parsePoliceEvents,
  parsePoliceEventsCompactCsv,
} from './police-events/parse.js'
/** Rejected rows */
export { countByKind, type Rejection, type RejectionKind } from './shared/rejections.js'
