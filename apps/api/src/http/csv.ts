import type { SituationPicture } from '@lagesbild/projections'
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
