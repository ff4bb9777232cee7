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
/** Brå: planning and official statistics (stored as OfficialStatisticsPublished) */
export {
  BRA_NTU_SURVEY_NAME,
  type BraImportOptions,
  braWaveId,
  type OfficialStatistic,
} from './bra-indicators/plan.js'
/** Importing into the event store */
export {
  type ImportPublicSourceRequest,
  type ImportPublicSourceResult,
  importPublicSource,
  type SourceFile,
} from './import/import-public-source.js'
export type { PublicSource } from './import/planned.js'
/** Police: crime statistics per DeSO */
export {
  type CrimeCodeCategory,
  normaliseCrimeCode,
  type PoliceCrime,
  parseCrimeCodeKey,
  parsePoliceCrimes,
} from './police-crimes/parse.js'
/** Police crimes: mapping and options */
export {
  DEFAULT_CRIME_CATEGORY_MAPPING,
  desoPlaceId,
  POLICE_CRIMES_ORGANISATION,
  type PoliceCrimesOptions,
} from './police-crimes/plan.js'
/** Police events: mapping and options */
export {
  DEFAULT_POLICE_TYPE_MAPPING,
  type PoliceTypeMapping,
  type PoliceTypeTarget,
} from './police-events/mapping.js'
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
export {
  mapPoliceEvent,
  POLICE_EVENTS_ORGANISATION,
  type PoliceEventsOptions,
  policeEventReportId,
} from './police-events/plan.js'
/** Reconciliation: police delivery vs Brå's official counts */
export {
  BRA_TOTAL_STATISTIC,
  deliveryTotals,
  POLICE_DELIVERY_STATISTICS,
  planPoliceDeliveryTotals,
  RECONCILIATION_LABELS,
  type ReconciliationYear,
  reconcileCrimeTotals,
} from './reconciliation/index.js'
/** Rejected rows */
export { countByKind, type Rejection, type RejectionKind } from './shared/rejections.js'
