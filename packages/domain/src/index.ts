/** @module @lagesbild/domain: event schemas, value types and pure deciders. No I/O. */

/** Seeded configuration */
export {
  DEFAULT_ASSESSMENT_SCALE,
  DEFAULT_CATEGORY_CATALOGUE,
  DEFAULT_STATUS_RULE,
} from './catalogue.js'
/** Dates (`YYYY-MM-DD` strings) */
export { addDays, dateOfInstant, daysBetween } from './dates.js'
/** Deciders: tenant configuration */
export {
  ConfigCommand,
  type ConfigEvent,
  type ConfigState,
  configDecider,
  effectiveCatalogue,
  SetAssessmentScale,
  SetCategoryCatalogue,
  SetHarmWeights,
  SetReportingCadence,
  SetStatusRule,
} from './deciders/config.js'
/** Deciders: shared types and the command entry point */
export type { DecideContext, Decider, IdLookup, Registry } from './deciders/context.js'
export {
  Command,
  type CommandType,
  decideCommand,
  streamIdForCommand,
} from './deciders/index.js'
export {
  CancelMeasure,
  CompleteMeasure,
  DecideMeasure,
  EvaluateMeasure,
  MeasureCommand,
  type MeasureEvent,
  type MeasureState,
  type MeasureStatus,
  measureDecider,
  ProposeMeasure,
  StartMeasure,
} from './deciders/measure.js'
export {
  OrganisationCommand,
  type OrganisationEvent,
  type OrganisationState,
  organisationDecider,
  RegisterOrganisation,
} from './deciders/organisation.js'
/** Deciders: places and organisations */
export {
  applyPlaceChange,
  ChangePlace,
  PlaceCommand,
  type PlaceEvent,
  type PlaceState,
  placeDecider,
  RegisterPlace,
} from './deciders/place.js'
/** Deciders: problems and measures */
export {
  AnalyseProblem,
  CloseProblem,
  IdentifyProblem,
  ProblemCommand,
  type ProblemEvent,
  type ProblemState,
  problemDecider,
} from './deciders/problem.js'
/** Deciders: reports */
export {
  CorrectObservation,
  ReportCommand,
  type ReportEvent,
  type ReportState,
  RetractReport,
  reportDecider,
  SubmitReport,
} from './deciders/report.js'
/** Deciders: surveys */
export {
  chunkSurveyContent,
  ImportSurveyWave,
  ImportSurveyWaveData,
  mergeSurveyChunks,
  SURVEY_CHUNK_BYTES,
  SurveyCommand,
  type SurveyEvent,
  type SurveyState,
  surveyDecider,
} from './deciders/survey.js'
/** Errors */
export {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorCode,
  type DomainErrorKind,
  isConflictError,
  isDomainError,
  isForbiddenError,
  isNotFoundError,
  isValidationError,
} from './errors.js'
/** Events: tenant configuration */
export {
  AssessmentScale,
  AssessmentScaleSet,
  AssessmentScaleSetData,
  Category,
  CategoryCatalogueSet,
  CategoryCatalogueSetData,
  HarmWeightsSet,
  HarmWeightsSetData,
  PlaceStatus,
  ReportingCadenceSet,
  ReportingCadenceSetData,
  StatusRule,
  StatusRuleSet,
  StatusRuleSetData,
} from './events/config.js'
/** All events, versions and parsing */
export {
  CURRENT_SCHEMA_VERSIONS,
  DomainEvent,
  EVENT_TYPES,
  type EventDataOf,
  type EventOf,
  type EventType,
  isEventOfType,
} from './events/index.js'
/** Events: measures */
export {
  MeasureCancelled,
  MeasureCancelledData,
  MeasureCompleted,
  MeasureCompletedData,
  MeasureDecided,
  MeasureDecidedData,
  MeasureEvaluated,
  MeasureEvaluatedData,
  MeasureProposed,
  MeasureProposedData,
  MeasureStarted,
  MeasureStartedData,
  MeasureType,
  MeasureVerdict,
} from './events/measure.js'
/** Event envelope */
export { EventMetadata } from './events/metadata.js'
export {
  OrganisationKind,
  OrganisationRegistered,
  OrganisationRegisteredData,
} from './events/organisation.js'
/** Events: places and organisations */
export {
  PlaceChanged,
  PlaceChangedData,
  PlaceKind,
  PlaceLevel,
  PlaceRegistered,
  PlaceRegisteredData,
} from './events/place.js'
/** Events: problems */
export {
  ProblemAnalysed,
  ProblemAnalysedData,
  ProblemClosed,
  ProblemClosedData,
  ProblemIdentified,
  ProblemIdentifiedData,
  ProblemTriangle,
} from './events/problem.js'
/** Events: reports */
export {
  Certainty,
  Observation,
  ObservationCorrected,
  ObservationCorrectedData,
  PoliceReported,
  ReportRetracted,
  ReportRetractedData,
  ReportSubmitted,
  ReportSubmittedData,
} from './events/report.js'
/** Events: surveys */
export {
  SurveyAggregate,
  SurveyArea,
  SurveyContent,
  SurveyIndicator,
  SurveyKind,
  SurveyRespondent,
  SurveyWaveImported,
  SurveyWaveImportedData,
} from './events/survey.js'

/** Privacy screening */
export {
  containsPersonalIdentityNumber,
  findPersonalIdentityNumber,
} from './personal-identity-number.js'

/** Streams */
export {
  CONFIG_STREAM_ID,
  parseStreamId,
  type StreamKind,
  streamIdFor,
  streamIds,
} from './streams.js'
export {
  createEventParser,
  EVENT_SCHEMAS,
  type EventParser,
  parseEvent,
  type RawEvent,
  UPCASTERS,
  type Upcaster,
  upcastEvent,
} from './upcasting.js'
/** Value types */
export {
  Actor,
  CategoryCode,
  CategoryGroup,
  DateRange,
  EntityId,
  FreeText,
  GeoPoint,
  GeoPolygon,
  Instant,
  LocalDate,
  ObservationKind,
  OccurredOn,
  PartOfDay,
  Role,
  TenantId,
  TimeOfDay,
} from './values.js'

/** Scaffold */
/** @deprecated scaffold placeholder kept until packages/projections stops importing it. */
export const probe = (x: number): number => x + 1
