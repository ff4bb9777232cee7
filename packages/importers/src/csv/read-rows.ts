import { createHash, type Hash } from 'node:crypto'
import { parse } from 'csv-parse'
import { type Delimiter, openStream } from './source.js'

/** One parsed record and its spreadsheet row number (header = 1). */
export interface CsvRecord {
  readonly row: number
  readonly fields: readonly string[]
}

/**
 * Streams the records of a CSV file, the header first (row 1). Empty lines are skipped but
 * still counted, so row numbers match what a spreadsheet shows.
 * @param onBytes receives every raw chunk (used to fingerprint the file)
 */
export async function* readRecords(
  path: string,
  delimiter: Delimiter,
  onBytes?: (chunk: Buffer) => void,
): AsyncGenerator<CsvRecord> {
  const input = openStream(path)
  if (onBytes !== undefined) input.on('data', (chunk) => onBytes(chunk as Buffer))
  const parser = input.pipe(
    parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: false }),
  )
  input.on('error', (error) => parser.destroy(error))
  let row = 0
  for await (const fields of parser as AsyncIterable<string[]>) {
    row++
    if (row > 1 && fields.length === 1 && fields[0] === '') continue
    yield { row, fields }
  }
}

/** A streaming SHA-256 of the bytes read, identifying the file independent of its name. */
export const fingerprint = (): {
  readonly update: (chunk: Buffer) => void
  readonly hash: Hash
} => {
  const hash = createHash('sha256')
  return { update: (chunk) => hash.update(chunk), hash }
}
