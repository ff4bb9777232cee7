/** Appending test events through the real event store, one stream per aggregate as the domain says. */
import { type DomainEvent, streamIdFor } from '@lagesbild/domain'
import type { EventStoreOperations, JsonObject } from '@lagesbild/event-store'
import type { ProjectionEvent } from '../events.js'

/**
 * Appends events in the given order (one request per event keeps the global order).
 * @returns the events' global positions
 */
export const appendEvents = async (
  store: Pick<EventStoreOperations, 'appendMany'>,
  events: readonly ProjectionEvent[],
): Promise<number[]> => {
  const results = await store.appendMany(
    events.map((e) => ({
      tenantId: e.metadata.tenantId,
      streamId: streamIdFor(e as unknown as DomainEvent),
      expectedVersion: 'any' as const,
      events: [
        {
          eventId: e.metadata.eventId,
          type: e.type,
          schemaVersion: e.type === 'ReportSubmitted' ? 2 : 1,
          data: e.data as JsonObject,
          metadata: e.metadata as unknown as JsonObject,
          recordedAt: e.metadata.recordedAt,
        },
      ],
    })),
  )
  return results.flatMap((r) => r.positions)
}
