import { type SurveyKind, streamIds } from '@lagesbild/domain'
import type { ColumnSpec } from '../csv/cells.js'
import { type Row, synonymLookup } from '../csv/row.js'
import type { FormatContext, PlannedEvent } from './format.js'
import { slug } from './shared.js'

const col = (
  name: string,
  required: boolean,
  type: string,
  example: string,
  description: string,
): ColumnSpec => ({ name, required, type, example, description })

/** Columns both survey formats share: which wave, and each indicator's scale. */
export const WAVE_COLUMNS: readonly ColumnSpec[] = [
  col('survey', true, 'text ≤ 200', 'Trygghetsmätning Mjölby', 'Survey name.'),
  col(
    'survey_kind',
    false,
    'ntu|police-trygghetsmatning|scb|municipal|other',
    'municipal',
    'Default other.',
  ),
  col('year', true, 'integer 1990–2100', '2024', 'Survey year.'),
  col('wave', false, 'id', 'mjolby-2024', 'Wave id; default survey name and year as a slug.'),
  col('fieldwork_from', false, 'date', '2024-03-01', 'Default 1 January of the year.'),
  col('fieldwork_to', false, 'date', '2024-04-30', 'Default 31 December of the year.'),
  col('source', false, 'text ≤ 500', 'Mjölby kommun', 'Who published or supplied the data.'),
  col('area', true, 'text ≤ 200', 'Centrum', 'Area label as published.'),
  col('place_id', false, 'id', 'centrum', 'The registered place or area the label means.'),
  col('scale_min', false, 'decimal', '1', 'Lowest value of the scale; default the lowest seen.'),
  col('scale_max', false, 'decimal', '6', 'Highest value of the scale; default the highest seen.'),
  col(
    'direction',
    false,
    'higher-is-worse|higher-is-better',
    'higher-is-worse',
    'Default higher-is-worse (insecurity shares and problem indices).',
  ),
]

const KIND = synonymLookup<SurveyKind>({
  ntu: ['nationella trygghetsundersökningen', 'brå ntu'],
  'police-trygghetsmatning': ['trygghetsmätning', 'polisens trygghetsmätning', 'police'],
  scb: ['medborgarundersökningen', 'scb medborgarundersökning'],
  municipal: ['kommunal', 'kommunens', 'kommun'],
  other: ['annan', 'övrig'],
})

const DIRECTION = synonymLookup<'higher-is-worse' | 'higher-is-better'>({
  'higher-is-worse': ['högre är sämre', 'hogre-ar-samre'],
  'higher-is-better': ['högre är bättre'],
})

interface WaveHeader {
  readonly waveId: string
  readonly survey: { readonly name: string; readonly kind: SurveyKind }
  readonly year: number
  readonly fieldwork: { readonly from: string; readonly to: string }
  readonly source?: string
}

interface IndicatorPlan {
  label: string
  min: number | undefined
  max: number | undefined
  seenMin: number
  seenMax: number
  direction: 'higher-is-worse' | 'higher-is-better' | undefined
  unit: 'share' | 'index' | 'answer' | undefined
}

/** What pass 1 learns about a wave; pass 2 needs it before writing the first chunk. */
export interface WavePlan {
  readonly header: WaveHeader
  readonly indicators: Map<string, IndicatorPlan>
  items: number
}

/** The wave header of a row, with the row's problems recorded. */
export const waveOf = (r: Row): WaveHeader | undefined => {
  const name = r.text('survey', true, 200)
  const kind = r.choice('survey_kind', KIND) ?? 'other'
  const year = r.integer('year', true, 1990, 2100)
  const wave = r.id('wave')
  const from = r.date('fieldwork_from')
  const to = r.date('fieldwork_to')
  const source = r.text('source', false, 500)
  if (name === undefined || year === undefined) return undefined
  const fieldwork = { from: from ?? `${year}-01-01`, to: to ?? `${year}-12-31` }
  if (fieldwork.to < fieldwork.from) return r.fail('fieldwork_to', 'lies before fieldwork_from')
  const waveId = wave ?? slug(`${name}-${year}`)
  if (waveId === '') return r.fail('wave', 'cannot derive a wave id from the survey name')
  return {
    waveId,
    survey: { name, kind },
    year,
    fieldwork,
    ...(source === undefined ? {} : { source }),
  }
}

/** The area a figure or respondent belongs to. */
export const areaOf = (
  r: Row,
  context: FormatContext,
): { placeId?: string; label: string } | undefined => {
  const label = r.text('area', true, 200)
  const placeId = r.id('place_id')
  if (placeId !== undefined)
    context.refer({ what: 'place', id: placeId, row: r.row, column: 'place_id' })
  if (label === undefined) return undefined
  return placeId === undefined ? { label } : { placeId, label }
}

const sameHeader = (a: WaveHeader, b: WaveHeader): boolean =>
  a.survey.name === b.survey.name &&
  a.survey.kind === b.survey.kind &&
  a.year === b.year &&
  a.fieldwork.from === b.fieldwork.from &&
  a.fieldwork.to === b.fieldwork.to &&
  a.source === b.source

/**
 * Groups a survey file's items (respondents or published figures) into waves and cuts each wave
 * into `SurveyWaveImported` chunks of `chunkSize` items, every chunk carrying the wave header and
 * indicators so it can be read on its own.
 */
export class WaveChunker {
  readonly #context: FormatContext
  readonly #format: 'respondents' | 'aggregates'
  readonly #chunkSize: number
  readonly #plans: Map<string, WavePlan>
  readonly #buffers = new Map<string, { items: unknown[]; index: number; row: number }>()

  constructor(context: FormatContext, format: 'respondents' | 'aggregates', chunkSize: number) {
    this.#context = context
    this.#format = format
    this.#chunkSize = chunkSize
    const existing = context.plan.get('waves') as Map<string, WavePlan> | undefined
    this.#plans = existing ?? new Map()
    if (existing === undefined) context.plan.set('waves', this.#plans)
  }

  planOf(waveId: string): WavePlan | undefined {
    return this.#plans.get(waveId)
  }

  /** Pass 1: checks the row's wave header against the wave's first row. */
  header(r: Row, header: WaveHeader): WavePlan | undefined {
    const plan = this.#plans.get(header.waveId)
    if (plan === undefined) {
      const created: WavePlan = { header, indicators: new Map(), items: 0 }
      this.#plans.set(header.waveId, created)
      this.#context.claimStream(
        streamIds.survey(header.waveId),
        'SurveyWaveImported',
        [header.waveId, '0'],
        r.row,
      )
      return created
    }
    if (this.#context.pass === 1 && !sameHeader(plan.header, header)) {
      return r.fail('survey', 'survey, kind, year, fieldwork or source differ within the wave')
    }
    return plan
  }

  /** Pass 1: reads the row's optional scale columns and checks them against the indicator. */
  indicator(
    r: Row,
    plan: WavePlan,
    indicatorId: string,
    label: string | undefined,
    value: number | null,
    unit?: 'share' | 'index' | 'answer',
  ): void {
    if (this.#context.pass === 2) return
    const min = r.decimal('scale_min')
    const max = r.decimal('scale_max')
    const direction = r.choice('direction', DIRECTION)
    let i = plan.indicators.get(indicatorId)
    if (i === undefined) {
      i = {
        label: label ?? indicatorId,
        min,
        max,
        seenMin: Number.POSITIVE_INFINITY,
        seenMax: Number.NEGATIVE_INFINITY,
        direction,
        unit,
      }
      plan.indicators.set(indicatorId, i)
    } else {
      if (min !== undefined && i.min !== undefined && min !== i.min) {
        r.fail('scale_min', 'differs from an earlier row of the same indicator')
      }
      if (max !== undefined && i.max !== undefined && max !== i.max) {
        r.fail('scale_max', 'differs from an earlier row of the same indicator')
      }
      if (direction !== undefined && i.direction !== undefined && direction !== i.direction) {
        r.fail('direction', 'differs from an earlier row of the same indicator')
      }
      i.min ??= min
      i.max ??= max
      i.direction ??= direction
    }
    if (value !== null) {
      i.seenMin = Math.min(i.seenMin, value)
      i.seenMax = Math.max(i.seenMax, value)
      if (i.min !== undefined && value < i.min) r.fail('', 'value lies below scale_min')
      if (i.max !== undefined && value > i.max) r.fail('', 'value lies above scale_max')
    }
  }

  /** Pass 1 counts the item; pass 2 buffers it and returns a chunk event when one is full. */
  add(plan: WavePlan, item: unknown, row: number): PlannedEvent[] {
    if (this.#context.pass === 1) {
      plan.items++
      return []
    }
    const waveId = plan.header.waveId
    let buffer = this.#buffers.get(waveId)
    if (buffer === undefined) {
      buffer = { items: [], index: 0, row }
      this.#buffers.set(waveId, buffer)
    }
    buffer.items.push(item)
    if (buffer.items.length < this.#chunkSize) return []
    return [this.#flush(plan, buffer)]
  }

  /** End of file: the last, partly filled chunk of every wave. */
  end(): PlannedEvent[] {
    if (this.#context.pass === 1) return []
    const events: PlannedEvent[] = []
    for (const [waveId, buffer] of this.#buffers) {
      const plan = this.#plans.get(waveId)
      if (plan !== undefined && buffer.items.length > 0) events.push(this.#flush(plan, buffer))
    }
    return events
  }

  #flush(plan: WavePlan, buffer: { items: unknown[]; index: number; row: number }): PlannedEvent {
    const { header } = plan
    const count = Math.max(1, Math.ceil(plan.items / this.#chunkSize))
    const indicators = [...plan.indicators].map(([indicatorId, i]) => ({
      indicatorId,
      label: i.label,
      scale: {
        min: i.min ?? (Number.isFinite(i.seenMin) ? i.seenMin : 0),
        max: i.max ?? (Number.isFinite(i.seenMax) ? i.seenMax : 0),
        direction: i.direction ?? 'higher-is-worse',
        ...(i.unit === undefined ? {} : { unit: i.unit }),
      },
    }))
    const content =
      this.#format === 'respondents'
        ? { format: 'respondents', respondents: buffer.items }
        : { format: 'aggregates', aggregates: buffer.items }
    const event: PlannedEvent = {
      type: 'SurveyWaveImported',
      data: { ...header, indicators, chunk: { index: buffer.index, count }, content },
      streamId: streamIds.survey(header.waveId),
      key: [header.waveId, String(buffer.index)],
      row: buffer.row,
      createsStream: buffer.index === 0,
    }
    buffer.items = []
    buffer.index++
    return event
  }
}
