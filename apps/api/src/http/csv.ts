import type { InsecurityReport } from '@lagesbild/application'
import type { MeasureRegisterEntry, PlaceTrend, SituationPicture } from '@lagesbild/projections'
/** A cell value as a spreadsheet should see it. */
export type CsvValue = string | number | boolean | null | undefined

const quote = (value: CsvValue): string => {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'string') return String(value)
  // A leading =, +, - or @ makes spreadsheets run the cell as a formula (CSV injection): place
  // names and titles are user input, so such text is prefixed with an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted where needed.
 *
 * @param header column names
 * @param rows one array per row, aligned with the header
 * @example toCsv(['place', 'count'], [['park', 3]]) // 'place,count\r\npark,3\r\n'
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows]
    .map((r) => r.map(quote).join(','))
    .join('\r\n')
    .concat('\r\n')
}

/** Columns of the picture table; the API and the CLI export share them. */
export const PICTURE_CSV_HEADER = [
  'period_start',
  'period_end',
  'place_id',
  'place_name',
  'category',
  'count',
  'observations',
  'reports',
  'harm',
  'previous_count',
  'previous_difference',
  'year_ago_count',
  'baseline_mean',
  'baseline_z',
] as const

const round = (x: number): number => Math.round(x * 1000) / 1000
/** Shares and their intervals keep four decimals: a hundredth of a percentage point. */
const round4 = (x: number): number => Math.round(x * 10000) / 10000

/**
 * The situation picture as a table: one row per place × category.
 *
 * @param picture from `situationPicture`
 * @example pictureCsv(await situationPicture(db, { tenantId: 'mjolby', asOf: '2024-03-10' }))
 */
export function pictureCsv(picture: SituationPicture): string {
  const names = new Map(picture.places.map((p) => [p.placeId, p.name]))
  return toCsv(
    PICTURE_CSV_HEADER,
    picture.cells.map((cell) => [
      picture.period.start,
      picture.period.end,
      cell.placeId,
      names.get(cell.placeId) ?? null,
      cell.category,
      cell.count,
      cell.observations,
      cell.reports,
      cell.harm,
      cell.previous.count,
      cell.previous.difference,
      cell.yearAgo.count,
      round(cell.baseline.mean),
      cell.baseline.z === null ? null : round(cell.baseline.z),
    ]),
  )
}

/**
 * A place trend as a table: one row per bucket, a column per requested category, and one per
 * source (source_partners, source_police_events …), so the police series stay apart.
 */
export function trendCsv(trend: PlaceTrend): string {
  const cats = trend.categories ?? []
  return toCsv(
    [
      'start',
      'end',
      'count',
      ...cats,
      ...trend.sources.map((src) => `source_${src.replace('-', '_')}`),
    ],
    trend.points.map((pt) => [
      pt.start,
      pt.end,
      pt.count,
      ...cats.map((k) => pt.byCategory?.[k] ?? 0),
      ...trend.sources.map((src) => pt.bySource[src] ?? 0),
    ]),
  )
}

/** The measure register as a table: one row per measure. */
export function measuresCsv(measures: readonly MeasureRegisterEntry[]): string {
  return toCsv(
    [
      'measure_id',
      'title',
      'type',
      'status',
      'owner',
      'places',
      'target_categories',
      'decided_on',
      'started_on',
      'completed_on',
      'cancelled_on',
      'evaluated_on',
      'verdict',
      'evidence_level',
    ],
    measures.map((m) => [
      m.measureId,
      m.title,
      m.type,
      m.status,
      m.ownerOrganisationId,
      m.placeIds.join(' '),
      m.targetCategories.join(' '),
      m.decidedOn,
      m.startedOn,
      m.completedOn,
      m.cancelledOn,
      m.evaluatedOn,
      m.verdict,
      m.evidenceLevel,
    ]),
  )
}

/**
 * Perceived insecurity as a table: one row per area × survey year, with the comparison against
 * the rest of the municipality beside it. A suppressed cell keeps its row, with `suppressed`
 * true and every figure empty, so a small area is visibly withheld rather than missing.
 */
export function insecurityCsv(report: InsecurityReport): string {
  const vsMunicipality = new Map(
    report.placeVsMunicipality.map((c) => [`${c.areaId}\u0000${c.year}`, c]),
  )
  const header = [
    'area_id',
    'year',
    'source',
    'suppressed',
    'n',
    'share',
    'ci_lower',
    'ci_upper',
    'estimation',
    'effective_n',
    'vs_municipality_difference',
    'vs_municipality_ci_lower',
    'vs_municipality_ci_upper',
    'vs_municipality_p',
    'vs_municipality_q',
  ]
  return toCsv(
    header,
    report.cells.map((cell) => {
      const vs = vsMunicipality.get(`${cell.areaId}\u0000${cell.year}`)
      const shown = vs !== undefined && !vs.suppressed
      if (cell.suppressed) {
        return [cell.areaId, cell.year, cell.source, true, ...header.slice(4).map(() => null)]
      }
      return [
        cell.areaId,
        cell.year,
        cell.source,
        false,
        cell.n,
        round4(cell.share),
        cell.ci === null ? null : round4(cell.ci.lower),
        cell.ci === null ? null : round4(cell.ci.upper),
        cell.estimation,
        cell.effectiveN === null ? null : round4(cell.effectiveN),
        shown && vs.difference !== null ? round4(vs.difference) : null,
        shown && vs.ci !== null ? round4(vs.ci.lower) : null,
        shown && vs.ci !== null ? round4(vs.ci.upper) : null,
        shown ? vs.pValue : null,
        shown ? vs.qValue : null,
      ]
    }),
  )
}
