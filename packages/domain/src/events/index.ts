import { z } from 'zod'
import {
  AssessmentScaleSet,
  CategoryCatalogueSet,
  HarmWeightsSet,
  ReportingCadenceSet,
  StatusRuleSet,
} from './config.js'
import {
  MeasureCancelled,
  MeasureCompleted,
  MeasureDecided,
  MeasureEvaluated,
  MeasureProposed,
  MeasureStarted,
} from './measure.js'
import { OfficialStatisticsPublished } from './official.js'
import { OrganisationRegistered } from './organisation.js'
import { PlaceChanged, PlaceRegistered } from './place.js'
import { ProblemAnalysed, ProblemClosed, ProblemIdentified } from './problem.js'
import { ObservationCorrected, ReportRetracted, ReportSubmitted } from './report.js'
import { SurveyWaveImported } from './survey.js'

/** Every event the domain knows, discriminated by `type`. */
export const DomainEvent = z
  .discriminatedUnion('type', [
    PlaceRegistered,
    PlaceChanged,
    OrganisationRegistered,
    ReportingCadenceSet,
    CategoryCatalogueSet,
    HarmWeightsSet,
    StatusRuleSet,
    AssessmentScaleSet,
    ReportSubmitted,
    ObservationCorrected,
    ReportRetracted,
    ProblemIdentified,
    ProblemAnalysed,
    ProblemClosed,
    MeasureProposed,
    MeasureDecided,
    MeasureStarted,
    MeasureCompleted,
    MeasureCancelled,
    MeasureEvaluated,
    SurveyWaveImported,
    OfficialStatisticsPublished,
  ])
  .meta({ id: 'DomainEvent' })
export type DomainEvent = z.infer<typeof DomainEvent>

export type EventType = DomainEvent['type']

/** The event of one type, e.g. `EventOf<'ReportSubmitted'>`. */
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>

/** The data of one event type. */
export type EventDataOf<T extends EventType> = EventOf<T>['data']

/**
 * Current `schemaVersion` of each event type's data. Bump it together with an upcaster from the
 * previous version in `upcasting.ts`; never change a shape without doing both.
 */
export const CURRENT_SCHEMA_VERSIONS = {
  PlaceRegistered: 1,
  PlaceChanged: 1,
  OrganisationRegistered: 1,
  ReportingCadenceSet: 1,
  CategoryCatalogueSet: 1,
  HarmWeightsSet: 1,
  StatusRuleSet: 1,
  AssessmentScaleSet: 1,
  ReportSubmitted: 2,
  ObservationCorrected: 1,
  ReportRetracted: 1,
  ProblemIdentified: 1,
  ProblemAnalysed: 1,
  ProblemClosed: 1,
  MeasureProposed: 1,
  MeasureDecided: 1,
  MeasureStarted: 1,
  MeasureCompleted: 1,
  MeasureCancelled: 1,
  MeasureEvaluated: 1,
  SurveyWaveImported: 1,
  OfficialStatisticsPublished: 1,
} as const satisfies Record<EventType, number>

/** All event type names, in catalogue order. */
export const EVENT_TYPES = Object.keys(CURRENT_SCHEMA_VERSIONS) as readonly EventType[]

/** Narrows an event to one type. */
export const isEventOfType = <T extends EventType>(
  event: DomainEvent,
  type: T,
): event is EventOf<T> => event.type === type
