import { z } from 'zod'
import { DomainError } from '../errors.js'
import {
  PlaceChangedData,
  type PlaceChanged as PlaceChangedEvent,
  PlaceRegisteredData,
  type PlaceRegistered as PlaceRegisteredEvent,
} from '../events/place.js'
import {
  type DecideContext,
  type Decider,
  defineCommand,
  emit,
  requireKnown,
  requireNoPersonalIdentityNumber,
  requireRole,
  streamExists,
} from './context.js'

/** Register a municipality, area or place. */
export const RegisterPlace = defineCommand('RegisterPlace', PlaceRegisteredData)
export type RegisterPlace = z.infer<typeof RegisterPlace>
/** Change some attributes of a place, or retire it. */
export const ChangePlace = defineCommand('ChangePlace', PlaceChangedData)
export type ChangePlace = z.infer<typeof ChangePlace>

export const PlaceCommand = z
  .discriminatedUnion('type', [RegisterPlace, ChangePlace])
  .meta({ id: 'PlaceCommand' })
export type PlaceCommand = z.infer<typeof PlaceCommand>

export type PlaceEvent = PlaceRegisteredEvent | PlaceChangedEvent

export type PlaceState =
  | { readonly status: 'absent' }
  | { readonly status: 'active' | 'retired'; readonly place: PlaceRegisteredData }

const PLACE_ADMINS = ['admin', 'coordinator', 'system'] as const

const requireRelationsValid = (
  placeId: string,
  data: {
    readonly bufferOf?: readonly string[] | undefined
    readonly neighbours?: readonly string[] | undefined
    readonly parentId?: string | null | undefined
  },
  context: DecideContext,
): void => {
  const { places } = context.registry
  for (const field of ['bufferOf', 'neighbours'] as const) {
    if (data[field]?.includes(placeId)) {
      throw new DomainError('invalid-command', `${field}: a place cannot refer to itself`, {
        field,
      })
    }
    requireKnown(places, data[field], 'unknown-place', field)
  }
  if (data.parentId === placeId) {
    throw new DomainError('invalid-command', 'parentId: a place cannot be its own parent', {
      field: 'parentId',
    })
  }
  if (data.parentId !== undefined && data.parentId !== null) {
    requireKnown(places, [data.parentId], 'unknown-place', 'parentId')
  }
}

const decide = (command: PlaceCommand, state: PlaceState, context: DecideContext): PlaceEvent[] => {
  requireRole(context, PLACE_ADMINS, 'register or change places')
  switch (command.type) {
    case 'RegisterPlace': {
      const { data } = command
      if (state.status !== 'absent') throw streamExists('Place', data.placeId)
      // Only the municipality is a root; everything else hangs below something.
      if ((data.level === 'municipality') !== (data.parentId === null)) {
        throw new DomainError(
          'invalid-command',
          'parentId must be null for the municipality and set for areas and places',
          { field: 'parentId' },
        )
      }
      requireRelationsValid(data.placeId, data, context)
      requireNoPersonalIdentityNumber(data)
      return [emit('PlaceRegistered', data, context)]
    }
    case 'ChangePlace': {
      const { data } = command
      if (state.status === 'absent') {
        throw new DomainError('place-not-found', `Place "${data.placeId}" does not exist`, {
          placeId: data.placeId,
        })
      }
      const { placeId: _, ...changes } = data
      if (Object.keys(changes).length === 0) {
        throw new DomainError('invalid-command', 'ChangePlace needs at least one change', {})
      }
      if (state.status === 'retired' && data.retired !== false) {
        throw new DomainError(
          'place-retired',
          `Place "${data.placeId}" is retired; reactivate it with retired: false first`,
          { placeId: data.placeId },
        )
      }
      if (state.place.level === 'municipality' && data.parentId !== undefined) {
        throw new DomainError('invalid-command', 'The municipality has no parent', {
          field: 'parentId',
        })
      }
      if (state.place.level !== 'municipality' && data.parentId === null) {
        throw new DomainError('invalid-command', 'Areas and places need a parent', {
          field: 'parentId',
        })
      }
      requireRelationsValid(data.placeId, data, context)
      requireNoPersonalIdentityNumber(data)
      return [emit('PlaceChanged', data, context)]
    }
  }
}

/** Applies a PlaceChanged to a place: present fields replace, `null` removes. */
export const applyPlaceChange = (
  place: PlaceRegisteredData,
  change: PlaceChangedData,
): PlaceRegisteredData => {
  const next: Record<string, unknown> = { ...place }
  for (const [key, value] of Object.entries(change)) {
    if (key === 'retired' || key === 'placeId' || value === undefined) continue
    if (value === null && key !== 'parentId') delete next[key]
    else next[key] = value
  }
  return next as PlaceRegisteredData
}

const evolve = (state: PlaceState, event: PlaceEvent): PlaceState => {
  switch (event.type) {
    case 'PlaceRegistered':
      return { status: 'active', place: event.data }
    case 'PlaceChanged': {
      if (state.status === 'absent') return state
      const retired = event.data.retired ?? state.status === 'retired'
      return {
        status: retired ? 'retired' : 'active',
        place: applyPlaceChange(state.place, event.data),
      }
    }
  }
}

/**
 * The place aggregate (stream `place-<placeId>`): municipality → area → place.
 * @throws DomainError forbidden, stream-exists, invalid-command, unknown-place,
 * place-not-found, place-retired, personal-identity-number
 * @example placeDecider.decide({ type: 'RegisterPlace', data }, placeDecider.initialState(), ctx)
 */
export const placeDecider: Decider<PlaceState, PlaceCommand, PlaceEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve,
  decide,
}
