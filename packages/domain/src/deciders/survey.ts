import { z } from 'zod'
import { DomainError } from '../errors.js'
import {
  type SurveyContent,
  type SurveyIndicator,
  type SurveyWaveImported,
  SurveyWaveImportedData,
} from '../events/survey.js'
import {
  type DecideContext,
  type Decider,
  defineCommand,
  emit,
  requireKnown,
  requireNoPersonalIdentityNumber,
  requireNotInFuture,
  requireNotReporter,
  requireOrder,
  streamExists,
} from './context.js'

/**
 * Upper bound for the serialised rows of one chunk. Leaves headroom under the ~1 MB per event
 * the store is designed for, for the repeated header and the metadata.
 */
export const SURVEY_CHUNK_BYTES = 512_000

/** A whole wave as the importer read it; the decider splits it into chunk events. */
export const ImportSurveyWaveData = SurveyWaveImportedData.omit({ chunk: true }).meta({
  id: 'ImportSurveyWaveData',
})
export type ImportSurveyWaveData = z.infer<typeof ImportSurveyWaveData>

export const ImportSurveyWave = defineCommand('ImportSurveyWave', ImportSurveyWaveData)
export type ImportSurveyWave = z.infer<typeof ImportSurveyWave>

export const SurveyCommand = z
  .discriminatedUnion('type', [ImportSurveyWave])
  .meta({ id: 'SurveyCommand' })
export type SurveyCommand = z.infer<typeof SurveyCommand>

export type SurveyEvent = SurveyWaveImported

export type SurveyState =
  | { readonly status: 'absent' }
  | { readonly status: 'imported'; readonly waveId: string; readonly chunksSeen: number }

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid-survey', message, details)

const inScale = (value: number, indicator: SurveyIndicator): boolean =>
  value >= indicator.scale.min && value <= indicator.scale.max

const validateContent = (
  content: SurveyContent,
  indicators: ReadonlyMap<string, SurveyIndicator>,
  context: DecideContext,
): void => {
  const indicatorOf = (id: string, field: string): SurveyIndicator => {
    const indicator = indicators.get(id)
    if (indicator === undefined) throw invalid(`${field}: unknown indicator "${id}"`, { field })
    return indicator
  }
  if (content.format === 'respondents') {
    if (content.respondents.length === 0) throw invalid('The wave has no respondents')
    const seen = new Set<string>()
    content.respondents.forEach((r, i) => {
      const field = `content.respondents.${i}`
      if (seen.has(r.respondentId)) throw invalid(`${field}: respondentId repeats`, { field })
      seen.add(r.respondentId)
      if (r.area.placeId !== undefined) {
        requireKnown(context.registry.places, [r.area.placeId], 'unknown-place', `${field}.area`)
      }
      for (const [id, answer] of Object.entries(r.answers)) {
        const indicator = indicatorOf(id, `${field}.answers`)
        if (answer !== null && !inScale(answer, indicator)) {
          throw invalid(`${field}.answers.${id}: ${answer} is outside the scale`, {
            field: `${field}.answers.${id}`,
          })
        }
      }
    })
    return
  }
  if (content.aggregates.length === 0) throw invalid('The wave has no aggregates')
  content.aggregates.forEach((a, i) => {
    const field = `content.aggregates.${i}`
    if (a.area.placeId !== undefined) {
      requireKnown(context.registry.places, [a.area.placeId], 'unknown-place', `${field}.area`)
    }
    const indicator = indicatorOf(a.indicatorId, `${field}.indicatorId`)
    if (!inScale(a.estimate, indicator)) {
      throw invalid(`${field}.estimate is outside the indicator's scale`, { field })
    }
    if (
      (a.ciLower !== null && a.ciLower > a.estimate) ||
      (a.ciUpper !== null && a.ciUpper < a.estimate)
    ) {
      throw invalid(`${field}: the confidence interval does not contain the estimate`, { field })
    }
  })
}

/** Splits rows greedily so that each chunk's serialised rows stay within `maxBytes`. */
const chunkRows = <T>(rows: readonly T[], maxBytes: number): T[][] => {
  const chunks: T[][] = []
  let current: T[] = []
  let size = 0
  for (const row of rows) {
    const rowBytes = Buffer.byteLength(JSON.stringify(row)) + 1
    if (current.length > 0 && size + rowBytes > maxBytes) {
      chunks.push(current)
      current = []
      size = 0
    }
    current.push(row)
    size += rowBytes
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/**
 * Splits a wave's content into chunks of at most `maxBytes` of serialised rows.
 * @param content respondent-level or aggregate content
 * @param maxBytes upper bound per chunk (a single larger row still gets its own chunk)
 * @example chunkSurveyContent(content).length // 1 for small waves
 */
export const chunkSurveyContent = (
  content: SurveyContent,
  maxBytes = SURVEY_CHUNK_BYTES,
): SurveyContent[] =>
  content.format === 'respondents'
    ? chunkRows(content.respondents, maxBytes).map((respondents) => ({
        format: 'respondents',
        respondents,
      }))
    : chunkRows(content.aggregates, maxBytes).map((aggregates) => ({
        format: 'aggregates',
        aggregates,
      }))

/**
 * Reassembles a wave from its chunk events (any order).
 * @throws DomainError invalid-survey when chunks are missing, repeated or mixed
 * @example const wave = mergeSurveyChunks(events.map((e) => e.data))
 */
export const mergeSurveyChunks = (
  chunks: readonly SurveyWaveImportedData[],
): ImportSurveyWaveData => {
  const sorted = [...chunks].sort((a, b) => a.chunk.index - b.chunk.index)
  const first = sorted[0]
  if (first === undefined) throw invalid('No chunks to merge')
  const complete =
    sorted.length === first.chunk.count &&
    sorted.every(
      (c, i) =>
        c.chunk.index === i &&
        c.waveId === first.waveId &&
        c.chunk.count === first.chunk.count &&
        c.content.format === first.content.format,
    )
  if (!complete) {
    throw invalid(`Wave "${first.waveId}" is incomplete or mixed`, {
      waveId: first.waveId,
      have: sorted.map((c) => c.chunk.index),
      count: first.chunk.count,
    })
  }
  const { chunk: _, content: __, ...header } = first
  const content: SurveyContent =
    first.content.format === 'respondents'
      ? {
          format: 'respondents',
          respondents: sorted.flatMap((c) =>
            c.content.format === 'respondents' ? c.content.respondents : [],
          ),
        }
      : {
          format: 'aggregates',
          aggregates: sorted.flatMap((c) =>
            c.content.format === 'aggregates' ? c.content.aggregates : [],
          ),
        }
  return { ...header, content }
}

const decide = (
  command: SurveyCommand,
  state: SurveyState,
  context: DecideContext,
): SurveyEvent[] => {
  requireNotReporter(context, 'import surveys')
  const { content, ...header } = command.data
  if (state.status !== 'absent') throw streamExists('Survey wave', header.waveId)
  requireOrder(header.fieldwork.from, header.fieldwork.to, 'fieldwork')
  requireNotInFuture(header.fieldwork.to, 'fieldwork.to', context)
  const indicators = new Map<string, SurveyIndicator>()
  for (const indicator of header.indicators) {
    if (indicators.has(indicator.indicatorId)) {
      throw invalid(`Indicator "${indicator.indicatorId}" repeats`)
    }
    if (indicator.scale.min >= indicator.scale.max) {
      throw invalid(`Indicator "${indicator.indicatorId}" has scale min ≥ max`)
    }
    indicators.set(indicator.indicatorId, indicator)
  }
  validateContent(content, indicators, context)
  requireNoPersonalIdentityNumber(command.data)
  const chunks = chunkSurveyContent(content)
  return chunks.map((c, index) =>
    emit(
      'SurveyWaveImported',
      { ...header, chunk: { index, count: chunks.length }, content: c },
      context,
    ),
  )
}

const evolve = (state: SurveyState, event: SurveyEvent): SurveyState => ({
  status: 'imported',
  waveId: event.data.waveId,
  chunksSeen: (state.status === 'imported' ? state.chunksSeen : 0) + 1,
})

/**
 * The survey wave aggregate (stream `survey-<waveId>`): one import, split into chunk events.
 * @throws DomainError forbidden, stream-exists, end-before-start, date-in-future,
 * invalid-survey, unknown-place, personal-identity-number
 * @example surveyDecider.decide({ type: 'ImportSurveyWave', data }, state, context)
 */
export const surveyDecider: Decider<SurveyState, SurveyCommand, SurveyEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
}
