/** @module @lagesbild/domain: event schemas, value types and pure deciders. No I/O. */

/** Seeded configuration: default category catalogue, assessment scale, status rule */
export {
  DEFAULT_ASSESSMENT_SCALE,
  DEFAULT_CATEGORY_CATALOGUE,
  DEFAULT_STATUS_RULE,
} from './catalogue.js'

/** Dates (`YYYY-MM-DD` strings) */
export { addDays, dateOfInstant, daysBetween } from './dates.js'

/** Deciders: tenant configuration (stream `config`) */
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

/** Deciders: shared types */
export {
  DEFAULT_FUTURE_TOLERANCE_DAYS,
  type DecideContext,
  type Decider,
  type IdLookup,
  type Registry,
} from './deciders/context.js'

/** Commands: the union and the entry point for the API */
export {
  Command,
  type CommandType,
  decideCommand,
  streamIdForCommand,
} from './deciders/index.js'

/** Deciders: measures */
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

/** Deciders: organisations */
export {
  OrganisationCommand,
  type OrganisationEvent,
  type OrganisationState,
  organisationDecider,
  RegisterOrganisation,
} from './deciders/organisation.js'

/** Deciders: places */
export {
  applyPlaceChange,
  ChangePlace,
  PlaceCommand,
  type PlaceEvent,
  type PlaceState,
  placeDecider,
  RegisterPlace,
} from './deciders/place.js'

/** Deciders: problems */
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

/** Deciders: survey waves */
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

/** Events: the union, types and schema versions */
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

/** Events: envelope metadata */
export { EventMetadata } from './events/metadata.js'
/** Events: official statistics (Brå's reported crimes …) */
export {
  OfficialFigure,
  OfficialStatisticsPublished,
  OfficialStatisticsPublishedData,
} from './events/official.js'
/** Events: organisations */
export {
  OrganisationKind,
  OrganisationRegistered,
  OrganisationRegisteredData,
} from './events/organisation.js'
/** Events: places */
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
/** Events: survey waves */
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

/** Privacy: personal identity number screening */
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

/** Parsing stored events and upcasting */
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
