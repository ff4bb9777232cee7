import { z } from 'zod'
import { Actor, Instant, TenantId } from '../values.js'

/**
 * Envelope carried by every event. `recordedAt` is transaction time (when the system learned
 * the fact); valid time lives in the event data (`occurredOn`, `startedOn`, …).
 * `schemaVersion` is the version of the event's `data` shape, see `parseEvent` for upcasting.
 */
export const EventMetadata = z
  .object({
    eventId: z.uuid(),
    tenantId: TenantId,
    recordedAt: Instant,
    actor: Actor,
    correlationId: z.uuid(),
    causationId: z.uuid().nullable(),
    schemaVersion: z.int().min(1),
  })
  .meta({ id: 'EventMetadata' })
export type EventMetadata = z.infer<typeof EventMetadata>

/** Builds the schema of one event type: `{ type, data, metadata }`. */
export const defineEvent = <const T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), data, metadata: EventMetadata }).meta({ id: type })
