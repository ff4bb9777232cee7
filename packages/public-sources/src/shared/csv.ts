import { parse } from 'csv-parse/sync'

/** A CSV record with the line it ends on (the header is line 1). */
export interface CsvRecord {
  readonly row: number
  readonly fields: readonly string[]
}

/**
 * Reads R `write.csv`-style text: comma separated, quoted strings, a header row. Rows keep their
 * line numbers so rejections can point at them.
 */
export const readCsv = (
  text: string,
): { readonly header: readonly string[]; readonly records: readonly CsvRecord[] } => {
  const parsed = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as unknown as { record: string[]; info: { lines: number } }[]
  const [first, ...rest] = parsed
  return {
    header: first?.record ?? [],
    records: rest.map((r) => ({ row: r.info.lines, fields: r.record })),
  }
}

const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** A published number as JS reads it, or undefined when the text is not a plain decimal. */
export const parseDecimal = (text: string): number | undefined => {
  const t = text.trim()
  return DECIMAL.test(t) ? Number(t) : undefined
}
