import { CHUNK_BYTES, type Delimiter, openStream } from './source.js'

/** The line break a file's records end with. */
export type Newline = '\n' | '\r\n' | '\r'

/** What a byte scan learnt about a file before it is parsed. */
export interface CsvLayout {
  /**
   * True when every quote opens a field, closes it (followed by the delimiter or a line break)
   * or is doubled inside it, no quoted field is left open, and every line break outside quotes
   * is the file's own. Only such files take the fast parser; any other file goes to the strict
   * one, which names the offending line.
   */
  readonly wellFormed: boolean
  /** The first line break outside quotes (a file without one: `\n`). */
  readonly newline: Newline
}

const QUOTE = 0x22
const CR = 0x0d
const LF = 0x0a
const BOM = [0xef, 0xbb, 0xbf]

const indexOrEnd = (chunk: Buffer, byte: number, from: number): number => {
  const at = chunk.indexOf(byte, from)
  return at === -1 ? chunk.length : at
}

/**
 * Scans a CSV file's bytes once for its quoting and line breaks. Quotes, delimiters and line
 * breaks are ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte character, so the
 * bytes need no decoding.
 */
export const scanLayout = async (
  path: string,
  delimiter: Delimiter,
  chunkBytes = CHUNK_BYTES,
): Promise<CsvLayout> => {
  const delim = delimiter.charCodeAt(0)
  let newline: Newline | undefined
  let quoted = false
  // Inside a quoted field the last byte was a quote: it closes the field unless another follows.
  let closing = false
  // The byte before, outside quotes; a virtual line break lets a quote open the first field.
  let prev = LF
  // Leading bytes matched against a byte-order mark so far; -1 once decided.
  let bom = 0
  const malformed = (): CsvLayout => ({ wellFormed: false, newline: newline ?? '\n' })
  for await (const chunk of openStream(path, chunkBytes) as AsyncIterable<Buffer>) {
    let k = 0
    while (bom >= 0 && k < chunk.length) {
      if (chunk[k] === BOM[bom]) {
        bom++
        k++
        if (bom === BOM.length) bom = -1
      } else {
        // Not a mark after all: its bytes were data, and the last one precedes what follows.
        if (bom > 0) prev = BOM[bom - 1] as number
        bom = -1
      }
    }
    // The next carriage return at or after k (length: none), found again only once passed.
    let nextCr = -1
    for (; k < chunk.length; k++) {
      if (!quoted && newline === '\n') {
        // The common case: outside quotes in a file of LF lines only a quote or a stray CR
        // matters, and both are found with indexOf instead of byte by byte.
        if (nextCr < k) nextCr = indexOrEnd(chunk, CR, k)
        const stop = Math.min(indexOrEnd(chunk, QUOTE, k), nextCr)
        if (stop > k) {
          prev = chunk[stop - 1] as number
          k = stop
          if (k === chunk.length) break
        }
      }
      const b = chunk[k] as number
      if (quoted) {
        if (!closing) {
          if (b === QUOTE) closing = true
          continue
        }
        closing = false
        if (b === QUOTE) continue
        quoted = false
        if (b !== delim && b !== CR && b !== LF) return malformed()
        prev = QUOTE
      }
      if (prev === CR) {
        newline ??= b === LF ? '\r\n' : '\r'
        if (newline === '\r\n' && b !== LF) return malformed()
      }
      if (b === QUOTE) {
        if (prev !== delim && prev !== LF && prev !== CR) return malformed()
        quoted = true
      } else if (b === LF) {
        newline ??= '\n'
        if (newline === '\r' || (newline === '\r\n' && prev !== CR)) return malformed()
      } else if (b === CR && newline === '\n') {
        return malformed()
      }
      prev = b
    }
  }
  if (quoted && !closing) return malformed()
  if (prev === CR) newline ??= '\r'
  return { wellFormed: true, newline: newline ?? '\n' }
}
