import { z } from 'zod'
import { CategoryCode, EntityId, FreeText, LocalDate } from '../values.js'
import { defineEvent } from './metadata.js'

/** A recurring problem at one or more places, which measures can target. */
export const ProblemIdentifiedData = z
  .object({
    problemId: EntityId,
    title: z.string().trim().min(1).max(200),
    description: FreeText.optional(),
    placeIds: z.array(EntityId).min(1),
    categoryCodes: z.array(CategoryCode),
    identifiedOn: LocalDate,
  })
  .meta({ id: 'ProblemIdentifiedData' })
export type ProblemIdentifiedData = z.infer<typeof ProblemIdentifiedData>

export const ProblemIdentified = defineEvent('ProblemIdentified', ProblemIdentifiedData)
export type ProblemIdentified = z.infer<typeof ProblemIdentified>

/**
 * Root-cause analysis along the problem-analysis triangle: what about the place (and its
 * managers), the offending (and handlers) and the targets or victims (and guardians) lets the
 * problem recur. Describes patterns, never named persons.
 */
export const ProblemTriangle = z
  .object({ place: FreeText, offender: FreeText, target: FreeText })
  .meta({ id: 'ProblemTriangle' })
export type ProblemTriangle = z.infer<typeof ProblemTriangle>

/** A later analysis supersedes an earlier one. */
export const ProblemAnalysedData = z
  .object({
    problemId: EntityId,
    analysedOn: LocalDate,
    triangle: ProblemTriangle,
    summary: FreeText.optional(),
  })
  .meta({ id: 'ProblemAnalysedData' })
export type ProblemAnalysedData = z.infer<typeof ProblemAnalysedData>

export const ProblemAnalysed = defineEvent('ProblemAnalysed', ProblemAnalysedData)
export type ProblemAnalysed = z.infer<typeof ProblemAnalysed>

export const ProblemClosedData = z
  .object({
    problemId: EntityId,
    closedOn: LocalDate,
    outcome: z.enum(['resolved', 'reduced', 'displaced', 'merged', 'no-longer-relevant']),
    note: FreeText.optional(),
  })
  .meta({ id: 'ProblemClosedData' })
export type ProblemClosedData = z.infer<typeof ProblemClosedData>

export const ProblemClosed = defineEvent('ProblemClosed', ProblemClosedData)
export type ProblemClosed = z.infer<typeof ProblemClosed>
