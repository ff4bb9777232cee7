/** @module @lagesbild/projections: pure projections and the read models that serve them. */

/** Configuration: cadence, harm weights, status rule */
export {
  DEFAULT_HARM_WEIGHT,
  DEFAULT_STATUS_RULE,
  emptyConfig,
  evolveConfig,
  harmWeightOn,
  statusRuleOn,
  type TenantConfig,
} from './config.js'
/** Events as the projections read them */
export type { ProjectionEvent, StatusRule } from './events.js'
/** The event log as a SQL relation */
export {
  type Db,
  EVENT_STORE_LOG,
  type LogTable,
  logHead,
  readLog,
  type StoredEvent,
} from './log.js'
/** Measure register */
export {
  awaitsEvaluation,
  evolveMeasure,
  isActiveOn,
  type MeasureState,
  type MeasureStatus,
  measureStatusOn,
} from './measure-register/model.js'
/** Measure register: the fold, the read model and its queries */
export {
  evolveMeasureRegister,
  type MeasureRegisterState,
  measureOf,
  measureRegisterInitialState,
  measureRegisterOf,
} from './measure-register/register-fold.js'
export {
  evolveMeasureRecord,
  type MeasureRecord,
  type MeasureRegisterEntry,
  type MeasureRegisterQuery,
  type RegisterStatus,
  registerStatusOn,
} from './measure-register/register-model.js'
export {
  measureById,
  measureRegister,
  measureRegisterProjection,
} from './measure-register/register-projection.js'
/** Official statistics (Brå's reported crimes …) */
export {
  evolveOfficialStatistics,
  type OfficialStatisticsState,
  officialFiguresOf,
  officialStatisticsInitialState,
} from './official-statistics/fold.js'
export type {
  OfficialFigureRow,
  OfficialFiguresQuery,
  OfficialStatisticsPublishedData,
} from './official-statistics/model.js'
export { officialStatisticsProjection } from './official-statistics/projection.js'
export { officialFigures } from './official-statistics/query.js'
/** Reporting periods */
export {
  addDays,
  addYears,
  type CadenceSetting,
  cadenceHistory,
  DEFAULT_CADENCE,
  dateOfDay,
  dayNumber,
  nextPeriod,
  type Period,
  periodContaining,
  periodsBefore,
  periodsBetween,
  previousPeriod,
} from './periods/index.js'
/** Place trends: the fold, buckets, and the query over the situation picture's tables */
export {
  evolvePlaceTrend,
  type PlaceTrendState,
  placeTrendInitialState,
  placeTrendOf,
} from './place-trend/fold.js'
export {
  bucketsBetween,
  calendarBucket,
  MAX_TREND_BUCKETS,
  type PlaceTrend,
  type PlaceTrendQuery,
  SOURCE_ORGANISATIONS,
  TREND_BUCKETS,
  TREND_SOURCES,
  type TrendBucket,
  type TrendPoint,
  type TrendSource,
  trendSourceOf,
} from './place-trend/model.js'
export { placeTrend } from './place-trend/query.js'
/** Runner: checkpoints, inline catch-up, blue/green rebuild */
export {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ReadModelProjection,
  type RebuildProgress,
} from './runner/index.js'
export {
  type CatalogueCategory,
  categoryCatalogue,
} from './situation-picture/catalogue.js'
/** Situation picture: the pure fold (the specification) */
export {
  evolve,
  initialState,
  type SituationState,
  situationPictureOf,
} from './situation-picture/fold.js'
/** Situation picture: the model both paths build */
export {
  type AreaStatus,
  BASELINE_PERIODS,
  type Baseline,
  buildSituationPicture,
  type CellDetail,
  type CellPicture,
  type Change,
  type LateEvents,
  type MeasureSummary,
  type PeriodCount,
  type PictureData,
  type PicturePlan,
  type PlaceInfo,
  type PlacePicture,
  planPicture,
  type SituationPicture,
  type SituationPictureQuery,
} from './situation-picture/model.js'
/** Situation picture: the read model and its query */
export { naivePeriodCounts } from './situation-picture/naive.js'
export { situationPictureProjection } from './situation-picture/projection.js'
export { DIRECT_READ_MARGIN_DAYS, situationPicture } from './situation-picture/query.js'
export {
  MAX_SOURCE_OBSERVATIONS,
  type SourceObservation,
  sourceObservations,
} from './situation-picture/source-observations.js'
export { TABLES as SITUATION_PICTURE_TABLES } from './situation-picture/tables.js'
/** Survey results: the fold, the read model, figures and respondents */
export {
  evolveSurveyResults,
  type SurveyResultsState,
  surveyRespondentsOf,
  surveyResultsInitialState,
  surveyResultsOf,
  surveyWavesOf,
} from './survey-results/fold.js'
export type {
  SurveyIndicatorInfo,
  SurveyRespondentRow,
  SurveyRespondentsQuery,
  SurveyResult,
  SurveyResultsQuery,
  SurveyScale,
  SurveyWave,
} from './survey-results/model.js'
export { surveyResultsProjection } from './survey-results/projection.js'
export { surveyRespondents, surveyResults, surveyWaves } from './survey-results/query.js'
