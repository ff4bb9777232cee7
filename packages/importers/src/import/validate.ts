import { EVENT_SCHEMAS } from '@lagesbild/domain'
import type { EventStore } from '@lagesbild/event-store'
import { Header } from '../csv/cells.js'
import { fingerprint, readRecords } from '../csv/read-rows.js'
import { Row } from '../csv/row.js'
import { ErrorCollector, MAX_LISTED_ERRORS } from '../errors.js'
import type { FormatContext, ImportFormat, PlannedEvent, Reference } from '../formats/format.js'
import { deterministicUuid } from '../ids.js'
import { streamCreators } from '../store-queries.js'
import { context, envelope, type PassInput } from './pass.js'
import type { ImportCsvOptions, ImportFailure } from './types.js'

/** How many stream-creation checks pass 1 batches into one query. */
const CREATOR_BATCH = 5000

/** Pass 1: every row checked, nothing written. */
export const validate = async (
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
  const creators: { streamId: string; eventId: string; row: number }[] = []
  // Streams an earlier run of this import already created: only their events can be stored.
  const resumed = new Set<string>()
  const claimStream: FormatContext['claimStream'] = (streamId, type, key, row) => {
    const eventId = deterministicUuid(options.tenantId, options.kind, type, ...key)
    creators.push({ streamId, eventId, row })
  }
  const ctx = context(options, input, 1, refer, define, claimStream)
  const session = format.open(ctx)
  const hash = fingerprint()
  let header: Header | undefined
  let rows = 0
  let bytes = 0
  const every = options.progressEvery ?? 10_000

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
