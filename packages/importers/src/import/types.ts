import type { Readable } from 'node:stream'
import type { Actor } from '@lagesbild/domain'
import type { ImportRowError } from '../errors.js'
import type { ImportKind } from '../formats/format.js'

/** Where an import stands; `totalRows` is known in the write phase, `totalBytes` always. */
export interface ImportProgress {
  readonly phase: 'validate' | 'write'
  readonly rows: number
  readonly totalRows?: number
  readonly bytes?: number
  readonly totalBytes: number
}

/** Reported after every committed chunk of the write phase. */
export interface ImportChunk {
  /** 1 for the first chunk. */
  readonly index: number
  readonly rows: number
  readonly appended: number
  readonly skipped: number
}

export interface ImportCsvOptions {
  readonly tenantId: string
  readonly kind: ImportKind
  /** A file path, or a stream (spooled to a temporary file: the import reads it twice). */
  readonly source: string | Readable
  /** Who imports; usually `{ organisationId, role: 'system' }`. */
  readonly actor: Actor
  /** Folder relative GeoJSON paths are resolved against; default the CSV file's folder or cwd. */
  readonly baseDir?: string
  /** Called every `progressEvery` rows in both phases and once at the end of each. */
  readonly onProgress?: (progress: ImportProgress) => void
  readonly progressEvery?: number
  /** Called after each chunk commits; an error thrown here stops the import (tests use it). */
  readonly onChunk?: (chunk: ImportChunk) => void | Promise<void>
  /** Rows per transaction in the write phase (default 5,000). */
  readonly chunkRows?: number
  /** The import time (ISO 8601 with offset); default the current time. */
  readonly now?: string
}

export interface ImportSummary {
  readonly ok: true
  readonly kind: ImportKind
  /** Data rows read (the header not counted). */
  readonly rows: number
  /** Events the file stands for. */
  readonly events: number
  /** Events written now. */
  readonly appended: number
  /** Events already stored by an earlier run of the same import. */
  readonly skipped: number
  readonly seconds: number
  readonly rowsPerSecond: number
}

export interface ImportFailure {
  readonly ok: false
  readonly kind: ImportKind
  /** The first errors in row order (at most `MAX_LISTED_ERRORS`). */
  readonly errors: readonly ImportRowError[]
  /** How many errors the file has in all. */
  readonly totalErrors: number
  readonly rows: number
}

export type ImportResult = ImportSummary | ImportFailure
