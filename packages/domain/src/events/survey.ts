import { z } from 'zod'
import { DateRange, EntityId } from '../values.js'
import { defineEvent } from './metadata.js'

/** Which survey programme a wave belongs to. */
export const SurveyKind = z
  .enum(['ntu', 'police-trygghetsmatning', 'scb', 'municipal', 'other'])
  .meta({ id: 'SurveyKind' })
export type SurveyKind = z.infer<typeof SurveyKind>

/**
 * An indicator or question and its scale. Scales differ between surveys (0–6 problem index,
 * 1–10 answers, 0–100 index, shares 0–1), so bounds and direction travel with the data.
 */
export const SurveyIndicator = z
  .object({
    indicatorId: EntityId,
    label: z.string().trim().min(1).max(500),
    scale: z.object({
      min: z.number(),
      max: z.number(),
      direction: z.enum(['higher-is-worse', 'higher-is-better']),
      unit: z.enum(['share', 'index', 'answer']).optional(),
    }),
  })
  .meta({ id: 'SurveyIndicator' })
export type SurveyIndicator = z.infer<typeof SurveyIndicator>

/** Where a figure or respondent belongs: a registered place/area, or just a published label. */
export const SurveyArea = z
  .object({ placeId: EntityId.optional(), label: z.string().trim().min(1).max(200) })
  .meta({ id: 'SurveyArea' })
export type SurveyArea = z.infer<typeof SurveyArea>

/** One respondent's answers; the id is a pseudonym from the survey supplier. */
export const SurveyRespondent = z
  .object({
    respondentId: EntityId,
    area: SurveyArea,
    ageGroup: z.string().max(20).optional(),
    sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
    /** Design or calibration weight; 1 when the survey is unweighted. */
    weight: z.number().positive(),
    /** indicatorId → ordinal answer; null for "don't know" or no answer. */
    answers: z.record(EntityId, z.number().nullable()),
  })
  .meta({ id: 'SurveyRespondent' })
export type SurveyRespondent = z.infer<typeof SurveyRespondent>

/** A published figure. CI limits and n are null only when the publisher gives none. */
export const SurveyAggregate = z
  .object({
    area: SurveyArea,
    indicatorId: EntityId,
    estimate: z.number(),
    ciLower: z.number().nullable(),
    ciUpper: z.number().nullable(),
    /** Confidence level of the interval, e.g. 0.95. */
    ciLevel: z.number().gt(0).lt(1).optional(),
    n: z.int().min(0).nullable(),
  })
  .meta({ id: 'SurveyAggregate' })
export type SurveyAggregate = z.infer<typeof SurveyAggregate>

export const SurveyContent = z
  .discriminatedUnion('format', [
    z.object({ format: z.literal('respondents'), respondents: z.array(SurveyRespondent) }),
    z.object({ format: z.literal('aggregates'), aggregates: z.array(SurveyAggregate) }),
  ])
  .meta({ id: 'SurveyContent' })
export type SurveyContent = z.infer<typeof SurveyContent>

/**
 * One chunk of an imported survey wave. A wave is split into `chunk.count` events so that each
 * stays well under 1 MB; every chunk repeats the wave header and indicators so it can be read on
 * its own. A wave is complete when chunks 0 … count−1 are all in its stream.
 */
export const SurveyWaveImportedData = z
  .object({
    waveId: EntityId,
    survey: z.object({ name: z.string().trim().min(1).max(200), kind: SurveyKind }),
    year: z.int().min(1990).max(2100),
    fieldwork: DateRange,
    source: z.string().trim().max(500).optional(),
    indicators: z.array(SurveyIndicator).min(1),
    chunk: z.object({ index: z.int().min(0), count: z.int().min(1) }),
    content: SurveyContent,
  })
  .meta({ id: 'SurveyWaveImportedData' })
export type SurveyWaveImportedData = z.infer<typeof SurveyWaveImportedData>

export const SurveyWaveImported = defineEvent('SurveyWaveImported', SurveyWaveImportedData)
export type SurveyWaveImported = z.infer<typeof SurveyWaveImported>
