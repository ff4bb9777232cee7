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

export const SURVEY_RESPONSE_COLUMNS: readonly ColumnSpec[] = [
  ...WAVE_COLUMNS,
  col(
    'respondent_id',
    true,
    'id',
    'resp-0001',
    "The supplier's pseudonym; a respondent's rows must be consecutive.",
  ),
  col('age_group', false, 'text ≤ 20', '16-24', 'As the survey groups ages.'),
  col('sex', false, 'female|male|other|unknown', 'kvinna', 'English or Swedish.'),
  col('weight', false, 'decimal > 0', '1,27', 'Design or calibration weight; default 1.'),
  col('question', true, 'id', 'q12-otrygg-kvall', 'Question (indicator) id.'),
  col('question_label', false, 'text ≤ 500', 'Hur trygg känner du dig…', 'Default the id.'),
  col('answer', false, 'decimal', '4', 'Ordinal answer; empty or "vet ej" for no answer.'),
]

const SEX = synonymLookup<'female' | 'male' | 'other' | 'unknown'>({
  female: ['kvinna', 'k', 'f', 'woman'],
  male: ['man', 'm'],
  other: ['annat', 'annan'],
  unknown: ['okänt', 'vill ej uppge', 'uppgift saknas'],
})

const NO_ANSWER = new Set(['vet ej', 'vet inte', 'ej svar', "don't know", 'na', 'n/a'])

/** Respondents per chunk: with some forty answers each, 200 keep a chunk well under 1 MB. */
const CHUNK_SIZE = 200

interface OpenRespondent {
  readonly waveId: string
  readonly key: string
  readonly row: number
  readonly respondent: {
    respondentId: string
    area: { placeId?: string; label: string }
    ageGroup?: string
    sex?: string
    weight: number
    answers: Record<string, number | null>
  }
  valid: boolean
}

const open = (context: FormatContext): FormatSession => {
  const waves = new WaveChunker(context, 'respondents', CHUNK_SIZE)
  const closed = new Set<string>()
  let current: OpenRespondent | undefined

  const close = (): PlannedEvent[] => {
    const done = current
    current = undefined
    if (done === undefined) return []
    closed.add(done.key)
    const plan = waves.planOf(done.waveId)
    if (!done.valid || plan === undefined) return []
    return waves.add(plan, done.respondent, done.row)
  }

  const row = (r: Row): PlannedEvent[] => {
    const header = waveOf(r)
    const area = areaOf(r, context)
    const respondentId = r.id('respondent_id', true)
    const ageGroup = r.text('age_group', false, 20)
    const sex = r.choice('sex', SEX)
    const weight = r.decimal('weight') ?? 1
    const question = r.id('question', true)
    const label = r.text('question_label', false, 500)
    const rawAnswer = r.raw('answer')
    const answer =
      rawAnswer === undefined || NO_ANSWER.has(rawAnswer.toLowerCase()) ? null : r.decimal('answer')
    if (weight <= 0) r.fail('weight', 'must be greater than 0')

    const events: PlannedEvent[] = []
    if (header === undefined || respondentId === undefined || area === undefined) return events
    const plan = waves.header(r, header)
    if (plan === undefined) return events
    if (question !== undefined && answer !== undefined) {
      waves.indicator(r, plan, question, label, answer, 'answer')
    }
    const key = `${header.waveId}\u0000${respondentId}`
    if (current !== undefined && current.key !== key) events.push(...close())
    if (current === undefined) {
      if (closed.has(key)) {
        r.fail(
          'respondent_id',
          "a respondent's rows must be consecutive; this one appeared earlier",
        )
        return events
      }
      current = {
        waveId: header.waveId,
        key,
        row: r.row,
        respondent: {
          respondentId,
          area,
          ...(ageGroup === undefined ? {} : { ageGroup }),
          ...(sex === undefined ? {} : { sex }),
          weight,
          answers: {},
        },
        valid: true,
      }
    } else {
      const first = current.respondent
      if (area.label !== first.area.label || area.placeId !== first.area.placeId) {
        r.fail('area', "differs from the respondent's first row")
      }
      if (ageGroup !== first.ageGroup)
        r.fail('age_group', "differs from the respondent's first row")
      if (sex !== first.sex) r.fail('sex', "differs from the respondent's first row")
      if (weight !== first.weight) r.fail('weight', "differs from the respondent's first row")
    }
    if (question !== undefined && Object.hasOwn(current.respondent.answers, question)) {
      r.fail('question', 'answered twice by the same respondent')
    }
    if (!r.ok || question === undefined || answer === undefined) {
      current.valid = false
      return events
    }
    current.respondent.answers[question] = answer
    return events
  }
  return { row, end: () => [...close(), ...waves.end()] }
}

/** One row per respondent and question; a respondent's rows are consecutive. */
export const surveyResponsesFormat: ImportFormat = {
  kind: 'survey-responses',
  columns: SURVEY_RESPONSE_COLUMNS,
  open,
}
