import { parse } from 'csv-parse/sync'
import type { Rejection } from './rejections.js'

/** A CSV record with the line it ends on (the header is line 1). */
export interface CsvRecord {
  readonly row: number
  readonly fields: readonly string[]
}

/**
 * Reads R `write.csv`-style text: comma separated, quoted strings, a header row. Rows keep their
 * line numbers so rejections can point at them. A row with more non-empty cells than the header
 * (an unquoted comma, a stray line break joining two rows) no longer lines up with the columns:
 * it is not among the records but among the misfits, rejected as malformed.
 */
export const readCsv = (
  text: string,
): {
  readonly header: readonly string[]
  readonly records: readonly CsvRecord[]
  readonly misfits: readonly Rejection[]
} => {
  const parsed = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as unknown as { record: string[]; info: { lines: number } }[]
  const [first, ...rest] = parsed
  const header = first?.record ?? []
  const records: CsvRecord[] = []
  const misfits: Rejection[] = []
  for (const r of rest) {
    if (r.record.slice(header.length).some((cell) => cell.trim() !== '')) {
      misfits.push({
        row: r.info.lines,
        kind: 'malformed',
        reason: `${r.record.length} cells where the header has ${header.length}`,
      })
    } else {
      records.push({ row: r.info.lines, fields: r.record })
    }
  }
  return { header, records, misfits }
}

const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** A published number as JS reads it, or undefined when the text is not a plain decimal. */
export const parseDecimal = (text: string): number | undefined => {
  const t = text.trim()
  return DECIMAL.test(t) ? Number(t) : undefined
}
