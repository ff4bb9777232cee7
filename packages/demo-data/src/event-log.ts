import {
  type Actor,
  CURRENT_SCHEMA_VERSIONS,
  type DomainEvent,
  type EventDataOf,
  type EventOf,
  type EventType,
  streamIdFor,
} from '@lagesbild/domain'
import type { Random } from './random/index.js'

/** One event with its stream and its 1-based position in that stream. */
export type LogEntry = {
  readonly streamId: string
  /** 1 for the first event of the stream; append with expectedVersion = version − 1. */
  readonly version: number
  readonly event: DomainEvent
}

/** One stream's events in order. */
export type EventStream = {
  readonly streamId: string
  readonly events: readonly DomainEvent[]
}

/** When an event was recorded: the ISO instant and its epoch milliseconds for ordering. */
export type Stamp = { readonly iso: string; readonly ms: number }

type Pending = { readonly ms: number; readonly seq: number; readonly event: DomainEvent }

/** Collects events in any order and hands them back ordered by recordedAt. */
export type EventCollector = {
  readonly emit: <T extends EventType>(
    type: T,
    data: EventDataOf<T>,
    at: Stamp,
    actor: Actor,
    correlation?: { readonly correlationId?: string; readonly causationId?: string | null },
  ) => EventOf<T>
  /** The whole log by recordedAt (ties in emission order), with stream versions. */
  readonly finish: () => { log: LogEntry[]; streams: EventStream[] }
}

/**
 * @param tenantId written into every event's metadata
 * @param ids the stream event and correlation ids are drawn from
 */
export const createEventCollector = (tenantId: string, ids: Random): EventCollector => {
  const pending: Pending[] = []
  return {
    emit: (type, data, at, actor, correlation = {}) => {
      const event = {
        type,
        data,
        metadata: {
          eventId: ids.uuid(),
          tenantId,
          recordedAt: at.iso,
          actor,
          correlationId: correlation.correlationId ?? ids.uuid(),
          causationId: correlation.causationId ?? null,
          schemaVersion: CURRENT_SCHEMA_VERSIONS[type],
        },
      } as EventOf<typeof type>
      pending.push({ ms: at.ms, seq: pending.length, event })
      return event
    },
    finish: () => {
      pending.sort((a, b) => a.ms - b.ms || a.seq - b.seq)
      const versions = new Map<string, DomainEvent[]>()
      const log: LogEntry[] = []
      for (const { event } of pending) {
        const streamId = streamIdFor(event)
        let events = versions.get(streamId)
        if (events === undefined) {
          events = []
          versions.set(streamId, events)
        }
        events.push(event)
        log.push({ streamId, version: events.length, event })
      }
      return {
        log,
        streams: [...versions].map(([streamId, events]) => ({ streamId, events })),
      }
    },
  }
}
