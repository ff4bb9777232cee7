import { describe, expect, it } from 'vitest'
import type { ProjectionEvent } from '../events.js'
import {
  evolveSurveyResults,
  surveyRespondentsOf,
  surveyResultsInitialState,
  surveyResultsOf,
  surveyWavesOf,
} from './fold.js'
import { surveyChunk } from './testing.js'

const fold = (events: readonly ProjectionEvent[]) =>
  events.reduce(evolveSurveyResults, surveyResultsInitialState())

const respondent = (id: string, area: string, answer: number | null, weight = 1) => ({
  respondentId: id,
  area: { placeId: area, label: area.toUpperCase() },
  ageGroup: '16-24',
  sex: 'female' as const,
  weight,
  answers: { 'unsafe-evening': answer, 'disorder-index': 2 },
})

const published = [
  {
    area: { placeId: 'centrum', label: 'Centrum' },
    indicatorId: 'unsafe-evening',
    estimate: 0.31,
    ciLower: 0.24,
    ciUpper: 0.39,
    ciLevel: 0.95,
    n: 142,
  },
  {
    area: { label: 'Lokalpolisområde Mjölby' },
    indicatorId: 'disorder-index',
    estimate: 2.4,
    ciLower: null,
    ciUpper: null,
    n: null,
  },
]

describe('survey results fold', () => {
  it('keeps published figures as published, with CI, n and the scale from the wave', () => {
    const state = fold([
      surveyChunk({
        waveId: 'w24',
        year: 2024,
        index: 0,
        count: 1,
        recordedAt: '2024-06-01T10:00:00Z',
        aggregates: published,
      }),
    ])
    const [centrum, lpo] = surveyResultsOf(state, 'demo')
    expect(centrum).toMatchObject({
      waveId: 'w24',
      year: 2024,
      area: { placeId: 'centrum', label: 'Centrum' },
      estimate: 0.31,
      ciLower: 0.24,
      ciUpper: 0.39,
      ciLevel: 0.95,
      n: 142,
      indicator: { scale: { min: 0, max: 1, direction: 'higher-is-worse', unit: 'share' } },
    })
    expect(lpo).toMatchObject({ area: { placeId: null }, ciLower: null, ciLevel: null, n: null })
    expect(surveyResultsOf(state, 'demo', { area: 'Lokalpolisområde Mjölby' })).toHaveLength(1)
    expect(surveyResultsOf(state, 'demo', { indicator: 'unsafe-evening' })).toHaveLength(1)
    expect(surveyResultsOf(state, 'demo', { year: 2023 })).toEqual([])
  })

  it('appends respondent chunks; the wave is complete when every chunk has arrived', () => {
    const chunk = (index: number, ids: string[], recordedAt: string) =>
      surveyChunk({
        waveId: 'w24',
        year: 2024,
        index,
        count: 3,
        recordedAt,
        respondents: ids.map((id) => respondent(id, id < 'c' ? 'centrum' : 'norr', 1)),
      })
    const events = [
      chunk(2, ['e'], '2024-06-01T10:00:00Z'),
      chunk(0, ['a', 'b'], '2024-06-01T10:01:00Z'),
    ]
    expect(surveyWavesOf(fold(events), 'demo')[0]).toMatchObject({
      chunksReceived: [0, 2],
      complete: false,
    })
    const all = fold([...events, chunk(1, ['c', 'd'], '2024-06-01T10:02:00Z')])
    expect(surveyWavesOf(all, 'demo')[0]?.complete).toBe(true)
    expect(surveyRespondentsOf(all, 'demo', { year: 2024 }).map((r) => r.respondentId)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ])
    expect(
      surveyRespondentsOf(all, 'demo', { waveId: 'w24', areaIds: ['NORR'] }).map(
        (r) => r.respondentId,
      ),
    ).toEqual(['c', 'd', 'e'])
    expect(surveyRespondentsOf(all, 'demo', { waveId: 'w24' })[0]).toEqual({
      waveId: 'w24',
      year: 2024,
      respondentId: 'a',
      areaId: 'centrum',
      area: { placeId: 'centrum', label: 'CENTRUM' },
      ageGroup: '16-24',
      sex: 'female',
      weight: 1,
      answers: { 'unsafe-evening': 1, 'disorder-index': 2 },
    })
  })

  it('a chunk imported again replaces its earlier copy instead of doubling respondents', () => {
    const c = (answer: number, recordedAt: string) =>
      surveyChunk({
        waveId: 'w',
        year: 2023,
        index: 0,
        count: 1,
        recordedAt,
        respondents: [respondent('a', 'centrum', answer, 1.5)],
      })
    const rows = surveyRespondentsOf(
      fold([c(1, '2023-06-01T00:00:00Z'), c(4, '2023-06-02T00:00:00Z')]),
      'demo',
      { waveId: 'w' },
    )
    expect(rows.map((r) => [r.respondentId, r.answers['unsafe-evening'], r.weight])).toEqual([
      ['a', 4, 1.5],
    ])
  })

  it('refuses an unbounded respondent read', () => {
    expect(() => surveyRespondentsOf(fold([]), 'demo', {})).toThrow(RangeError)
  })
})
