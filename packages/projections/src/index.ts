/** Reporting periods */

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
export type { ProjectionEvent, StatusRule } from './events.js'
/** Runner and read models (used by the application layer) */
export { EVENT_STORE_LOG, type LogTable } from './log.js'
/** Measure register */
export {
  awaitsEvaluation,
  evolveMeasure,
  isActiveOn,
  type MeasureState,
  type MeasureStatus,
  measureStatusOn,
} from './measure-register/model.js'
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
export {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ReadModelProjection,
  type RebuildProgress,
} from './runner/index.js'
export {
  evolve,
  initialState,
  type SituationState,
  situationPictureOf,
} from './situation-picture/fold.js'
/** Situation picture (lägesbild): model and pure fold */
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
export { situationPictureProjection } from './situation-picture/projection.js'
