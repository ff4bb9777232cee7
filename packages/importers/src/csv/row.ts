import { containsPersonalIdentityNumber } from '@lagesbild/domain'
import type { ErrorCollector } from '../errors.js'
import type { Header } from './cells.js'
import { normaliseWord } from './cells.js'
import { parseDate, parseDecimal, parseInstant, parseInteger, parseTime } from './values.js'

const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/

const PIN_REASON =
  'looks like a Swedish personal identity number; imports are about places, never persons'

/** Lists inside one cell (place ids, categories) are separated by a vertical bar. */
export const LIST_SEPARATOR = '|'

/** Canonical value → accepted spellings (normalised with `normaliseWord`). */
export type Synonyms<T extends string> = Readonly<Record<T, readonly string[]>>

/** Builds the lookup once per format so each cell costs one map access. */
export const synonymLookup = <T extends string>(synonyms: Synonyms<T>): ReadonlyMap<string, T> => {
  const map = new Map<string, T>()
  for (const [canonical, spellings] of Object.entries(synonyms) as [T, readonly string[]][]) {
    map.set(normaliseWord(canonical), canonical)
    for (const s of spellings) map.set(normaliseWord(s), canonical)
  }
  return map
}

/**
 * Typed access to the cells of one record. Every getter records its own error (row, column,
 * reason) and returns undefined, so a row reports all its problems, not just the first.
 */
export class Row {
  readonly row: number
  readonly #fields: readonly string[]
  readonly #header: Header
  readonly #errors: ErrorCollector
  #failed = false

  /**
   * A row with more non-empty cells than the header has columns is refused as a whole: its
   * cells no longer line up with the header. That is what an unquoted delimiter inside a value
   * looks like (a note cut at its comma, the rest dropped), and what a stray line break of
   * another kind does (two rows read as one, the second mostly dropped). Trailing empty cells,
   * which spreadsheets sometimes write, are harmless.
   */
  constructor(row: number, fields: readonly string[], header: Header, errors: ErrorCollector) {
    this.row = row
    this.#fields = fields
    this.#header = header
    this.#errors = errors
    if (fields.slice(header.width).some((cell) => cell.trim() !== '')) {
      this.fail(
        '',
        `${fields.length} cells where the header has ${header.width}: quote a value that contains the delimiter or a line break ("…"), and end every row with the header line's line break`,
      )
    }
  }

  /** True when no getter has reported an error for this row. */
  get ok(): boolean {
    return !this.#failed
  }

  /** Records an error in a named column (or '' for the row as a whole). */
  fail(column: string, reason: string): undefined {
    this.#failed = true
    this.#errors.add(this.row, column === '' ? '' : this.#header.label(column), reason)
    return undefined
  }

  /** The trimmed cell, or undefined when the column is absent or the cell empty. */
  raw(column: string): string | undefined {
    const position = this.#header.position(column)
    if (position === undefined) return undefined
    const value = this.#fields[position]?.trim()
    return value === undefined || value === '' ? undefined : value
  }

  #cell(column: string, required: boolean): string | undefined {
    const value = this.raw(column)
    if (value === undefined && required) this.fail(column, 'required value is empty')
    return value
  }

  id(column: string, required: true): string | undefined
  id(column: string, required?: boolean): string | undefined
  id(column: string, required = false): string | undefined {
    const value = this.#cell(column, required)
    if (value === undefined) return undefined
    if (value.length > 100 || !ENTITY_ID.test(value)) {
      return this.fail(column, 'expected an id of letters, digits, ".", "_", ":" or "-" (max 100)')
    }
    if (containsPersonalIdentityNumber(value)) return this.fail(column, PIN_REASON)
    return value
  }

  ids(column: string, required = false): string[] | undefined {
    const value = this.#cell(column, required)
    if (value === undefined) return undefined
    const parts = value.split(LIST_SEPARATOR).map((p) => p.trim())
    if (parts.some((p) => p.length > 100 || !ENTITY_ID.test(p))) {
      return this.fail(column, 'expected ids separated by "|"')
    }
    if (containsPersonalIdentityNumber(value)) return this.fail(column, PIN_REASON)
    return [...new Set(parts)]
  }

  /** Free text; refused when it holds a personal identity number, which is never echoed. */
  text(column: string, required = false, max = 4000): string | undefined {
    const value = this.#cell(column, required)
    if (value === undefined) return undefined
    if (value.length > max) return this.fail(column, `text longer than ${max} characters`)
    if (containsPersonalIdentityNumber(value)) return this.fail(column, PIN_REASON)
    return value
  }

  date(column: string, required = false): string | undefined {
    const value = this.#cell(column, required)
    if (value === undefined) return undefined
    return parseDate(value) ?? this.fail(column, 'expected a real date as YYYY-MM-DD')
  }

  instant(column: string, required = false): string | undefined {
    const value = this.#cell(column, required)
    if (value === undefined) return undefined
    return (
      parseInstant(value) ??
      this.fail(column, 'expected YYYY-MM-DD, YYYY-MM-DD HH:MM or an ISO 8601 instant')
    )
  }

  time(column: string, required = false): string | undefined {
    const value = this.#cell(column, required)
    if (value === undefined) return undefined
    return parseTime(value) ?? this.fail(column, 'expected a time as HH:MM')
  }

  integer(column: string, required: boolean, min: number, max: number): number | undefined {
    const value = this.#cell(column, required)
    if (value === undefined) return undefined
    const n = parseInteger(value)
    if (n === undefined || n < min || n > max) {
      return this.fail(column, `expected a whole number from ${min} to ${max}`)
    }
    return n
  }

  decimal(column: string, required = false): number | undefined {
    const value = this.#cell(column, required)
    if (value === undefined) return undefined
    return parseDecimal(value) ?? this.fail(column, 'expected a number (decimal comma or point)')
  }

  choice<T extends string>(
    column: string,
    lookup: ReadonlyMap<string, T>,
    required = false,
  ): T | undefined {
    const value = this.#cell(column, required)
    if (value === undefined) return undefined
    const found = lookup.get(normaliseWord(value))
    if (found !== undefined) return found
    const allowed = [...new Set(lookup.values())].join(', ')
    return this.fail(column, `unknown value; expected one of: ${allowed}`)
  }
}
