import { describe, expect, it } from 'vitest'
import type { PlaceRegisteredData } from '../events/place.js'
import { specFor } from '../testing/decider-spec.js'
import { applyPlaceChange, placeDecider } from './place.js'

const given = specFor(placeDecider)

const park: PlaceRegisteredData = {
  placeId: 'vasaparken',
  name: 'Vasaparken',
  level: 'place',
  kind: 'park',
  parentId: 'centrum',
  point: { lat: 58.3247, lon: 15.1266 },
  neighbours: ['gastisparken'],
}
const registered = { type: 'PlaceRegistered', data: park } as const
const register = (data: Partial<PlaceRegisteredData> = {}) =>
  ({ type: 'RegisterPlace', data: { ...park, ...data } }) as const

describe('RegisterPlace', () => {
  it('registers a place below an area', () => {
    given([]).when(register()).then([registered])
  })
  it('registers the municipality as the root', () => {
    const root = {
      ...park,
      placeId: 'linkoping',
      level: 'municipality',
      kind: 'municipality',
    } as const
    given([])
      .when(register({ ...root, parentId: null, neighbours: [] }))
      .then([{ type: 'PlaceRegistered', data: { ...root, parentId: null, neighbours: [] } }])
  })
  it('refuses a root that is not the municipality, and a municipality with a parent', () => {
    given([])
      .when(register({ parentId: null }))
      .thenThrows('invalid-command')
    given([])
      .when(register({ level: 'municipality' }))
      .thenThrows('invalid-command')
  })
  it('refuses an unknown parent, neighbour or buffer target', () => {
    given([])
      .when(register({ parentId: 'atlantis' }))
      .thenThrows('unknown-place')
    given([])
      .when(register({ neighbours: ['atlantis'] }))
      .thenThrows('unknown-place')
    given([])
      .when(register({ bufferOf: ['atlantis'] }))
      .thenThrows('unknown-place')
  })
  it('refuses a place that is its own buffer', () => {
    given([])
      .when(register({ bufferOf: ['vasaparken'] }))
      .thenThrows('invalid-command')
  })
  it('refuses registering twice', () => {
    given([registered]).when(register()).thenThrows('stream-exists')
  })
  it('refuses reporters and analysts', () => {
    given([])
      .when(register(), { actor: { organisationId: 'org-housing', role: 'reporter' } })
      .thenThrows('forbidden')
    given([])
      .when(register(), { actor: { organisationId: 'org-police', role: 'analyst' } })
      .thenThrows('forbidden')
  })
})

describe('ChangePlace', () => {
  it('records the changed fields only', () => {
    const data = { placeId: 'vasaparken', name: 'Vasaparken (norra)', point: null } as const
    given([registered])
      .when({ type: 'ChangePlace', data })
      .then([{ type: 'PlaceChanged', data }])
  })
  it('refuses a change of a missing place', () => {
    given([])
      .when({ type: 'ChangePlace', data: { placeId: 'vasaparken', name: 'X' } })
      .thenThrows('place-not-found')
  })
  it('refuses an empty change', () => {
    given([registered])
      .when({ type: 'ChangePlace', data: { placeId: 'vasaparken' } })
      .thenThrows('invalid-command')
  })
  it('refuses changing a retired place other than reactivating it', () => {
    const retired = {
      type: 'PlaceChanged',
      data: { placeId: 'vasaparken', retired: true },
    } as const
    given([registered, retired])
      .when({ type: 'ChangePlace', data: { placeId: 'vasaparken', name: 'X' } })
      .thenThrows('place-retired')
    given([registered, retired])
      .when({ type: 'ChangePlace', data: { placeId: 'vasaparken', retired: false } })
      .then([{ type: 'PlaceChanged', data: { placeId: 'vasaparken', retired: false } }])
  })
  it('refuses removing the parent of a non-root place', () => {
    given([registered])
      .when({ type: 'ChangePlace', data: { placeId: 'vasaparken', parentId: null } })
      .thenThrows('invalid-command')
  })
})

describe('applyPlaceChange', () => {
  it('replaces present fields and removes nulled optional ones', () => {
    expect(
      applyPlaceChange(park, { placeId: 'vasaparken', name: 'Ny', point: null, retired: true }),
    ).toEqual({
      ...Object.fromEntries(Object.entries(park).filter(([k]) => k !== 'point')),
      name: 'Ny',
    })
  })
})
