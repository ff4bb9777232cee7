import { stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Readable } from 'node:stream'
import { type Actor, CURRENT_SCHEMA_VERSIONS, EVENT_SCHEMAS } from '@lagesbild/domain'
import type { AppendRequest, EventStore, JsonObject, NewEvent } from '@lagesbild/event-store'
import { Header } from './csv/cells.js'
import { fingerprint, readRecords } from './csv/read-rows.js'
import { Row } from './csv/row.js'
import { readHeaderLine, replayable, sniffDelimiter } from './csv/source.js'
import { ErrorCollector, type ImportRowError, MAX_LISTED_ERRORS } from './errors.js'
import type {
  FormatContext,
  ImportFormat,
  ImportKind,
  PlannedEvent,
  Reference,
  TenantRegistry,
} from './formats/format.js'
import { measuresFormat } from './formats/measures.js'
import { placesFormat } from './formats/places.js'
import { reportsFormat } from './formats/reports.js'
import { surveyResponsesFormat } from './formats/survey-responses.js'
import { surveyResultsFormat } from './formats/survey-results.js'
import { deterministicUuid } from './ids.js'
import { existingEventIds, readRegistry, streamCreators } from './store-queries.js'

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

/** How many stream-creation checks pass 1 batches into one query. */
const CREATOR_BATCH = 5000

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
    const plan = new Map<string, unknown>()

    const checked = await validate(store, format, options, {
      path: file.path,
      delimiter,
      registry,
      now,
      plan,
      totalBytes,
    })
    if (!checked.ok) return checked
    const written = await write(store, format, options, {
      path: file.path,
      delimiter,
      registry,
      now,
      plan,
      totalBytes,
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

interface PassInput {
  readonly path: string
  readonly delimiter: ',' | ';'
  readonly registry: TenantRegistry
  readonly now: string
  readonly plan: Map<string, unknown>
  readonly totalBytes: number
}

const context = (
  options: ImportCsvOptions,
  input: PassInput,
  pass: 1 | 2,
  refer: FormatContext['refer'],
  define: FormatContext['define'],
): FormatContext => ({
  tenantId: options.tenantId,
  now: input.now,
  registry: input.registry,
  refer,
  define,
  plan: input.plan,
  pass,
})

const envelope = (
  options: ImportCsvOptions,
  planned: PlannedEvent,
  now: string,
  correlationId: string,
) => {
  const eventId = deterministicUuid(options.tenantId, options.kind, planned.type, ...planned.key)
  const recordedAt = planned.recordedAt ?? now
  return {
    type: planned.type,
    data: planned.data,
    metadata: {
      eventId,
      tenantId: options.tenantId,
      recordedAt,
      actor: options.actor,
      correlationId,
      causationId: null,
      schemaVersion: CURRENT_SCHEMA_VERSIONS[planned.type],
    },
  }
}

/** Pass 1: every row checked, nothing written. */
const validate = async (
  store: EventStore,
  format: ImportFormat,
  options: ImportCsvOptions,
  input: PassInput,
): Promise<
  ImportFailure | { ok: true; rows: number; fileHash: string; resumed: ReadonlySet<string> }
> => {
  const errors = new ErrorCollector(MAX_LISTED_ERRORS)
  let labels: Header | undefined
  const defined = { place: new Set<string>(), organisation: new Set<string>() }
  const known = { place: input.registry.places, organisation: input.registry.organisations }
  // Only the places file defines what it references (areas, buffers further down); every
  // other reference must already be known, so it is judged at once.
  const deferrable = (what: Reference['what']): boolean =>
    what === 'place' && options.kind === 'places'
  // Unresolved forward references, by id, with the locations that can still be listed.
  const pending = new Map<string, { refs: Reference[]; unlisted: number }>()
  let pendingListed = 0
  const refer = (ref: Reference): void => {
    if (known[ref.what].has(ref.id) || defined[ref.what].has(ref.id)) return
    if (!deferrable(ref.what)) {
      errors.add(
        ref.row,
        labels?.label(ref.column) ?? ref.column,
        `${ref.what} "${ref.id}" is not registered`,
      )
      return
    }
    const key = `${ref.what}\u0000${ref.id}`
    let entry = pending.get(key)
    if (entry === undefined) {
      entry = { refs: [], unlisted: 0 }
      pending.set(key, entry)
    }
    if (pendingListed < MAX_LISTED_ERRORS) {
      entry.refs.push(ref)
      pendingListed++
    } else {
      entry.unlisted++
    }
  }
  const define = (what: Reference['what'], id: string): void => {
    defined[what].add(id)
  }
  const ctx = context(options, input, 1, refer, define)
  const session = format.open(ctx)
  const hash = fingerprint()
  let header: Header | undefined
  let rows = 0
  let bytes = 0
  const every = options.progressEvery ?? 10_000
  const creators: { streamId: string; eventId: string; row: number }[] = []
  // Streams an earlier run of this import already created: only their events can be stored.
  const resumed = new Set<string>()

  const checkCreators = async (): Promise<void> => {
    const batch = creators.splice(0, creators.length)
    const found = await streamCreators(
      store,
      options.tenantId,
      batch.map((c) => c.streamId),
    )
    for (const c of batch) {
      const existing = found.get(c.streamId)
      if (existing === undefined) continue
      if (existing.toLowerCase() !== c.eventId) {
        errors.add(c.row, '', `${c.streamId} already exists in the tenant (not from this import)`)
      } else {
        resumed.add(c.streamId)
      }
    }
  }

  const check = (events: readonly PlannedEvent[]): void => {
    for (const planned of events) {
      const event = envelope(options, planned, input.now, deterministicUuid('validation'))
      const parsed = EVENT_SCHEMAS[planned.type].safeParse(event)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const path = issue?.path.join('.') ?? ''
        errors.add(planned.row, '', `does not fit ${planned.type} (${path}: ${issue?.message})`)
        continue
      }
      if (planned.createsStream) {
        creators.push({
          streamId: planned.streamId,
          eventId: event.metadata.eventId,
          row: planned.row,
        })
      }
    }
  }

  try {
    for await (const record of readRecords(input.path, input.delimiter, (chunk) => {
      bytes += chunk.length
      hash.update(chunk)
    })) {
      if (record.row === 1) {
        header = Header.parse(record.fields, format.columns, errors)
        labels = header
        if (header === undefined) break
        continue
      }
      if (header === undefined) break
      rows++
      check(session.row(new Row(record.row, record.fields, header, errors)))
      if (creators.length >= CREATOR_BATCH) await checkCreators()
      if (rows % every === 0) {
        options.onProgress?.({ phase: 'validate', rows, bytes, totalBytes: input.totalBytes })
      }
    }
  } catch (error) {
    if (!isCsvSyntaxError(error)) throw error
    errors.add(
      error.lines ?? rows + 1,
      '',
      `CSV syntax: ${error.message.replace(/^[^:]*:\s*/, '')}`,
    )
  }
  if (labels === undefined && errors.total === 0) errors.add(1, '', 'the file is empty')
  if (header !== undefined) check(session.end())
  await checkCreators()
  for (const [key, entry] of pending) {
    const [what, id] = key.split('\u0000') as [Reference['what'], string]
    if (defined[what].has(id)) continue
    for (const ref of entry.refs) {
      errors.add(
        ref.row,
        header?.label(ref.column) ?? ref.column,
        `${what} "${id}" is not registered`,
      )
    }
    errors.addUnlisted(entry.unlisted)
  }
  options.onProgress?.({ phase: 'validate', rows, bytes, totalBytes: input.totalBytes })
  if (errors.total > 0) {
    return { ok: false, kind: options.kind, errors: errors.list(), totalErrors: errors.total, rows }
  }
  return { ok: true, rows, fileHash: hash.hash.digest('hex'), resumed }
}

interface CsvSyntaxError extends Error {
  readonly code: string
  readonly lines?: number
}

const isCsvSyntaxError = (error: unknown): error is CsvSyntaxError =>
  error instanceof Error &&
  typeof (error as unknown as { code?: unknown }).code === 'string' &&
  String((error as unknown as { code: string }).code).startsWith('CSV_')

/** Pass 2: the validated file, appended chunk by chunk. */
const write = async (
  store: EventStore,
  format: ImportFormat,
  options: ImportCsvOptions,
  input: PassInput & {
    readonly rows: number
    readonly correlationId: string
    readonly resumed: ReadonlySet<string>
  },
): Promise<{ events: number; appended: number; skipped: number }> => {
  const errors = new ErrorCollector(1)
  const ctx = context(
    options,
    input,
    2,
    () => {},
    () => {},
  )
  const session = format.open(ctx)
  const chunkRows = options.chunkRows ?? 5000
  const every = options.progressEvery ?? 10_000
  let header: Header | undefined
  let rows = 0
  let rowsInChunk = 0
  let chunkIndex = 0
  let pending: PlannedEvent[] = []
  const totals = { events: 0, appended: 0, skipped: 0 }

  const flush = async (): Promise<void> => {
    const planned = pending
    pending = []
    const chunkRowCount = rowsInChunk
    rowsInChunk = 0
    if (planned.length === 0 && chunkRowCount === 0) return
    const events = planned.map((p) => toNewEvent(options, p, input.now, input.correlationId))
    // A stream this file creates and that did not exist at validation holds none of its
    // events, so a fresh import never pays for the lookup; a resumed one looks up the rest.
    const stored = await existingEventIds(
      store,
      events.filter((e) => input.resumed.has(e.planned.streamId)).map((e) => e.event.eventId),
    )
    const fresh = events.filter((e) => !stored.has(e.event.eventId))
    const requests: AppendRequest[] = []
    for (const { event, planned: p } of fresh) {
      const last = requests.at(-1)
      if (last !== undefined && last.streamId === p.streamId) {
        ;(last.events as NewEvent[]).push(event)
      } else {
        requests.push({
          tenantId: options.tenantId,
          streamId: p.streamId,
          events: [event],
          expectedVersion: p.createsStream ? 'no-stream' : 'any',
        })
      }
    }
    if (requests.length > 0) await store.appendMany(requests)
    totals.events += events.length
    totals.appended += fresh.length
    totals.skipped += events.length - fresh.length
    chunkIndex++
    await options.onChunk?.({
      index: chunkIndex,
      rows: chunkRowCount,
      appended: fresh.length,
      skipped: events.length - fresh.length,
    })
  }

  for await (const record of readRecords(input.path, input.delimiter)) {
    if (record.row === 1) {
      header = Header.parse(record.fields, format.columns, errors)
      if (header === undefined) throw new Error('the file changed between validation and writing')
      continue
    }
    if (header === undefined) break
    const row = new Row(record.row, record.fields, header, errors)
    pending.push(...session.row(row))
    if (errors.total > 0) throw new Error('the file changed between validation and writing')
    rows++
    rowsInChunk++
    if (rowsInChunk >= chunkRows) await flush()
    if (rows % every === 0) {
      options.onProgress?.({
        phase: 'write',
        rows,
        totalRows: input.rows,
        totalBytes: input.totalBytes,
      })
    }
  }
  pending.push(...session.end())
  await flush()
  options.onProgress?.({
    phase: 'write',
    rows,
    totalRows: input.rows,
    totalBytes: input.totalBytes,
  })
  return totals
}

const toNewEvent = (
  options: ImportCsvOptions,
  planned: PlannedEvent,
  now: string,
  correlationId: string,
): { event: NewEvent; planned: PlannedEvent } => {
  const full = envelope(options, planned, now, correlationId)
  return {
    planned,
    event: {
      eventId: full.metadata.eventId,
      type: full.type,
      schemaVersion: full.metadata.schemaVersion,
      data: full.data as JsonObject,
      metadata: full.metadata as unknown as JsonObject,
      recordedAt: full.metadata.recordedAt,
    },
  }
}
