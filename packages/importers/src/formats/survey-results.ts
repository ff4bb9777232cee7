import type { ColumnSpec } from '../csv/cells.js'
import { type Row, synonymLookup } from '../csv/row.js'
import type { FormatContext, FormatSession, ImportFormat, PlannedEvent } from './format.js'
import { areaOf, WAVE_COLUMNS, WaveChunker, waveOf } from './survey-waves.js'

const col = (
  name: string,
  required: boolean,
  type: string,
  example: string,
  description: string,
): ColumnSpec => ({ name, required, type, example, description })

export const SURVEY_RESULT_COLUMNS: readonly ColumnSpec[] = [
  ...WAVE_COLUMNS,
  col('indicator', true, 'id', 'otrygg-kvall', 'Indicator id.'),
  col(
    'indicator_label',
    false,
    'text ≤ 500',
    'Känner sig otrygg ute sent en kväll',
    'Default the id.',
  ),
  col('unit', false, 'share|index|answer', 'share', 'What the estimate measures.'),
  col('estimate', true, 'decimal', '28,4', 'The published figure.'),
  col('ci_lower', false, 'decimal', '24,1', 'Lower confidence limit; empty when not published.'),
  col('ci_upper', false, 'decimal', '32,9', 'Upper confidence limit; empty when not published.'),
  col('ci_level', false, 'decimal 0–1', '0,95', 'Confidence level of the interval.'),
  col('n', false, 'integer ≥ 0', '412', 'Number of respondents behind the figure.'),
]

const UNIT = synonymLookup<'share' | 'index' | 'answer'>({
  share: ['andel', 'procent', 'percent'],
  index: ['problemindex'],
  answer: ['svar'],
})

/** Published figures per chunk: small objects, so a chunk of a thousand stays far below 1 MB. */
const CHUNK_SIZE = 1000

const open = (context: FormatContext): FormatSession => {
  const waves = new WaveChunker(context, 'aggregates', CHUNK_SIZE)
  const seen = new Set<string>()

  const row = (r: Row): PlannedEvent[] => {
    const header = waveOf(r)
    const area = areaOf(r, context)
    const indicatorId = r.id('indicator', true)
    const label = r.text('indicator_label', false, 500)
    const unit = r.choice('unit', UNIT)
    const estimate = r.decimal('estimate', true)
    const ciLower = r.decimal('ci_lower')
    const ciUpper = r.decimal('ci_upper')
    const ciLevel = r.decimal('ci_level')
    const n = r.integer('n', false, 0, 100_000_000)
    if ((ciLower === undefined) !== (ciUpper === undefined)) {
      r.fail('ci_lower', 'give both confidence limits, or neither')
    }
    if (ciLower !== undefined && ciUpper !== undefined && estimate !== undefined) {
      if (ciLower > estimate || estimate > ciUpper) {
        r.fail('estimate', 'must lie between ci_lower and ci_upper')
      }
    }
    if (ciLevel !== undefined && (ciLevel <= 0 || ciLevel >= 1)) {
      r.fail('ci_level', 'must lie strictly between 0 and 1, e.g. 0,95')
    }
    if (header === undefined || area === undefined || indicatorId === undefined) return []
    const plan = waves.header(r, header)
    if (plan === undefined || estimate === undefined) return []
    waves.indicator(r, plan, indicatorId, label, estimate, unit)
    const key = `${header.waveId}\u0000${area.placeId ?? ''}\u0000${area.label}\u0000${indicatorId}`
    if (context.pass === 1) {
      if (seen.has(key)) r.fail('indicator', 'the same wave, area and indicator appear twice')
      seen.add(key)
    }
    if (!r.ok) return []
    return waves.add(
      plan,
      {
        area,
        indicatorId,
        estimate,
        ciLower: ciLower ?? null,
        ciUpper: ciUpper ?? null,
        ...(ciLevel === undefined ? {} : { ciLevel }),
        n: n ?? null,
      },
      r.row,
    )
  }
  return { row, end: () => waves.end() }
}

/** One row per published figure (survey, year, area, indicator, estimate, CI, n). */
export const surveyResultsFormat: ImportFormat = {
  kind: 'survey-results',
  columns: SURVEY_RESULT_COLUMNS,
  open,
}
