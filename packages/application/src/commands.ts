import { randomUUID } from 'node:crypto'
import {
  type Actor,
  type Command,
  type DomainEvent,
  decideCommand,
  parseEvent,
  streamIdForCommand,
} from '@lagesbild/domain'
import {
  type EventStore,
  type EventStoreTransaction,
  isWrongExpectedVersionError,
  type JsonObject,
  type NewEvent,
  type StoredEvent,
  WrongExpectedVersionError,
} from '@lagesbild/event-store'
import type { ProjectionRunner } from '@lagesbild/projections'
import { loadRegistry } from './registry/lookup.js'

/** Who asks, and how the request is traced. */
export interface CommandOptions {
  readonly tenantId: string
  readonly actor: Actor
  /** Ties the events to the request that caused them (e.g. the HTTP request id). */
  readonly correlationId?: string
  /**
   * The stream version the caller last saw (HTTP If-Match). When given, a mismatch is a
   * conflict and nothing is retried; without it a concurrent write is retried on fresh state.
   */
  readonly expectedVersion?: number
  /**
   * Runs first inside the command's transaction (e.g. claiming an Idempotency-Key); throwing
   * aborts the command with nothing written.
   */
  readonly before?: (db: EventStoreTransaction['db']) => Promise<void>
  /**
   * Runs inside the command's transaction after the append, before commit (e.g. storing the
   * response for an Idempotency-Key), so it commits or is lost together with the events.
   */
  readonly after?: (db: EventStoreTransaction['db'], result: CommandResult) => Promise<void>
}

export interface CommandResult {
  readonly streamId: string
  /** The stream's version after the command: the caller's next If-Match. */
  readonly streamVersion: number
  readonly events: readonly DomainEvent[]
  readonly positions: readonly number[]
}

export interface CommandHandlerOptions {
  readonly store: EventStore
  /** Keeps the read models in step within the command's transaction (read-your-writes). */
  readonly runner: ProjectionRunner
  /** The clock; injectable so tests and imports of history can fix `recordedAt`. */
  readonly now?: () => Date
  /** How many days ahead a valid-time date may lie (planned events, clock skew). Default 1. */
  readonly futureToleranceDays?: number
  /** Attempts when another writer got to the stream first (default 3). */
  readonly maxAttempts?: number
}

/** Converts a domain event into the store's generic shape. */
export const toNewEvent = (event: DomainEvent): NewEvent => ({
  eventId: event.metadata.eventId,
  type: event.type,
  schemaVersion: event.metadata.schemaVersion,
  data: event.data as unknown as JsonObject,
  metadata: event.metadata as unknown as JsonObject,
  recordedAt: event.metadata.recordedAt,
})

/** Parses a stored event back into a (current-version) domain event. */
export const fromStoredEvent = (event: StoredEvent): DomainEvent =>
  parseEvent({ type: event.type, data: event.data, metadata: event.metadata })

/**
 * Builds the one way commands reach the log: read the stream, decide, append with the version
 * read, and update the read models — all in one transaction, so a caller that got an answer
 * reads its own write and a failed command leaves no trace.
 *
 * @example
 * const execute = createCommandHandler({ store, runner })
 * const { streamVersion } = await execute(command, { tenantId: 'demo', actor })
 */
export function createCommandHandler(options: CommandHandlerOptions) {
  const now = options.now ?? (() => new Date())
  const maxAttempts = options.maxAttempts ?? 3
  const futureToleranceDays = options.futureToleranceDays ?? 1

  /**
   * @param command a command already validated against the domain's `Command` schema
   * @param opts tenant, actor, correlation id and optional expected version
   * @throws DomainError when a business rule is broken (nothing written)
   * @throws WrongExpectedVersionError when `expectedVersion` is stale, or after `maxAttempts`
   *   lost races
   */
  return async function execute(command: Command, opts: CommandOptions): Promise<CommandResult> {
    const streamId = streamIdForCommand(command)
    const ref = { tenantId: opts.tenantId, streamId }
    const correlationId = opts.correlationId ?? randomUUID()
    for (let attempt = 1; ; attempt++) {
      try {
        return await options.store.transaction(async (tx) => {
          await opts.before?.(tx.db)
          const stored = await tx.readStream(ref)
          const version = stored.at(-1)?.streamVersion ?? 0
          if (opts.expectedVersion !== undefined && opts.expectedVersion !== version) {
            // Fail before deciding: the caller edited a state that is no longer current.
            throw new WrongExpectedVersionError(
              opts.tenantId,
              streamId,
              opts.expectedVersion,
              version,
            )
          }
          const registry = await loadRegistry(tx.db, opts.tenantId)
          const decided = decideCommand(command, stored.map(fromStoredEvent), {
            now: now().toISOString(),
            tenantId: opts.tenantId,
            actor: opts.actor,
            correlationId,
            causationId: null,
            ids: { newEventId: randomUUID },
            registry,
            futureToleranceDays,
          })
          if (decided.events.length === 0) {
            const unchanged = { streamId, streamVersion: version, events: [], positions: [] }
            await opts.after?.(tx.db, unchanged)
            return unchanged
          }
          const result = await tx.append(ref, decided.events.map(toNewEvent), {
            expectedVersion: version === 0 ? 'no-stream' : version,
          })
          await options.runner.applyInline(tx.db)
          const done = {
            streamId,
            streamVersion: result.streamVersion,
            events: decided.events,
            positions: result.positions,
          }
          await opts.after?.(tx.db, done)
          return done
        })
      } catch (error) {
        const retry =
          isWrongExpectedVersionError(error) &&
          opts.expectedVersion === undefined &&
          attempt < maxAttempts
        if (!retry) throw error
      }
    }
  }
}

export type CommandHandler = ReturnType<typeof createCommandHandler>
