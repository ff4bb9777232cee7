/**
 * Typed errors of the event store. Each carries a stable `code` so callers (the API maps
 * them to HTTP once) can branch without `instanceof` across package copies.
 */
export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_VERSION'
  | 'EVENT_ID_CONFLICT'
  | 'STORE_LOCKED'
  | 'INVALID_APPEND'

/** Base class of every error the event store throws on purpose. */
export class EventStoreError extends Error {
  readonly code: EventStoreErrorCode

  constructor(code: EventStoreErrorCode, message: string) {
    super(message)
    this.name = new.target.name
    this.code = code
  }
}

/** What the caller expected a stream's version to be. */
export type ExpectedVersion = number | 'no-stream' | 'any'

/** The stream's version did not match `expectedVersion`; nothing was written. */
export class WrongExpectedVersionError extends EventStoreError {
  readonly tenantId: string
  readonly streamId: string
  readonly expected: ExpectedVersion
  /** Current version of the stream; 0 when it does not exist. */
  readonly actual: number

  constructor(tenantId: string, streamId: string, expected: ExpectedVersion, actual: number) {
    super(
      'WRONG_EXPECTED_VERSION',
      `stream ${tenantId}/${streamId}: expected version ${String(expected)}, actual ${actual === 0 ? 'no-stream' : actual}`,
    )
    this.tenantId = tenantId
    this.streamId = streamId
    this.expected = expected
    this.actual = actual
  }
}

/**
 * An eventId is already stored with different content or in another place, or only some
 * of a batch's eventIds are stored. Nothing was written.
 */
export class EventIdConflictError extends EventStoreError {
  readonly eventId: string

  constructor(eventId: string, reason: string) {
    super('EVENT_ID_CONFLICT', `event ${eventId}: ${reason}`)
    this.eventId = eventId
  }
}

/** Who holds a PGlite data directory. */
export interface LockHolder {
  readonly pid: number
  readonly hostname: string
  readonly startedAt: string
}

/** The PGlite data directory is in use by another live process. */
export class StoreLockedError extends EventStoreError {
  readonly dataDir: string
  readonly holder: LockHolder

  constructor(dataDir: string, holder: LockHolder, lockFile: string) {
    super(
      'STORE_LOCKED',
      `PGlite data directory ${dataDir} is in use by pid ${holder.pid} on ${holder.hostname} ` +
        `(since ${holder.startedAt}). Stop that process, or set DATABASE_URL to use a PostgreSQL ` +
        `server. If you are sure no process uses it, delete ${lockFile}.`,
    )
    this.dataDir = dataDir
    this.holder = holder
  }
}

/** An append request is malformed (empty stream id, duplicate eventIds in one batch, …). */
export class InvalidAppendError extends EventStoreError {
  constructor(message: string) {
    super('INVALID_APPEND', message)
  }
}

const hasCode = (error: unknown, code: EventStoreErrorCode): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code

/** @param error anything caught @returns whether it is a {@link WrongExpectedVersionError} */
export const isWrongExpectedVersionError = (error: unknown): error is WrongExpectedVersionError =>
  hasCode(error, 'WRONG_EXPECTED_VERSION')

/** @param error anything caught @returns whether it is an {@link EventIdConflictError} */
export const isEventIdConflictError = (error: unknown): error is EventIdConflictError =>
  hasCode(error, 'EVENT_ID_CONFLICT')

/** @param error anything caught @returns whether it is a {@link StoreLockedError} */
export const isStoreLockedError = (error: unknown): error is StoreLockedError =>
  hasCode(error, 'STORE_LOCKED')

/** @param error anything caught @returns whether it is an {@link InvalidAppendError} */
export const isInvalidAppendError = (error: unknown): error is InvalidAppendError =>
  hasCode(error, 'INVALID_APPEND')
