import { type MeasureType, streamIds } from '@lagesbild/domain'
import { type ColumnSpec, normaliseWord } from '../csv/cells.js'
import { type Row, synonymLookup } from '../csv/row.js'
import type { FormatContext, FormatSession, ImportFormat, PlannedEvent } from './format.js'
import { categoryLookup } from './shared.js'

const col = (
  name: string,
  required: boolean,
  type: string,
  example: string,
  description: string,
): ColumnSpec => ({ name, required, type, example, description })

export const MEASURE_COLUMNS: readonly ColumnSpec[] = [
  col('measure_id', true, 'id', 'm-2024-03', 'The measure; new to the tenant.'),
  col('title', true, 'text ≤ 200', 'Bättre belysning i Gästisparken', 'Short title.'),
  col('owner_organisation_id', true, 'id', 'kommunen', 'Organisation responsible (registered).'),
  col('type', true, 'measure type', 'belysning', 'English code or Swedish word.'),
  col('place_ids', true, 'ids separated by |', 'gastisparken', 'Treated places.'),
  col(
    'target_categories',
    true,
    'codes or labels separated by |',
    'Skadegörelse|klotter',
    'Categories the measure targets.',
  ),
  col('decided_on', false, 'date', '2024-02-01', 'When it was decided.'),
  col('started_on', false, 'date', '2024-03-01', 'When it started; needs decided_on.'),
  col('ended_on', false, 'date', '2024-05-31', 'When it was completed; needs started_on.'),
  col(
    'control_place_ids',
    false,
    'ids separated by |',
    'stationsparken',
    'Comparable untreated places.',
  ),
  col(
    'buffer_place_ids',
    false,
    'ids separated by |',
    'resecentrum',
    'Surroundings watched for displacement.',
  ),
  col(
    'description',
    false,
    'text ≤ 4000',
    'LED-armaturer längs gångvägen',
    'Free text; no personal identity numbers.',
  ),
]

const TYPE = synonymLookup<MeasureType>({
  'police-presence': ['polisnärvaro', 'polis', 'polisiär närvaro'],
  lighting: ['belysning', 'ljus'],
  cleaning: ['städning', 'renhållning', 'sanering'],
  camera: ['kamera', 'kameraövervakning'],
  'social-outreach': ['uppsökande', 'social insats', 'fältarbete', 'fältare'],
  'environmental-design': ['miljöutformning', 'platsutformning', 'fysisk åtgärd'],
  guarding: ['väktare', 'bevakning', 'ordningsvakt'],
  other: ['annat', 'övrigt'],
})

const open = (context: FormatContext): FormatSession => {
  const categories = categoryLookup(context.registry.categories)
  const seen = new Set<string>()
  const today = context.now.slice(0, 10)

  const categoryCodes = (r: Row): string[] | undefined => {
    const raw = r.raw('target_categories')
    if (raw === undefined) return r.fail('target_categories', 'required value is empty')
    const codes: string[] = []
    for (const part of raw.split('|')) {
      const code = categories.get(normaliseWord(part))
      if (code === undefined)
        return r.fail('target_categories', 'contains a category not in the catalogue')
      codes.push(code)
    }
    return [...new Set(codes)]
  }

  const row = (r: Row): PlannedEvent[] => {
    const measureId = r.id('measure_id', true)
    const title = r.text('title', true, 200)
    const owner = r.id('owner_organisation_id', true)
    const type = r.choice('type', TYPE, true)
    const placeIds = r.ids('place_ids', true)
    const targetCategories = categoryCodes(r)
    const decided = r.date('decided_on')
    const started = r.date('started_on')
    const ended = r.date('ended_on')
    const controls = r.ids('control_place_ids')
    const buffers = r.ids('buffer_place_ids')
    const description = r.text('description')

    if (started !== undefined && decided === undefined) r.fail('started_on', 'needs decided_on')
    if (ended !== undefined && started === undefined) r.fail('ended_on', 'needs started_on')
    if (decided !== undefined && started !== undefined && started < decided) {
      r.fail('started_on', 'lies before decided_on')
    }
    if (started !== undefined && ended !== undefined && ended < started) {
      r.fail('ended_on', 'lies before started_on')
    }
    for (const [column, date] of [
      ['decided_on', decided],
      ['started_on', started],
      ['ended_on', ended],
    ] as const) {
      if (date !== undefined && date > today) r.fail(column, 'lies in the future')
    }
    if (measureId !== undefined) {
      if (seen.has(measureId)) r.fail('measure_id', 'appears twice in the file')
      seen.add(measureId)
    }
    if (owner !== undefined) {
      context.refer({
        what: 'organisation',
        id: owner,
        row: r.row,
        column: 'owner_organisation_id',
      })
    }
    for (const [column, ids] of [
      ['place_ids', placeIds],
      ['control_place_ids', controls],
      ['buffer_place_ids', buffers],
    ] as const) {
      for (const id of ids ?? []) context.refer({ what: 'place', id, row: r.row, column })
    }
    if (
      !r.ok ||
      measureId === undefined ||
      title === undefined ||
      owner === undefined ||
      type === undefined ||
      placeIds === undefined ||
      targetCategories === undefined
    ) {
      return []
    }
    const streamId = streamIds.measure(measureId)
    const events: PlannedEvent[] = [
      {
        type: 'MeasureProposed',
        data: {
          measureId,
          title,
          type,
          ownerOrganisationId: owner,
          placeIds,
          targetCategories,
          ...(description === undefined ? {} : { description }),
          ...(controls === undefined ? {} : { controlPlaceIds: controls }),
          ...(buffers === undefined ? {} : { bufferPlaceIds: buffers }),
        },
        streamId,
        key: [measureId, 'MeasureProposed'],
        row: r.row,
        createsStream: true,
      },
    ]
    const follow = (type: PlannedEvent['type'], data: Record<string, unknown>): void => {
      events.push({
        type,
        data,
        streamId,
        key: [measureId, type],
        row: r.row,
        createsStream: false,
      })
    }
    if (decided !== undefined) follow('MeasureDecided', { measureId, decidedOn: decided })
    if (started !== undefined) follow('MeasureStarted', { measureId, startedOn: started })
    if (ended !== undefined) follow('MeasureCompleted', { measureId, completedOn: ended })
    return events
  }
  return { row, end: () => [] }
}

/** One row per measure; the dates given become the lifecycle events in order. */
export const measuresFormat: ImportFormat = { kind: 'measures', columns: MEASURE_COLUMNS, open }
