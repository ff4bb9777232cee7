/** One problem in an import file, addressed the way a spreadsheet user finds it. */
export interface ImportRowError {
  /** Line number in the file; the header is row 1, the first data row is row 2. */
  readonly row: number
  /** The column's header name as written in the file ('' for row-level problems). */
  readonly column: string
  /** What is wrong, in words; never echoes a personal identity number. */
  readonly reason: string
}

/** How many errors a failed import lists; the total is always counted. */
export const MAX_LISTED_ERRORS = 1000

/**
 * Collects every error of a file but keeps only the first `limit` in memory, so a file that is
 * wrong on every one of a million rows still fails in bounded memory.
 */
export class ErrorCollector {
  readonly #limit: number
  readonly #errors: ImportRowError[] = []
  #total = 0

  constructor(limit = MAX_LISTED_ERRORS) {
    this.#limit = limit
  }

  add(row: number, column: string, reason: string): void {
    this.#total++
    if (this.#errors.length < this.#limit) this.#errors.push({ row, column, reason })
  }

  /** Counts errors whose locations were not kept (memory bound), so the total stays exact. */
  addUnlisted(count: number): void {
    this.#total += count
  }

  get total(): number {
    return this.#total
  }

  /** The listed errors in row order (deferred reference checks arrive late). */
  list(): ImportRowError[] {
    return [...this.#errors].sort((a, b) => a.row - b.row)
  }
}
