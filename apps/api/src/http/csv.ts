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
