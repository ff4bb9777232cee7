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
/** Runner: checkpoints, inline catch-up, blue/green rebuild */
export {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ReadModelProjection,
  type RebuildProgress,
} from './runner/index.js'
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
  type CellComparison,
  type CellDetail,
  type CellPicture,
  type Change,
  type LateEvents,
  type MeasureSummary,
  type PictureData,
  type PicturePlan,
  type PlaceInfo,
  type PlacePicture,
  type PlaceTotals,
  planPicture,
  type SituationPicture,
  type SituationPictureQuery,
} from './situation-picture/model.js'
/** Situation picture: the read model and its query */
export { naivePeriodCounts } from './situation-picture/naive.js'
export { situationPictureProjection } from './situation-picture/projection.js'
export { DIRECT_READ_MARGIN_DAYS, situationPicture } from './situation-picture/query.js'
