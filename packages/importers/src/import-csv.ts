import { stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { EventStore } from '@lagesbild/event-store'
import { CsvError } from 'csv-parse'
import { readHeaderLine, replayable, sniffDelimiter } from './csv/source.js'
import type { ImportFormat, ImportKind } from './formats/format.js'
import { measuresFormat } from './formats/measures.js'
import { placesFormat } from './formats/places.js'
import { reportsFormat } from './formats/reports.js'
import { surveyResponsesFormat } from './formats/survey-responses.js'
import { surveyResultsFormat } from './formats/survey-results.js'
import { deterministicUuid } from './ids.js'
import type { ImportCsvOptions, ImportResult } from './import/types.js'
import { validate } from './import/validate.js'
import { write } from './import/write.js'
import { readRegistry } from './store-queries.js'

const formatFor = (kind: ImportKind, baseDir: string): ImportFormat => {
  switch (kind) {
    case 'places':
      return placesFormat(baseDir)
    case 'reports':
      return reportsFormat
    case 'measures':
      return measuresFormat
    case 'survey-responses':
      return surveyResponsesFormat
    case 'survey-results':
      return surveyResultsFormat
  }
}

/**
 * Imports a CSV file into a tenant's event log: all rows or none.
 *
 * Pass 1 streams the file and validates every row (cells, references to places, organisations
 * and categories in the file or the tenant's registry, personal identity numbers, the domain's
 * event schemas) keeping only id sets in memory. Pass 2 streams it again and appends the events
 * in chunks of `chunkRows` rows, one transaction each. Event ids derive from the tenant, the
 * kind and each row's natural key, so re-running a file, or resuming one that was killed,
 * skips what is stored and never duplicates.
 *
 * @param store an open event store
 * @param options tenant, kind, source, actor and optional callbacks
 * @returns `{ ok: true, rows, events, appended, skipped, seconds, rowsPerSecond }`, or
 *   `{ ok: false, errors: [{ row, column, reason }], totalErrors }` with nothing written
 * @throws Error only for I/O and database failures (unreadable file, lost connection), or
 *   what `onChunk` throws; bad data never throws
 * @example
 * const result = await importCsv(store, {
 *   tenantId: 'mjolby', kind: 'reports', source: 'reports.csv',
 *   actor: { organisationId: 'kommunen', role: 'system' },
 * })
 * if (!result.ok) for (const e of result.errors) console.log(e.row, e.column, e.reason)
 */
export const importCsv = async (
  store: EventStore,
  options: ImportCsvOptions,
): Promise<ImportResult> => {
  const started = performance.now()
  const file = await replayable(options.source)
  try {
    const baseDir =
      options.baseDir ?? (typeof options.source === 'string' ? dirname(options.source) : '.')
    const format = formatFor(options.kind, baseDir)
    const now = options.now ?? new Date().toISOString()
    const registry = await readRegistry(store, options.tenantId)
    const totalBytes = (await stat(file.path)).size
    const delimiter = sniffDelimiter(await readHeaderLine(file.path))
    // What both passes read the file with; the plan is filled by validation, used by writing.
    const pass = {
      path: file.path,
      delimiter,
      registry,
      now,
      plan: new Map<string, unknown>(),
      totalBytes,
    }

    let checked: Awaited<ReturnType<typeof validate>>
    try {
      checked = await validate(store, format, options, pass)
    } catch (error) {
      // A file that is not CSV at all (an unmatched quote, a quote opening mid-field) stops the
      // parser; that is bad data like any other, answered with its line, not thrown.
      if (!(error instanceof CsvError)) throw error
      const line = Number((error as CsvError & { lines?: number }).lines)
      return {
        ok: false,
        kind: options.kind,
        errors: [
          {
            row: Number.isInteger(line) && line > 0 ? line : 1,
            column: '',
            reason: `the file is not valid CSV here: ${error.message.split(':')[0]}`,
          },
        ],
        totalErrors: 1,
        rows: 0,
      }
    }
    if (!checked.ok) return checked
    const written = await write(store, format, options, {
      ...pass,
      rows: checked.rows,
      resumed: checked.resumed,
      correlationId: deterministicUuid(options.tenantId, options.kind, 'file', checked.fileHash),
    })
    const seconds = (performance.now() - started) / 1000
    return {
      ok: true,
      kind: options.kind,
      rows: checked.rows,
      events: written.events,
      appended: written.appended,
      skipped: written.skipped,
      seconds,
      rowsPerSecond: seconds > 0 ? checked.rows / seconds : checked.rows,
    }
  } finally {
    await file.release()
  }
}
