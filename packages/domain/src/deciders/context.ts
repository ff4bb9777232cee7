import { z } from 'zod'
import { addDays, dateOfInstant } from '../dates.js'
import { DomainError } from '../errors.js'
import type { AssessmentScale } from '../events/config.js'
import {
  CURRENT_SCHEMA_VERSIONS,
  type DomainEvent,
  type EventDataOf,
  type EventOf,
  type EventType,
} from '../events/index.js'
import { findPersonalIdentityNumber } from '../personal-identity-number.js'
import type { Actor, Role } from '../values.js'

/** Builds the schema of one command: `{ type, data }`. */
export const defineCommand = <const T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), data }).meta({ id: type })

/** Anything with `has`: a Set, a Map, or a read-model lookup. */
export type IdLookup = { readonly has: (id: string) => boolean }

/**
 * Cross-stream facts the caller looks up in read models before deciding. Lookups hold what may
 * be referenced now: active places, active category codes, registered organisations.
 */
export type Registry = {
  readonly places: IdLookup
  readonly categories: IdLookup
  readonly organisations: IdLookup
  /** When given, a measure's `problemId` must be in it. */
  readonly problems?: IdLookup
  /** When given, observation assessments must be values on this scale. */
  readonly assessmentScale?: AssessmentScale
}

/**
 * A sensible `futureToleranceDays`: one day absorbs clock and time-zone skew between a
 * reporter's device and the server without letting typos a year ahead through.
 */
export const DEFAULT_FUTURE_TOLERANCE_DAYS = 1

/** Everything a decider needs besides the command and the stream's state. */
export type DecideContext = {
  /** The current instant, ISO-8601 with offset; becomes `recordedAt`. */
  readonly now: string
  readonly tenantId: string
  readonly actor: Actor
  readonly correlationId: string
  readonly causationId: string | null
  readonly ids: { readonly newEventId: () => string }
  readonly registry: Registry
  /** How many days past today a valid-time date may lie (clock skew, planned events). */
  readonly futureToleranceDays: number
}

/** An Emmett-style decider over one aggregate's stream. */
export type Decider<State, Command, Event extends DomainEvent = DomainEvent> = {
  readonly initialState: () => State
  readonly evolve: (state: State, event: Event) => State
  readonly decide: (command: Command, state: State, context: DecideContext) => Event[]
}

export const emit = <T extends EventType>(
  type: T,
  data: EventDataOf<T>,
  context: DecideContext,
): EventOf<T> =>
  ({
    type,
    data,
    metadata: {
      eventId: context.ids.newEventId(),
      tenantId: context.tenantId,
      recordedAt: context.now,
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId,
      schemaVersion: CURRENT_SCHEMA_VERSIONS[type],
    },
  }) as EventOf<T>

export const requireNoPersonalIdentityNumber = (data: unknown): void => {
  const field = findPersonalIdentityNumber(data)
  if (field !== undefined) {
    throw new DomainError(
      'personal-identity-number',
      `The text in "${field}" looks like a Swedish personal identity number. ` +
        'Reports are about places and situations, never about persons: remove it.',
      { field },
    )
  }
}

export const requireNotInFuture = (date: string, field: string, context: DecideContext): void => {
  const latest = addDays(dateOfInstant(context.now), context.futureToleranceDays)
  if (date > latest) {
    throw new DomainError('date-in-future', `${field} ${date} lies after ${latest}`, {
      field,
      date,
      latest,
    })
  }
}

export const requireOrder = (
  start: string | undefined,
  end: string | undefined,
  field: string,
): void => {
  if (start !== undefined && end !== undefined && end < start) {
    throw new DomainError('end-before-start', `${field}: ${end} is before ${start}`, {
      field,
      start,
      end,
    })
  }
}

export const requireKnown = (
  lookup: IdLookup,
  ids: readonly string[] | undefined,
  code: 'unknown-place' | 'unknown-category' | 'unknown-organisation' | 'unknown-problem',
  field: string,
): void => {
  for (const id of ids ?? []) {
    if (!lookup.has(id)) {
      throw new DomainError(code, `${field}: "${id}" is not registered`, { field, id })
    }
  }
}

/** Reporters report; everything else belongs to the other roles. */
export const requireNotReporter = (context: DecideContext, what: string): void => {
  if (context.actor.role === 'reporter') {
    throw new DomainError('forbidden', `A reporter may not ${what}`, { role: 'reporter' })
  }
}

export const requireRole = (context: DecideContext, roles: readonly Role[], what: string): void => {
  if (!roles.includes(context.actor.role)) {
    throw new DomainError('forbidden', `Role ${context.actor.role} may not ${what}`, {
      role: context.actor.role,
      allowed: roles,
    })
  }
}

export const streamExists = (what: string, id: string): DomainError =>
  new DomainError('stream-exists', `${what} "${id}" already exists`, { id })
