import { z } from 'zod'
import { CategoryCode, CategoryGroup, LocalDate, ObservationKind } from '../values.js'
import { defineEvent } from './metadata.js'

/**
 * How often reporters report, from `effectiveFrom` on. Periods are counted in steps of
 * `intervalDays` from `anchorDate` (e.g. the Monday the routine started). A later event with a
 * later `effectiveFrom` changes the cadence without rewriting the past.
 */
export const ReportingCadenceSetData = z
  .object({
    intervalDays: z.union([z.literal(7), z.literal(14)]),
    anchorDate: LocalDate,
    effectiveFrom: LocalDate,
  })
  .meta({ id: 'ReportingCadenceSetData' })
export type ReportingCadenceSetData = z.infer<typeof ReportingCadenceSetData>

export const ReportingCadenceSet = defineEvent('ReportingCadenceSet', ReportingCadenceSetData)
export type ReportingCadenceSet = z.infer<typeof ReportingCadenceSet>

/** One entry in the tenant's category catalogue. */
export const Category = z
  .object({
    code: CategoryCode,
    labelSv: z.string().trim().min(1).max(200),
    labelEn: z.string().trim().min(1).max(200),
    /** The usual kind; an observation may still carry another kind. */
    kind: ObservationKind,
    group: CategoryGroup,
    /** Default relative harm weight (our own assumption, see the default catalogue). */
    harmWeight: z.number().min(0),
    /** Inactive categories stay readable for history but accept no new observations. */
    active: z.boolean(),
  })
  .meta({ id: 'Category' })
export type Category = z.infer<typeof Category>

/** Replaces the whole catalogue. Codes are never reused for something else. */
export const CategoryCatalogueSetData = z
  .object({ categories: z.array(Category).min(1) })
  .meta({ id: 'CategoryCatalogueSetData' })
export type CategoryCatalogueSetData = z.infer<typeof CategoryCatalogueSetData>

export const CategoryCatalogueSet = defineEvent('CategoryCatalogueSet', CategoryCatalogueSetData)
export type CategoryCatalogueSet = z.infer<typeof CategoryCatalogueSet>

/** Overrides catalogue harm weights from `effectiveFrom`; codes not listed keep their default. */
export const HarmWeightsSetData = z
  .object({
    weights: z.record(CategoryCode, z.number().min(0)),
    effectiveFrom: LocalDate,
    /** Where the weights come from, e.g. "local agreement 2024-05". */
    source: z.string().trim().min(1).max(500).optional(),
  })
  .meta({ id: 'HarmWeightsSetData' })
export type HarmWeightsSetData = z.infer<typeof HarmWeightsSetData>

export const HarmWeightsSet = defineEvent('HarmWeightsSet', HarmWeightsSetData)
export type HarmWeightsSet = z.infer<typeof HarmWeightsSet>

/** Colour grades of a place or area, green (calm) to red (pooled effort). */
export const PlaceStatus = z.enum(['green', 'yellow', 'orange', 'red']).meta({ id: 'PlaceStatus' })
export type PlaceStatus = z.infer<typeof PlaceStatus>

/**
 * How a place's status is graded: the score (count or harm-weighted count of observations over
 * the last `windowDays`) maps to the highest level whose `minScore` it reaches. Levels ascend
 * and the first starts at 0.
 */
export const StatusRule = z
  .object({
    basis: z.enum(['count', 'harm-weighted']),
    windowDays: z.int().min(1).max(366),
    levels: z.array(z.object({ status: PlaceStatus, minScore: z.number().min(0) })).min(2),
  })
  .meta({ id: 'StatusRule' })
export type StatusRule = z.infer<typeof StatusRule>

export const StatusRuleSetData = z
  .object({ rule: StatusRule, effectiveFrom: LocalDate })
  .meta({ id: 'StatusRuleSetData' })
export type StatusRuleSetData = z.infer<typeof StatusRuleSetData>

export const StatusRuleSet = defineEvent('StatusRuleSet', StatusRuleSetData)
export type StatusRuleSet = z.infer<typeof StatusRuleSet>

/** The ordinal scale reporters use to assess an observation (e.g. how serious it felt). */
export const AssessmentScale = z
  .object({
    scaleId: CategoryCode,
    question: z.string().trim().min(1).max(500),
    levels: z
      .array(
        z.object({
          value: z.int(),
          labelSv: z.string().trim().min(1).max(200),
          labelEn: z.string().trim().min(1).max(200),
        }),
      )
      .min(2),
  })
  .meta({ id: 'AssessmentScale' })
export type AssessmentScale = z.infer<typeof AssessmentScale>

export const AssessmentScaleSetData = z
  .object({ scale: AssessmentScale })
  .meta({ id: 'AssessmentScaleSetData' })
export type AssessmentScaleSetData = z.infer<typeof AssessmentScaleSetData>

export const AssessmentScaleSet = defineEvent('AssessmentScaleSet', AssessmentScaleSetData)
export type AssessmentScaleSet = z.infer<typeof AssessmentScaleSet>
