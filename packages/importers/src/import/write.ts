import type { AppendRequest, EventStore, NewEvent } from '@lagesbild/event-store'
import { Header } from '../csv/cells.js'
import { readRecords } from '../csv/read-rows.js'
import { Row } from '../csv/row.js'
import { ErrorCollector } from '../errors.js'
import type { ImportFormat, PlannedEvent } from '../formats/format.js'
import { existingEventIds } from '../store-queries.js'
import { context, type PassInput, toNewEvent } from './pass.js'
import type { ImportCsvOptions } from './types.js'

/** Pass 2: the validated file, appended chunk by chunk. */
export const write = async (
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
    // Validation found which streams an earlier run created (their first event carries our
    // id). A creating event of such a stream is that very event: skip it without a query. Only
    // later events of those streams (measure steps, survey chunks) need a look-up; a fresh
    // import never pays for one.
    const resumedEvent = (e: (typeof events)[number]) => input.resumed.has(e.planned.streamId)
    const stored = await existingEventIds(
      store,
      events.filter((e) => resumedEvent(e) && !e.planned.createsStream).map((e) => e.event.eventId),
    )
    const fresh = events.filter(
      (e) => !(resumedEvent(e) && e.planned.createsStream) && !stored.has(e.event.eventId),
    )
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
    const results = requests.length > 0 ? await store.appendMany(requests) : []
    // The store may still find a request already stored (a concurrent run of the same file)
    // and replay it: count what it actually wrote.
    const appended = requests.reduce(
      (n, request, i) => n + (results[i]?.appended === false ? 0 : request.events.length),
      0,
    )
    totals.events += events.length
    totals.appended += appended
    totals.skipped += events.length - appended
    chunkIndex++
    await options.onChunk?.({
      index: chunkIndex,
      rows: chunkRowCount,
      appended,
      skipped: events.length - appended,
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
