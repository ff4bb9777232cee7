import { describe, expect, it } from 'vitest'
import type { SurveyRespondent } from '../events/survey.js'
import { specFor, testContext } from '../testing/decider-spec.js'
import { type ImportSurveyWaveData, mergeSurveyChunks, surveyDecider } from './survey.js'

const given = specFor(surveyDecider)

const header = {
  waveId: 'ntu-2023-mjolby',
  survey: { name: 'Nationella trygghetsundersökningen', kind: 'ntu' },
  year: 2023,
  fieldwork: { from: '2023-02-01', to: '2023-05-31' },
  indicators: [
    {
      indicatorId: 'unsafe-evening',
      label: 'Andel som känner sig mycket/ganska otrygga ute sent en kväll i området',
      scale: { min: 0, max: 1, direction: 'higher-is-worse', unit: 'share' },
    },
  ],
} as const

const aggregatesWave: ImportSurveyWaveData = {
  ...header,
  indicators: [...header.indicators],
  content: {
    format: 'aggregates',
    aggregates: [
      {
        area: { label: 'Lokalpolisområde Mjölby' },
        indicatorId: 'unsafe-evening',
        estimate: 0.21,
        ciLower: 0.17,
        ciUpper: 0.25,
        ciLevel: 0.95,
        n: 412,
      },
      {
        area: { placeId: 'centrum', label: 'Centrum' },
        indicatorId: 'unsafe-evening',
        estimate: 0.3,
        ciLower: null,
        ciUpper: null,
        n: null,
      },
    ],
  },
}

const respondent = (i: number): SurveyRespondent => ({
  respondentId: `resp-${i}`,
  area: { placeId: 'centrum', label: 'Centrum' },
  ageGroup: '16-24',
  sex: i % 2 === 0 ? 'female' : 'male',
  weight: 1.25,
  answers: { q1: (i % 6) + 1, q2: null },
})

const respondentsWave = (n: number): ImportSurveyWaveData => ({
  waveId: 'trygghetsmatning-2024',
  survey: { name: 'Polisens trygghetsmätning', kind: 'police-trygghetsmatning' },
  year: 2024,
  fieldwork: { from: '2024-01-08', to: '2024-02-20' },
  indicators: [
    {
      indicatorId: 'q1',
      label: 'Nedskräpning',
      scale: { min: 1, max: 6, direction: 'higher-is-worse' },
    },
    {
      indicatorId: 'q2',
      label: 'Klotter',
      scale: { min: 1, max: 6, direction: 'higher-is-worse' },
    },
  ],
  content: {
    format: 'respondents',
    respondents: Array.from({ length: n }, (_, i) => respondent(i)),
  },
})

const importWave = (data: ImportSurveyWaveData) => ({ type: 'ImportSurveyWave', data }) as const

describe('ImportSurveyWave', () => {
  it('imports published aggregates with CI and n as one chunk', () => {
    given([])
      .when(importWave(aggregatesWave))
      .then([
        {
          type: 'SurveyWaveImported',
          data: { ...aggregatesWave, chunk: { index: 0, count: 1 } },
        },
      ])
  })

  it('splits a large respondent-level wave into chunks under 1 MB that merge back', () => {
    const wave = respondentsWave(20_000)
    const events = surveyDecider.decide(
      importWave(wave),
      surveyDecider.initialState(),
      testContext({ actor: { organisationId: 'org-police', role: 'system' } }),
    )
    expect(events.length).toBeGreaterThan(1)
    for (const e of events) {
      expect(Buffer.byteLength(JSON.stringify(e))).toBeLessThan(1_000_000)
      expect(e.data.chunk.count).toBe(events.length)
    }
    const merged = mergeSurveyChunks([...events].reverse().map((e) => e.data))
    expect(merged).toEqual(wave)
    expect(() => mergeSurveyChunks(events.slice(1).map((e) => e.data))).toThrow(/incomplete/)
  })

  it('refuses importing the same wave twice', () => {
    given([
      { type: 'SurveyWaveImported', data: { ...aggregatesWave, chunk: { index: 0, count: 1 } } },
    ])
      .when(importWave(aggregatesWave))
      .thenThrows('stream-exists')
  })

  it('refuses fieldwork that ends before it starts or lies in the future', () => {
    given([])
      .when(importWave({ ...aggregatesWave, fieldwork: { from: '2023-05-01', to: '2023-02-01' } }))
      .thenThrows('end-before-start')
    given([])
      .when(importWave({ ...aggregatesWave, fieldwork: { from: '2024-03-01', to: '2024-06-01' } }))
      .thenThrows('date-in-future')
  })

  it('refuses a confidence interval that does not contain its estimate', () => {
    const [first] =
      aggregatesWave.content.format === 'aggregates' ? aggregatesWave.content.aggregates : []
    if (first === undefined) throw new Error('fixture')
    given([])
      .when(
        importWave({
          ...aggregatesWave,
          content: { format: 'aggregates', aggregates: [{ ...first, ciLower: 0.22 }] },
        }),
      )
      .thenThrows('invalid-survey')
  })

  it('refuses answers outside the scale and unknown indicators', () => {
    const wave = respondentsWave(2)
    const bad = (answers: SurveyRespondent['answers']): ImportSurveyWaveData => ({
      ...wave,
      content: { format: 'respondents', respondents: [{ ...respondent(1), answers }] },
    })
    given([])
      .when(importWave(bad({ q1: 7 })))
      .thenThrows('invalid-survey')
    given([])
      .when(importWave(bad({ q9: 1 })))
      .thenThrows('invalid-survey')
  })

  it('refuses an area that names an unknown place', () => {
    const wave = respondentsWave(1)
    given([])
      .when(
        importWave({
          ...wave,
          content: {
            format: 'respondents',
            respondents: [{ ...respondent(0), area: { placeId: 'atlantis', label: 'Atlantis' } }],
          },
        }),
      )
      .thenThrows('unknown-place')
  })

  it('refuses a respondent id that is a personal identity number', () => {
    const wave = respondentsWave(1)
    given([])
      .when(
        importWave({
          ...wave,
          content: {
            format: 'respondents',
            respondents: [{ ...respondent(0), respondentId: '19121212-1212' }],
          },
        }),
      )
      .thenThrows('personal-identity-number')
  })

  it('refuses a reporter', () => {
    given([])
      .when(importWave(aggregatesWave), {
        actor: { organisationId: 'org-housing', role: 'reporter' },
      })
      .thenThrows('forbidden')
  })
})
