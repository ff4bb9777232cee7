/** @module @lagesbild/importers: CSV imports of places, reports, measures and surveys. */

/** Formats (column specifications, as documented in docs/import-formats.md) */
export type { ColumnSpec } from './csv/cells.js'
/** Errors */
export { type ImportRowError, MAX_LISTED_ERRORS } from './errors.js'
export type { ImportKind } from './formats/format.js'
export { MEASURE_COLUMNS } from './formats/measures.js'
export { PLACE_COLUMNS } from './formats/places.js'
export { REPORT_COLUMNS } from './formats/reports.js'
export { SURVEY_RESPONSE_COLUMNS } from './formats/survey-responses.js'
export { SURVEY_RESULT_COLUMNS } from './formats/survey-results.js'
/** Ids */
export { deterministicUuid } from './ids.js'
export type {
  ImportChunk,
  ImportCsvOptions,
  ImportFailure,
  ImportProgress,
  ImportResult,
  ImportSummary,
} from './import/types.js'
/** Importing */
export { importCsv } from './import-csv.js'
