import { z } from 'zod'
import { CategoryCode, EntityId, FreeText, LocalDate } from '../values.js'
import { defineEvent } from './metadata.js'

/** What sort of measure (insats). */
export const MeasureType = z
  .enum([
    'police-presence',
    'lighting',
    'cleaning',
    'camera',
    'social-outreach',
    'environmental-design',
    'guarding',
    'other',
  ])
  .meta({ id: 'MeasureType' })
export type MeasureType = z.infer<typeof MeasureType>

/**
 * Lifecycle proposed → decided → started → completed, cancellable any time before completion,
 * evaluated after completion. Treated, control and buffer places are fixed at proposal so the
 * evaluation design is set before the outcome is known.
 */
export const MeasureProposedData = z
  .object({
    measureId: EntityId,
    title: z.string().trim().min(1).max(200),
    description: FreeText.optional(),
    type: MeasureType,
    ownerOrganisationId: EntityId,
    placeIds: z.array(EntityId).min(1),
    targetCategories: z.array(CategoryCode),
    controlPlaceIds: z.array(EntityId).optional(),
    bufferPlaceIds: z.array(EntityId).optional(),
    problemId: EntityId.optional(),
    plannedStart: LocalDate.optional(),
    plannedEnd: LocalDate.optional(),
  })
  .meta({ id: 'MeasureProposedData' })
export type MeasureProposedData = z.infer<typeof MeasureProposedData>

export const MeasureProposed = defineEvent('MeasureProposed', MeasureProposedData)
export type MeasureProposed = z.infer<typeof MeasureProposed>

export const MeasureDecidedData = z
  .object({
    measureId: EntityId,
    decidedOn: LocalDate,
    plannedStart: LocalDate.optional(),
    plannedEnd: LocalDate.optional(),
    note: FreeText.optional(),
  })
  .meta({ id: 'MeasureDecidedData' })
export type MeasureDecidedData = z.infer<typeof MeasureDecidedData>

export const MeasureDecided = defineEvent('MeasureDecided', MeasureDecidedData)
export type MeasureDecided = z.infer<typeof MeasureDecided>

export const MeasureStartedData = z
  .object({ measureId: EntityId, startedOn: LocalDate, note: FreeText.optional() })
  .meta({ id: 'MeasureStartedData' })
export type MeasureStartedData = z.infer<typeof MeasureStartedData>

export const MeasureStarted = defineEvent('MeasureStarted', MeasureStartedData)
export type MeasureStarted = z.infer<typeof MeasureStarted>

export const MeasureCompletedData = z
  .object({ measureId: EntityId, completedOn: LocalDate, note: FreeText.optional() })
  .meta({ id: 'MeasureCompletedData' })
export type MeasureCompletedData = z.infer<typeof MeasureCompletedData>

export const MeasureCompleted = defineEvent('MeasureCompleted', MeasureCompletedData)
export type MeasureCompleted = z.infer<typeof MeasureCompleted>

export const MeasureCancelledData = z
  .object({ measureId: EntityId, cancelledOn: LocalDate, reason: FreeText })
  .meta({ id: 'MeasureCancelledData' })
export type MeasureCancelledData = z.infer<typeof MeasureCancelledData>

export const MeasureCancelled = defineEvent('MeasureCancelled', MeasureCancelledData)
export type MeasureCancelled = z.infer<typeof MeasureCancelled>

/** The evaluators' judgement after completion. */
export const MeasureVerdict = z
  .enum(['effective', 'promising', 'no-effect', 'harmful', 'inconclusive'])
  .meta({ id: 'MeasureVerdict' })
export type MeasureVerdict = z.infer<typeof MeasureVerdict>

export const MeasureEvaluatedData = z
  .object({
    measureId: EntityId,
    evaluatedOn: LocalDate,
    verdict: MeasureVerdict,
    /** Maryland Scientific Methods Scale level of the evidence behind the verdict. */
    evidenceLevel: z.int().min(1).max(5).optional(),
    notes: FreeText,
  })
  .meta({ id: 'MeasureEvaluatedData' })
export type MeasureEvaluatedData = z.infer<typeof MeasureEvaluatedData>

export const MeasureEvaluated = defineEvent('MeasureEvaluated', MeasureEvaluatedData)
export type MeasureEvaluated = z.infer<typeof MeasureEvaluated>
