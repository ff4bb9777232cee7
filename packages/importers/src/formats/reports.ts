import {
  type Certainty,
  type ObservationKind,
  type OccurredOn,
  type PartOfDay,
  type PoliceReported,
  streamIds,
} from '@lagesbild/domain'
import type { ColumnSpec } from '../csv/cells.js'
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

export const REPORT_COLUMNS: readonly ColumnSpec[] = [
  col('report_id', true, 'id', 'r-2024-0117', 'The report; its rows must be consecutive.'),
  col('organisation_id', true, 'id', 'bostadsbolaget', 'Reporting organisation (registered).'),
  col(
    'submitted_at',
    true,
    'instant',
    '2024-03-04 09:15',
    'When the report was submitted; becomes recordedAt. Without an offset: Swedish local time.',
  ),
  col(
    'observation_id',
    false,
    'id',
    'o1',
    'Unique within the report; default o1, o2, … by row order.',
  ),
  col('place_id', true, 'id', 'resecentrum', 'Where (a registered place).'),
  col('occurred_on', true, 'date', '2024-03-02', 'The day it happened (or the window starts).'),
  col('time_from', false, 'time HH:MM', '21:30', 'Time it happened, or the window starts.'),
  col('occurred_until', false, 'date', '2024-03-03', 'Last day of a time window.'),
  col('time_until', false, 'time HH:MM', '02:00', 'End time of a time window.'),
  col(
    'part_of_day',
    false,
    'morning|daytime|evening|night',
    'kväll',
    'When only the part of day is known.',
  ),
  col('category', true, 'category code or label', 'Skadegörelse', 'From the tenant catalogue.'),
  col(
    'kind',
    false,
    'crime|disorder|insecurity|unsafe-place|planned-event',
    'crime',
    "Default: the category's kind.",
  ),
  col('count', false, 'integer 1–10000', '2', 'How many times; default 1.'),
  col('certainty', true, 'observed|suspected', 'misstänkt', 'Seen, or suspected.'),
  col(
    'police_reported',
    false,
    'yes|no|unknown',
    'nej',
    'Whether a police report was filed; default unknown.',
  ),
  col('assessment', false, 'integer', '2', "A value on the tenant's assessment scale."),
  col(
    'note',
    false,
    'text ≤ 4000',
    'Krossad ruta vid entrén',
    'Free text; no personal identity numbers.',
  ),
]

const CERTAINTY = synonymLookup<Certainty>({
  observed: ['observerad', 'observerat', 'sett', 'säker', 'konstaterad'],
  suspected: ['misstänkt', 'misstanke', 'osäker'],
})

const POLICE_REPORTED = synonymLookup<PoliceReported>({
  yes: ['ja', 'j', 'true', '1', 'polisanmäld'],
  no: ['nej', 'n', 'false', '0', 'ej polisanmäld'],
  unknown: ['vet ej', 'vet inte', 'okänt', 'okänd', 'unknown'],
})

const PART_OF_DAY = synonymLookup<PartOfDay>({
  morning: ['morgon', 'förmiddag'],
  daytime: ['dag', 'dagtid', 'eftermiddag'],
  evening: ['kväll', 'kvällstid'],
  night: ['natt', 'nattetid'],
})

const KIND = synonymLookup<ObservationKind>({
  crime: ['brott'],
  disorder: ['ordningsstörning', 'störning'],
  insecurity: ['otrygghet', 'otrygghetsskapande händelse'],
  'unsafe-place': ['otrygg plats', 'otrygg miljö'],
  'planned-event': ['arrangemang', 'planerad händelse'],
})

/** Longest report the domain accepts. */
const MAX_OBSERVATIONS = 500

interface OpenReport {
  readonly reportId: string
  readonly organisationId: string
  readonly submittedAt: string
  readonly row: number
  readonly observations: Record<string, unknown>[]
  readonly observationIds: Set<string>
  valid: boolean
}

const occurredOn = (row: Row): OccurredOn | undefined => {
  const date = row.date('occurred_on', true)
  const from = row.time('time_from')
  const until = row.date('occurred_until')
  const untilTime = row.time('time_until')
  const part = row.choice('part_of_day', PART_OF_DAY)
  if (date === undefined) return undefined
  if (part !== undefined) {
    if (from !== undefined || until !== undefined || untilTime !== undefined) {
      return row.fail('part_of_day', 'give either a part of day or times, not both')
    }
    return { precision: 'part-of-day', date, partOfDay: part }
  }
  if (until === undefined && untilTime === undefined) {
    return from === undefined
      ? { precision: 'exact', date }
      : { precision: 'exact', date, time: from }
  }
  const end = until ?? date
  if (end < date) return row.fail('occurred_until', 'the window ends before it starts')
  if (end === date && from !== undefined && untilTime !== undefined && untilTime < from) {
    return row.fail(
      'time_until',
      'the window ends before it starts; over midnight give occurred_until',
    )
  }
  return {
    precision: 'time-window',
    date,
    until: end,
    ...(from === undefined ? {} : { fromTime: from }),
    ...(untilTime === undefined ? {} : { untilTime }),
  }
}

const open = (context: FormatContext): FormatSession => {
  const categories = categoryLookup(context.registry.categories)
  const kindOf = new Map(context.registry.categories.map((c) => [c.code, c.kind]))
  // Report ids already closed: a report id seen again later means its rows are not consecutive.
  const closed = new Set<string>()
  const nowMs = Date.parse(context.now)
  let current: OpenReport | undefined

  const close = (): PlannedEvent[] => {
    const report = current
    current = undefined
    if (report === undefined) return []
    closed.add(report.reportId)
    if (!report.valid) return []
    return [
      {
        type: 'ReportSubmitted',
        data: {
          reportId: report.reportId,
          reporterOrganisationId: report.organisationId,
          observations: report.observations,
        },
        streamId: streamIds.report(report.reportId),
        key: [report.reportId],
        row: report.row,
        recordedAt: report.submittedAt,
        createsStream: true,
      },
    ]
  }

  const row = (r: Row): PlannedEvent[] => {
    const reportId = r.id('report_id', true)
    const organisationId = r.id('organisation_id', true)
    const submittedAt = r.instant('submitted_at', true)
    const observationId = r.id('observation_id')
    const placeId = r.id('place_id', true)
    const when = occurredOn(r)
    const category = r.choice('category', categories, true)
    const kind = r.choice('kind', KIND)
    const count = r.integer('count', false, 1, 10_000) ?? 1
    const certainty = r.choice('certainty', CERTAINTY, true)
    const policeReported = r.choice('police_reported', POLICE_REPORTED) ?? 'unknown'
    const assessment = r.integer('assessment', false, -1_000_000, 1_000_000)
    const note = r.text('note')

    if (submittedAt !== undefined && Date.parse(submittedAt) > nowMs) {
      r.fail('submitted_at', 'lies in the future')
    }
    if (
      when !== undefined &&
      submittedAt !== undefined &&
      (kind ?? (category === undefined ? undefined : kindOf.get(category))) !== 'planned-event' &&
      when.date > submittedAt.slice(0, 10)
    ) {
      r.fail('occurred_on', 'lies after the report was submitted')
    }
    if (organisationId !== undefined) {
      context.refer({
        what: 'organisation',
        id: organisationId,
        row: r.row,
        column: 'organisation_id',
      })
    }
    if (placeId !== undefined) {
      context.refer({ what: 'place', id: placeId, row: r.row, column: 'place_id' })
    }

    const events: PlannedEvent[] = []
    if (reportId === undefined) return events
    if (current !== undefined && current.reportId !== reportId) events.push(...close())
    if (current === undefined) {
      if (closed.has(reportId)) {
        r.fail('report_id', 'rows of one report must be consecutive; this report appeared earlier')
        return events
      }
      current = {
        reportId,
        organisationId: organisationId ?? '',
        submittedAt: submittedAt ?? '',
        row: r.row,
        observations: [],
        observationIds: new Set(),
        valid: true,
      }
    } else {
      if (organisationId !== undefined && organisationId !== current.organisationId) {
        r.fail('organisation_id', 'differs from the first row of the same report')
      }
      if (submittedAt !== undefined && submittedAt !== current.submittedAt) {
        r.fail('submitted_at', 'differs from the first row of the same report')
      }
    }
    const report = current
    const id = observationId ?? `o${report.observations.length + 1}`
    if (report.observationIds.has(id)) r.fail('observation_id', 'appears twice in the report')
    report.observationIds.add(id)
    if (report.observations.length >= MAX_OBSERVATIONS) {
      r.fail('report_id', `a report holds at most ${MAX_OBSERVATIONS} observations`)
    }
    if (!r.ok || category === undefined || placeId === undefined || when === undefined) {
      report.valid = false
      // Keep the numbering of later observations stable while the report is already invalid.
      report.observations.push({})
      return events
    }
    report.observations.push({
      observationId: id,
      kind: kind ?? kindOf.get(category) ?? 'disorder',
      categoryCode: category,
      placeId,
      occurredOn: when,
      count,
      certainty: certainty ?? 'observed',
      policeReported,
      ...(assessment === undefined ? {} : { assessment }),
      ...(note === undefined ? {} : { note }),
    })
    return events
  }

  return { row, end: close }
}

/** One row per observation; consecutive rows with the same report id form one report. */
export const reportsFormat: ImportFormat = { kind: 'reports', columns: REPORT_COLUMNS, open }
