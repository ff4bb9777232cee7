import { describe, expect, it } from 'vitest'
import { parseStreamId, streamIdFor } from '../streams.js'
import type { OfficialStatisticsPublishedData as Data } from './official.js'
import { OfficialStatisticsPublishedData } from './official.js'

const publication = {
  publicationId: 'bra-reported-crime-dalarna',
  publisher: 'Brå',
  statistic: 'reported-crime',
  yearSemantics: 'crimes by the calendar year they were reported',
  source: 'Brå, Indikatorer för kommuners lägesbild',
  figures: [
    {
      statisticId: 'totalt-antal-anmalda-brott',
      label: 'Totalt antal anmälda brott',
      area: { label: 'Ludvika', placeId: 'ludvika' },
      year: 2024,
      count: 2127,
      ratePer100k: 8_273.9,
    },
  ],
} satisfies Data

describe('OfficialStatisticsPublished', () => {
  it('keeps figures exactly as published', () => {
    const parsed = OfficialStatisticsPublishedData.parse(publication)
    expect(parsed.figures[0]).toEqual(publication.figures[0])
  })

  it('refuses a figure with neither a count nor a rate, and negative counts', () => {
    const [figure] = publication.figures
    const without = { ...publication, figures: [{ ...figure, count: null, ratePer100k: null }] }
    expect(OfficialStatisticsPublishedData.safeParse(without).success).toBe(false)
    const negative = { ...publication, figures: [{ ...figure, count: -1 }] }
    expect(OfficialStatisticsPublishedData.safeParse(negative).success).toBe(false)
    const empty = { ...publication, figures: [] }
    expect(OfficialStatisticsPublishedData.safeParse(empty).success).toBe(false)
  })

  it('lives in its own stream, one per publication', () => {
    const streamId = streamIdFor({ type: 'OfficialStatisticsPublished', data: publication })
    expect(streamId).toBe('official-bra-reported-crime-dalarna')
    expect(parseStreamId(streamId)).toEqual({
      kind: 'official',
      id: 'bra-reported-crime-dalarna',
    })
  })
})
