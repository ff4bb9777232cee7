import { CURRENT_SCHEMA_VERSIONS } from '@lagesbild/domain'
import type { JsonObject, NewEvent } from '@lagesbild/event-store'
import type { FormatContext, PlannedEvent, TenantRegistry } from '../formats/format.js'
import { deterministicUuid } from '../ids.js'
import type { ImportCsvOptions } from './types.js'

/** What both passes read: the file, the registry as it was at the start, the shared plan. */
export interface PassInput {
  readonly path: string
  readonly delimiter: ',' | ';'
  readonly registry: TenantRegistry
  readonly now: string
  readonly plan: Map<string, unknown>
  readonly totalBytes: number
}

export const context = (
  options: ImportCsvOptions,
  input: PassInput,
  pass: 1 | 2,
  refer: FormatContext['refer'],
  define: FormatContext['define'],
  claimStream: FormatContext['claimStream'] = () => {},
): FormatContext => ({
  claimStream,
  tenantId: options.tenantId,
  now: input.now,
  registry: input.registry,
  refer,
  define,
  plan: input.plan,
  pass,
})

/** The full domain event for a planned one: the id comes from the natural key. */
export const envelope = (
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

/** The event as the store takes it. */
export const toNewEvent = (
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
