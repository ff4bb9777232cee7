import { CURRENT_SCHEMA_VERSIONS, type EventType, streamIdFor } from '@lagesbild/domain'
import type { JsonObject, NewEvent } from '@lagesbild/event-store'
import { contentHash, publicSourceUuid } from '../shared/ids.js'

/** The public sources this package imports. */
export type PublicSource = 'bra-indicators' | 'police-events' | 'police-crimes'

/** A domain event an import will write, before it has an envelope. */
export interface PlannedEvent {
  readonly type: EventType
  readonly data: JsonObject
  /** Knowledge time: when the fact became known (publication, registration, first sighting). */
  readonly recordedAt: string
  /** The natural id in the source (`423516`, `bra-ntu-2024#0`, …). */
  readonly naturalId: string
  /** Extra parts that tell two events of one natural id apart, e.g. a correction's time. */
  readonly distinguish?: readonly string[]
}

/**
 * The event id: tenant, source, type, natural id and a hash of the content. The same content
 * re-imported gives the same id (and is skipped); changed content gives a new one.
 */
export const plannedEventId = (tenantId: string, source: PublicSource, p: PlannedEvent): string =>
  publicSourceUuid(
    tenantId,
    source,
    p.type,
    p.naturalId,
    contentHash(p.data),
    ...(p.distinguish ?? []),
  )

/** The envelope the store takes; the correlation id ties every event of one import together. */
export const toNewEvent = (
  tenantId: string,
  source: PublicSource,
  actorOrganisationId: string,
  correlationId: string,
  p: PlannedEvent,
): { readonly streamId: string; readonly event: NewEvent } => {
  const eventId = plannedEventId(tenantId, source, p)
  const schemaVersion = CURRENT_SCHEMA_VERSIONS[p.type]
  return {
    streamId: streamIdFor({ type: p.type, data: p.data } as Parameters<typeof streamIdFor>[0]),
    event: {
      eventId,
      type: p.type,
      schemaVersion,
      data: p.data,
      metadata: {
        eventId,
        tenantId,
        recordedAt: p.recordedAt,
        actor: { organisationId: actorOrganisationId, role: 'system' },
        correlationId,
        causationId: null,
        schemaVersion,
      },
      recordedAt: p.recordedAt,
    },
  }
}
