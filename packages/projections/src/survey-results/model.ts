/**
 * Survey waves as the projections read them: SurveyWaveImported data (packages/domain,
 * events/survey.ts), declared structurally like the other projection events.
 */

export interface SurveyScale {
  readonly min: number
  readonly max: number
  readonly direction: 'higher-is-worse' | 'higher-is-better'
  readonly unit?: 'share' | 'index' | 'answer'
}

export interface SurveyIndicatorInfo {
  readonly indicatorId: string
  readonly label: string
  readonly scale: SurveyScale
}

export interface SurveyAreaRef {
  readonly placeId?: string
  readonly label: string
}

export interface SurveyRespondentData {
  readonly respondentId: string
  readonly area: SurveyAreaRef
  readonly ageGroup?: string
  readonly sex?: string
  readonly weight: number
  readonly answers: Readonly<Record<string, number | null>>
}

export interface SurveyAggregateData {
  readonly area: SurveyAreaRef
  readonly indicatorId: string
  readonly estimate: number
  readonly ciLower: number | null
  readonly ciUpper: number | null
  readonly ciLevel?: number
  readonly n: number | null
}

export interface SurveyWaveImportedData {
  readonly waveId: string
  readonly survey: { readonly name: string; readonly kind: string }
  readonly year: number
  readonly fieldwork: { readonly from: string; readonly to: string }
  readonly source?: string
  readonly indicators: readonly SurveyIndicatorInfo[]
  readonly chunk: { readonly index: number; readonly count: number }
  readonly content:
    | { readonly format: 'respondents'; readonly respondents: readonly SurveyRespondentData[] }
    | { readonly format: 'aggregates'; readonly aggregates: readonly SurveyAggregateData[] }
}

/** A wave's header: what every chunk repeats (the latest chunk's copy wins). */
export interface SurveyWave {
  readonly waveId: string
  readonly survey: { readonly name: string; readonly kind: string }
  readonly year: number
  readonly fieldwork: { readonly from: string; readonly to: string }
  readonly source: string | null
  readonly indicators: readonly SurveyIndicatorInfo[]
  readonly chunkCount: number
  /** Chunk indexes received, ascending. */
  readonly chunksReceived: readonly number[]
  /** Every chunk 0 … chunkCount−1 has arrived: figures from an incomplete wave are partial. */
  readonly complete: boolean
}

/** One published figure, kept as published with its interval and n. */
export interface SurveyResult {
  readonly waveId: string
  readonly survey: { readonly name: string; readonly kind: string }
  readonly year: number
  readonly area: { readonly placeId: string | null; readonly label: string }
  readonly indicatorId: string
  /** The indicator's label and scale from the wave header (null if the header lacks it). */
  readonly indicator: SurveyIndicatorInfo | null
  readonly estimate: number
  readonly ciLower: number | null
  readonly ciUpper: number | null
  readonly ciLevel: number | null
  readonly n: number | null
}

/** One respondent of a wave, for the statistics (weights, post-strata, ordinal answers). */
export interface SurveyRespondentRow {
  readonly waveId: string
  readonly year: number
  readonly respondentId: string
  /** The registered place when the survey names one, else the published area label. */
  readonly areaId: string
  readonly area: { readonly placeId: string | null; readonly label: string }
  readonly ageGroup: string | null
  readonly sex: string | null
  readonly weight: number
  /** indicatorId → ordinal answer; null for "don't know" or no answer. */
  readonly answers: Readonly<Record<string, number | null>>
}

export interface SurveyResultsQuery {
  readonly waveId?: string
  readonly year?: number
  /** A place id or a published area label. */
  readonly area?: string
  readonly indicator?: string
}

export interface SurveyRespondentsQuery {
  readonly waveId?: string
  readonly year?: number
  /** Place ids or area labels; absent means every area. */
  readonly areaIds?: readonly string[]
}

/**
 * Respondent-level data is large: refuse an unbounded read.
 * @throws RangeError when neither waveId nor year is given
 */
export const checkRespondentsQuery = (query: SurveyRespondentsQuery): void => {
  if (query.waveId === undefined && query.year === undefined) {
    throw new RangeError('pass waveId or year: respondent-level reads are per wave or year')
  }
}

/** The header a chunk carries, merged with the chunks seen so far. */
export const waveOf = (d: SurveyWaveImportedData, received: readonly number[]): SurveyWave => {
  const chunksReceived = [...new Set(received)].sort((a, b) => a - b)
  const count = d.chunk.count
  return {
    waveId: d.waveId,
    survey: { name: d.survey.name, kind: d.survey.kind },
    year: d.year,
    fieldwork: { from: d.fieldwork.from, to: d.fieldwork.to },
    source: d.source ?? null,
    indicators: d.indicators,
    chunkCount: count,
    chunksReceived,
    complete: Array.from({ length: count }, (_, i) => i).every((i) => chunksReceived.includes(i)),
  }
}

export const areaMatches = (
  area: { readonly placeId: string | null; readonly label: string },
  wanted: string,
): boolean => area.placeId === wanted || area.label === wanted

export const resultOf = (wave: SurveyWave, a: SurveyAggregateData): SurveyResult => ({
  waveId: wave.waveId,
  survey: wave.survey,
  year: wave.year,
  area: { placeId: a.area.placeId ?? null, label: a.area.label },
  indicatorId: a.indicatorId,
  indicator: wave.indicators.find((i) => i.indicatorId === a.indicatorId) ?? null,
  estimate: a.estimate,
  ciLower: a.ciLower,
  ciUpper: a.ciUpper,
  ciLevel: a.ciLevel ?? null,
  n: a.n,
})

export const respondentOf = (
  wave: Pick<SurveyWave, 'waveId' | 'year'>,
  r: SurveyRespondentData,
): SurveyRespondentRow => ({
  waveId: wave.waveId,
  year: wave.year,
  respondentId: r.respondentId,
  areaId: r.area.placeId ?? r.area.label,
  area: { placeId: r.area.placeId ?? null, label: r.area.label },
  ageGroup: r.ageGroup ?? null,
  sex: r.sex ?? null,
  weight: r.weight,
  answers: { ...r.answers },
})
