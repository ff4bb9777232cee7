import { z } from 'zod'
import { EntityId } from '../values.js'
import { defineEvent } from './metadata.js'
import { SurveyArea } from './survey.js'

/**
 * One published official figure: a count and/or a rate per 100,000 inhabitants for a geography
 * and a year, exactly as the publisher gave it. Nothing here is a partner's report or a survey
 * answer, so official figures are kept apart from both and never summed with them.
 */
export const OfficialFigure = z
  .object({
    /** Stable id of the statistic within the publisher, e.g. `totalt-antal-anmalda-brott`. */
    statisticId: EntityId,
    /** The publisher's own name of the statistic, e.g. `Totalt antal anmälda brott`. */
    label: z.string().trim().min(1).max(500),
    /** The geography as published, and the registered place when the import maps it. */
    area: SurveyArea,
    /** The year the figure refers to, in the publisher's own counting (see `yearSemantics`). */
    year: z.int().min(1900).max(2200),
    count: z.number().min(0).nullable(),
    ratePer100k: z.number().min(0).nullable(),
  })
  .refine((f) => f.count !== null || f.ratePer100k !== null, {
    message: 'a figure needs a count or a rate',
  })
  .meta({ id: 'OfficialFigure' })
export type OfficialFigure = z.infer<typeof OfficialFigure>

/**
 * A batch of official statistics as published (today: Brå's reported crimes per municipality and
 * year). A later publication of the same figure (a new vintage) is a later event; the read model
 * answers "as known at" from the recording times, so a picture shows what was published then.
 */
export const OfficialStatisticsPublishedData = z
  .object({
    /** Id of this publication within the tenant, e.g. `bra-reported-crime-dalarna`. */
    publicationId: EntityId,
    publisher: z.string().trim().min(1).max(100),
    /** What kind of statistic; decides which views may show it beside which reports. */
    statistic: z.enum(['reported-crime']),
    /** How the publisher counts a year, in words (e.g. crimes by the year they were reported). */
    yearSemantics: z.string().trim().min(1).max(300),
    source: z.string().trim().min(1).max(500),
    figures: z.array(OfficialFigure).min(1).max(20_000),
  })
  .meta({ id: 'OfficialStatisticsPublishedData' })
export type OfficialStatisticsPublishedData = z.infer<typeof OfficialStatisticsPublishedData>

export const OfficialStatisticsPublished = defineEvent(
  'OfficialStatisticsPublished',
  OfficialStatisticsPublishedData,
)
export type OfficialStatisticsPublished = z.infer<typeof OfficialStatisticsPublished>
