import type { ProjectionEvent } from '../events.js'
import {
  areaMatches,
  checkRespondentsQuery,
  respondentOf,
  resultOf,
  type SurveyRespondentRow,
  type SurveyRespondentsQuery,
  type SurveyResult,
  type SurveyResultsQuery,
  type SurveyWave,
  type SurveyWaveImportedData,
  waveOf,
} from './model.js'

interface WaveState {
  readonly header: SurveyWaveImportedData
  /** chunk index → the chunk's data; a chunk imported again replaces the earlier copy. */
  readonly chunks: ReadonlyMap<number, SurveyWaveImportedData>
}

/** State of the pure survey-results fold: per tenant, per wave, its chunks. */
export interface SurveyResultsState {
  readonly tenants: ReadonlyMap<string, ReadonlyMap<string, WaveState>>
}

/** The empty state. */
export const surveyResultsInitialState = (): SurveyResultsState => ({ tenants: new Map() })

/**
 * Folds one event; only SurveyWaveImported changes the state.
 * @example const state = events.reduce(evolveSurveyResults, surveyResultsInitialState())
 */
export const evolveSurveyResults = (
  state: SurveyResultsState,
  event: ProjectionEvent,
): SurveyResultsState => {
  if (event.type !== 'SurveyWaveImported') return state
  const d = event.data as SurveyWaveImportedData
  const tenantId = event.metadata.tenantId
  const waves = state.tenants.get(tenantId) ?? new Map<string, WaveState>()
  const old = waves.get(d.waveId)
  const chunks = new Map(old?.chunks ?? [])
  chunks.set(d.chunk.index, d)
  const nextWaves = new Map(waves)
  nextWaves.set(d.waveId, { header: d, chunks })
  const tenants = new Map(state.tenants)
  tenants.set(tenantId, nextWaves)
  return { tenants }
}

const sortedWaves = (state: SurveyResultsState, tenantId: string) =>
  [...(state.tenants.get(tenantId)?.values() ?? [])]
    .map((w) => ({ w, wave: waveOf(w.header, [...w.chunks.keys()]) }))
    .sort((a, b) => (a.wave.waveId < b.wave.waveId ? -1 : a.wave.waveId > b.wave.waveId ? 1 : 0))

const chunksInOrder = (w: WaveState): SurveyWaveImportedData[] =>
  [...w.chunks.entries()].sort(([a], [b]) => a - b).map(([, c]) => c)

/** The tenant's waves, ordered by wave id, with completeness. */
export const surveyWavesOf = (state: SurveyResultsState, tenantId: string): SurveyWave[] =>
  sortedWaves(state, tenantId).map(({ wave }) => wave)

/**
 * Published figures by the pure fold, in wave id, chunk and import order.
 * @example surveyResultsOf(state, 'mjolby', { year: 2024, indicator: 'unsafe-evening' })
 */
export const surveyResultsOf = (
  state: SurveyResultsState,
  tenantId: string,
  query: SurveyResultsQuery = {},
): SurveyResult[] => {
  const out: SurveyResult[] = []
  for (const { w, wave } of sortedWaves(state, tenantId)) {
    if (query.waveId !== undefined && wave.waveId !== query.waveId) continue
    if (query.year !== undefined && wave.year !== query.year) continue
    for (const chunk of chunksInOrder(w)) {
      if (chunk.content.format !== 'aggregates') continue
      for (const a of chunk.content.aggregates) {
        const r = resultOf(wave, a)
        if (query.area !== undefined && !areaMatches(r.area, query.area)) continue
        if (query.indicator !== undefined && r.indicatorId !== query.indicator) continue
        out.push(r)
      }
    }
  }
  return out
}

/**
 * Respondent-level answers by the pure fold, in wave id, chunk and import order.
 * @throws RangeError when neither waveId nor year is given
 */
export const surveyRespondentsOf = (
  state: SurveyResultsState,
  tenantId: string,
  query: SurveyRespondentsQuery,
): SurveyRespondentRow[] => {
  checkRespondentsQuery(query)
  const areas = query.areaIds === undefined ? undefined : query.areaIds
  const out: SurveyRespondentRow[] = []
  for (const { w, wave } of sortedWaves(state, tenantId)) {
    if (query.waveId !== undefined && wave.waveId !== query.waveId) continue
    if (query.year !== undefined && wave.year !== query.year) continue
    for (const chunk of chunksInOrder(w)) {
      if (chunk.content.format !== 'respondents') continue
      for (const r of chunk.content.respondents) {
        const row = respondentOf(wave, r)
        if (areas && !areas.some((a) => areaMatches(row.area, a))) continue
        out.push(row)
      }
    }
  }
  return out
}
