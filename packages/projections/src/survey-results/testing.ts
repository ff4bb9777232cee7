/** Builders for survey test events (tests only; not exported from the package). */
import type { ProjectionEvent } from '../events.js'
import { event } from '../testing/events.js'
import type { SurveyAggregateData, SurveyRespondentData } from './model.js'

export const INDICATORS = [
  {
    indicatorId: 'unsafe-evening',
    label: 'Feels very or fairly unsafe out alone late in the evening',
    scale: { min: 0, max: 1, direction: 'higher-is-worse' as const, unit: 'share' as const },
  },
  {
    indicatorId: 'disorder-index',
    label: 'Problem index: disorder',
    scale: { min: 0, max: 6, direction: 'higher-is-worse' as const, unit: 'index' as const },
  },
]

export interface ChunkInput {
  readonly tenantId?: string
  readonly waveId: string
  readonly year: number
  readonly index: number
  readonly count: number
  readonly recordedAt: string
  readonly respondents?: readonly SurveyRespondentData[]
  readonly aggregates?: readonly SurveyAggregateData[]
}

/** One SurveyWaveImported chunk, shaped like the domain event. */
export const surveyChunk = (c: ChunkInput): ProjectionEvent =>
  event(
    'SurveyWaveImported',
    {
      waveId: c.waveId,
      survey: { name: 'Trygghetsmätning', kind: 'police-trygghetsmatning' },
      year: c.year,
      fieldwork: { from: `${c.year}-03-01`, to: `${c.year}-04-30` },
      source: 'test',
      indicators: INDICATORS,
      chunk: { index: c.index, count: c.count },
      content: c.aggregates
        ? { format: 'aggregates', aggregates: c.aggregates }
        : { format: 'respondents', respondents: c.respondents ?? [] },
    },
    { recordedAt: c.recordedAt, ...(c.tenantId ? { tenantId: c.tenantId } : {}) },
  )
