import type { LogEntry } from './event-log.js'

/** An event in the shape the event store's `append`/`appendMany` take. */
export type AppendableEvent = {
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly data: Record<string, unknown>
  readonly metadata: Record<string, unknown>
  readonly recordedAt: string
}

/** One stream's share of an `appendMany` call. */
export type AppendableRequest = {
  readonly tenantId: string
  readonly streamId: string
  readonly events: readonly AppendableEvent[]
  /** 'no-stream' when the slice starts the stream, otherwise the version before it. */
  readonly expectedVersion: number | 'no-stream'
}

/**
 * Cuts an ordered log into `appendMany` batches of consecutive entries, each batch grouped by
 * stream with the expected version the store checks. Appending the batches in order reproduces
 * the log's streams exactly; within a batch, events of one stream are stored together, so the
 * global order follows recordedAt up to the batch size.
 * @param log entries in log order (e.g. `generateDemo().log` or a batch of the large generator)
 * @param maxEvents events per batch (default 1000)
 * @throws Error when a stream's versions in the log are not consecutive
 * @example for (const batch of toAppendBatches(demo.log)) await store.appendMany(batch)
 */
export function* toAppendBatches(
  log: Iterable<LogEntry>,
  maxEvents = 1000,
): Generator<AppendableRequest[]> {
  let batch = new Map<string, { tenantId: string; first: number; events: AppendableEvent[] }>()
  let size = 0
  const last = new Map<string, number>()
  const flush = (): AppendableRequest[] => {
    const requests = [...batch].map(([streamId, r]) => ({
      tenantId: r.tenantId,
      streamId,
      events: r.events,
      expectedVersion: r.first === 1 ? ('no-stream' as const) : r.first - 1,
    }))
    batch = new Map()
    size = 0
    return requests
  }
  for (const { streamId, version, event } of log) {
    if (version !== (last.get(streamId) ?? 0) + 1) {
      throw new Error(`Stream ${streamId} jumps to version ${version}; pass the log in order`)
    }
    last.set(streamId, version)
    let request = batch.get(streamId)
    if (request === undefined) {
      request = { tenantId: event.metadata.tenantId, first: version, events: [] }
      batch.set(streamId, request)
    }
    request.events.push({
      eventId: event.metadata.eventId,
      type: event.type,
      schemaVersion: event.metadata.schemaVersion,
      data: event.data as Record<string, unknown>,
      metadata: event.metadata as unknown as Record<string, unknown>,
      recordedAt: event.metadata.recordedAt,
    })
    if (++size >= maxEvents) yield flush()
  }
  if (size > 0) yield flush()
}
