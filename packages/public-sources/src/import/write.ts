import type { AppendRequest, EventStore, NewEvent } from '@lagesbild/event-store'
import { type PlannedEvent, type PublicSource, toNewEvent } from './planned.js'

/** Events per transaction: large enough for COPY, small enough to resume cheaply. */
export const DEFAULT_CHUNK_EVENTS = 2000

const existingIds = async (store: EventStore, ids: readonly string[]): Promise<Set<string>> => {
  if (ids.length === 0) return new Set()
  const rows = await store.db
    .selectFrom('events')
    .select('event_id')
    .where('event_id', 'in', ids)
    .execute()
  return new Set(rows.map((r) => r.event_id.toLowerCase()))
}

/**
 * Appends planned events chunk by chunk, each chunk in one transaction, leaving out those already
 * stored (same deterministic id): a re-run writes nothing and a broken-off run resumes.
 */
export const appendPlanned = async (
  store: EventStore,
  args: {
    readonly tenantId: string
    readonly source: PublicSource
    readonly actorOrganisationId: string
    readonly correlationId: string
    readonly events: readonly PlannedEvent[]
    readonly chunkEvents?: number
  },
): Promise<{ readonly appended: number; readonly skipped: number; readonly chunks: number }> => {
  const size = args.chunkEvents ?? DEFAULT_CHUNK_EVENTS
  let appended = 0
  let skipped = 0
  let chunks = 0
  for (let start = 0; start < args.events.length; start += size) {
    const chunk = args.events
      .slice(start, start + size)
      .map((p) =>
        toNewEvent(args.tenantId, args.source, args.actorOrganisationId, args.correlationId, p),
      )
    const stored = await existingIds(
      store,
      chunk.map((c) => c.event.eventId),
    )
    const requests: AppendRequest[] = []
    for (const { streamId, event } of chunk) {
      if (stored.has(event.eventId)) continue
      const last = requests.at(-1)
      if (last !== undefined && last.streamId === streamId) (last.events as NewEvent[]).push(event)
      else {
        requests.push({
          tenantId: args.tenantId,
          streamId,
          events: [event],
          expectedVersion: 'any',
        })
      }
    }
    if (requests.length > 0) await store.appendMany(requests)
    const fresh = requests.reduce((n, r) => n + r.events.length, 0)
    appended += fresh
    skipped += chunk.length - fresh
    chunks++
  }
  return { appended, skipped, chunks }
}
