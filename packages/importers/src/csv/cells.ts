import type { ErrorCollector } from '../errors.js'

/** One column of an import format, as documented in docs/import-formats.md. */
export interface ColumnSpec {
  readonly name: string
  readonly required: boolean
  /** The value type in words, e.g. `date (YYYY-MM-DD)`. */
  readonly type: string
  readonly example: string
  readonly description: string
}

/** Folds case, diacritics and separators so `Misstänkt`, `misstankt` and `MISSTÄNKT` match. */
export const normaliseWord = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[\s_-]+/g, '-')

/** Header names are matched like words: `Report ID`, `report-id` and `report_id` are one column. */
const normaliseHeader = (value: string): string =>
  normaliseWord(value.replace(/^\ufeff/, '')).replace(/-/g, '_')

/** Maps a file's header to column positions, after checking it against the format. */
export class Header {
  readonly #positions: ReadonlyMap<string, number>
  readonly #labels: ReadonlyMap<string, string>
  /** How many cells the header line has. */
  readonly width: number

  private constructor(positions: Map<string, number>, labels: Map<string, string>, width: number) {
    this.#positions = positions
    this.#labels = labels
    this.width = width
  }

  /**
   * Every missing required column, unknown column and duplicate is an error on row 1: a typo in
   * a header would otherwise silently drop a whole column of data.
   */
  static parse(
    fields: readonly string[],
    columns: readonly ColumnSpec[],
    errors: ErrorCollector,
  ): Header | undefined {
    const known = new Set(columns.map((c) => c.name))
    const positions = new Map<string, number>()
    const labels = new Map<string, string>()
    const before = errors.total
    fields.forEach((field, index) => {
      const name = normaliseHeader(field)
      if (name === '') {
        errors.add(1, `#${index + 1}`, 'empty column name')
      } else if (!known.has(name)) {
        errors.add(1, field.trim(), `unknown column; expected some of: ${[...known].join(', ')}`)
      } else if (positions.has(name)) {
        errors.add(1, field.trim(), 'column appears twice')
      } else {
        positions.set(name, index)
        labels.set(name, field.trim())
      }
    })
    for (const column of columns) {
      if (column.required && !positions.has(column.name)) {
        errors.add(1, column.name, 'required column is missing')
      }
    }
    return errors.total === before ? new Header(positions, labels, fields.length) : undefined
  }

  position(name: string): number | undefined {
    return this.#positions.get(name)
  }

  /** The column as the file spells it, so errors point at what the user sees. */
  label(name: string): string {
    return this.#labels.get(name) ?? name
  }

  has(name: string): boolean {
    return this.#positions.has(name)
  }
}
