import { z } from 'zod'
import {
  CategoryCode,
  DateRange,
  EntityId,
  FreeText,
  ObservationKind,
  OccurredOn,
} from '../values.js'
import { defineEvent } from './metadata.js'

/** Whether the reporter saw it or suspects it (suspicions count, marked as such). */
export const Certainty = z.enum(['observed', 'suspected']).meta({ id: 'Certainty' })
export type Certainty = z.infer<typeof Certainty>

/** Whether a police report was filed, as far as the reporter knows. */
export const PoliceReported = z.enum(['yes', 'no', 'unknown']).meta({ id: 'PoliceReported' })
export type PoliceReported = z.infer<typeof PoliceReported>

/** What, where and when: one line of a report. About places and situations, never persons. */
export const Observation = z
  .object({
    /** Unique within the report; corrections address it. */
    observationId: EntityId,
    kind: ObservationKind,
    categoryCode: CategoryCode,
    placeId: EntityId,
    occurredOn: OccurredOn,
    count: z.int().min(1).max(10_000),
    certainty: Certainty,
    policeReported: PoliceReported,
    /** A value on the tenant's assessment scale at the time of reporting. */
    assessment: z.int().optional(),
    note: FreeText.optional(),
  })
  .meta({ id: 'Observation' })
export type Observation = z.infer<typeof Observation>

export const ReportSubmittedData = z
  .object({
    reportId: EntityId,
    reporterOrganisationId: EntityId,
    /** The reporting period the report covers, when it is a periodic checklist report. */
    period: DateRange.optional(),
    observations: z.array(Observation).min(1).max(500),
    note: FreeText.optional(),
  })
  .meta({ id: 'ReportSubmittedData' })
export type ReportSubmittedData = z.infer<typeof ReportSubmittedData>

/** Schema version 2: `occurredOn` became an object with a precision (v1 had a bare date). */
export const ReportSubmitted = defineEvent('ReportSubmitted', ReportSubmittedData)
export type ReportSubmitted = z.infer<typeof ReportSubmitted>

/** Replaces one observation of a report as a whole (same `observationId`). */
export const ObservationCorrectedData = z
  .object({
    reportId: EntityId,
    observation: Observation,
    reason: FreeText.optional(),
  })
  .meta({ id: 'ObservationCorrectedData' })
export type ObservationCorrectedData = z.infer<typeof ObservationCorrectedData>

export const ObservationCorrected = defineEvent('ObservationCorrected', ObservationCorrectedData)
export type ObservationCorrected = z.infer<typeof ObservationCorrected>

/** The whole report no longer counts, from `recordedAt` on; history keeps it. */
export const ReportRetractedData = z
  .object({ reportId: EntityId, reason: FreeText })
  .meta({ id: 'ReportRetractedData' })
export type ReportRetractedData = z.infer<typeof ReportRetractedData>

export const ReportRetracted = defineEvent('ReportRetracted', ReportRetractedData)
export type ReportRetracted = z.infer<typeof ReportRetracted>
