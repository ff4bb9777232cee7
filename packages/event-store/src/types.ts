import type { ExpectedVersion } from './errors.js'

/** Any JSON value. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue }

/** A JSON object, the shape of event `data` and `metadata`. */
export type JsonObject = { [key: string]: JsonValue }

/** A stream is identified per tenant. */
export interface StreamRef {
  readonly tenantId: string
  readonly streamId: string
}

/** An event as the caller hands it to `append`. */
export interface NewEvent {
  /** UUID chosen by the caller; makes appends idempotent. */
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly data: JsonObject
  readonly metadata: JsonObject
  /** ISO 8601 instant. */
  readonly recordedAt: string
}

/** An event as stored, with its place in the stream and in the global order. */
export interface StoredEvent {
  readonly globalPosition: number
  readonly tenantId: string
  readonly streamId: string
  /** 1 for a stream's first event. */
  readonly streamVersion: number
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly data: JsonObject
  readonly metadata: JsonObject
  /** ISO 8601 instant in UTC with millisecond precision. */
  readonly recordedAt: string
}

export interface AppendOptions {
  /** A number n: the stream's current version must be n. 'no-stream': it must not exist. */
  readonly expectedVersion: ExpectedVersion
}

export interface AppendResult {
  /** The stream's version after the append (or the stored version of the last event on a replay). */
  readonly streamVersion: number
  /** Global positions of the events, in the order given. */
  readonly positions: number[]
  /** false when every event was already stored (an idempotent replay) and nothing was written. */
  readonly appended: boolean
}

/** One stream's share of an `appendMany` batch. */
export interface AppendRequest extends StreamRef {
  readonly events: readonly NewEvent[]
  readonly expectedVersion: ExpectedVersion
}

export interface ReadAllOptions {
  /** Return events with globalPosition strictly greater than this (default 0). */
  readonly after?: number
  /** At most this many events (default 1000). */
  readonly limit?: number
  /** Only this tenant's events. */
  readonly tenantId?: string
}

export interface ReadStreamOptions {
  /** First version to return (default 1). */
  readonly fromVersion?: number
  /** Last version to return, inclusive (default: all). */
  readonly upToVersion?: number
}
